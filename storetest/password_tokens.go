package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

var passwordTokenCases = []testCase{
	{"CreateAndFind", testTokenCreateAndFind},
	{"Consume", testTokenConsume},
	{"InvalidateAll", testTokenInvalidateAll},
}

func findToken(t *testing.T, s Store, hash string) auth.PasswordToken {
	t.Helper()
	return viewValue(t, s.Auth(), func(tx auth.Tx) (auth.PasswordToken, error) { return tx.PasswordTokens().Find(ctx, hash) })
}

// createLinks stores password links in tx and fails the test on an error.
func createLinks(t *testing.T, tx auth.Tx, links ...auth.PasswordToken) {
	t.Helper()
	for _, l := range links {
		require.NoError(t, tx.PasswordTokens().Create(ctx, l))
	}
}

// linksToInvalidate returns the links an invalidation of owner's links
// meets: "t-1" and "t-2" of owner unused, "t-3" of owner used at usedAt,
// and "t-4" of other unused.
func linksToInvalidate(owner, other string, usedAt time.Time) []auth.PasswordToken {
	used := NewPasswordToken("t-3", owner, hashOf("t-3"), at(0))
	used.UsedAt = &usedAt
	return []auth.PasswordToken{
		NewPasswordToken("t-1", owner, hashOf("t-1"), at(0)),
		NewPasswordToken("t-2", owner, hashOf("t-2"), at(0)),
		used,
		NewPasswordToken("t-4", other, hashOf("t-4"), at(0)),
	}
}

func testTokenCreateAndFind(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	l := NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0))
	l.Purpose, l.CreatedBy, l.HandedTo = auth.PurposeSetPassword, "p-admin", "a-admin"
	used := NewPasswordToken("t-2", a.ID, hashOf("t-2"), at(0))
	used.UsedAt = ptr(at(time.Minute))
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.PasswordTokens().Create(ctx, l))
		return tx.PasswordTokens().Create(ctx, used)
	})
	requireEqual(t, l, findToken(t, s, l.TokenHash))
	requireEqual(t, used, findToken(t, s, used.TokenHash), "Find returns used links too")
	err := s.Auth().View(ctx, func(tx auth.Tx) error {
		_, err := tx.PasswordTokens().Find(ctx, hashOf("unknown"))
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testTokenConsume(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	l := NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0))
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.PasswordTokens().Create(ctx, l) })
	consume := func(hash string, when time.Time) (auth.PasswordToken, error) {
		var got auth.PasswordToken
		err := s.Auth().Update(ctx, func(tx auth.Tx) (err error) {
			got, err = tx.PasswordTokens().Consume(ctx, hash, when)
			return err
		})
		return got, err
	}
	got, err := consume(l.TokenHash, at(time.Minute))
	require.NoError(t, err)
	l.UsedAt = ptr(at(time.Minute))
	requireEqual(t, l, got)
	requireEqual(t, l, findToken(t, s, l.TokenHash))
	_, err = consume(l.TokenHash, at(2*time.Minute))
	requireCode(t, err, carenet.NotFound, "a link was used twice")
	requireEqual(t, l, findToken(t, s, l.TokenHash), "a second use changed the link")
	_, err = consume(hashOf("unknown"), at(0))
	requireCode(t, err, carenet.NotFound)
}

func testTokenInvalidateAll(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "grace")
	earlier := at(-time.Hour)
	update(t, s.Auth(), func(tx auth.Tx) error {
		createLinks(t, tx, linksToInvalidate(a.ID, b.ID, earlier)...)
		return nil
	})
	when := at(time.Hour)
	invalidate := func() int {
		return updateValue(t, s.Auth(), func(tx auth.Tx) (int, error) { return tx.PasswordTokens().InvalidateAll(ctx, a.ID, when) })
	}
	require.Equal(t, 2, invalidate())
	for id, want := range map[string]*time.Time{"t-1": &when, "t-2": &when, "t-3": &earlier, "t-4": nil} {
		requireEqual(t, want, findToken(t, s, hashOf(id)).UsedAt, id)
	}
	require.Equal(t, 0, invalidate())
}
