package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// requireNoLogin checks that tx finds no account accountID, no login of
// the person personID and no credentials of the account.
func requireNoLogin(t *testing.T, tx auth.Tx, accountID, personID string) {
	t.Helper()
	_, err := tx.Accounts().Get(ctx, accountID)
	requireCode(t, err, carenet.NotFound, "the account")
	_, err = tx.Accounts().ByPerson(ctx, personID)
	requireCode(t, err, carenet.NotFound, "the person's login")
	_, err = tx.Accounts().Credentials(ctx, accountID)
	requireCode(t, err, carenet.NotFound, "the credentials")
}

// testAccountRemove: Remove deletes an account with its sessions, links
// and credentials, leaves other accounts' sessions alone, frees the person
// and the username for a new login, and is NotFound for a missing one.
func testAccountRemove(t *testing.T, s Store) {
	p, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "grace")
	update(t, s.Auth(), func(tx auth.Tx) error {
		if err := tx.PasswordTokens().Create(ctx, NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0))); err != nil {
			return err
		}
		if err := tx.Sessions().Create(ctx, NewSession("s-1", a.ID, hashOf("s-1"), at(0))); err != nil {
			return err
		}
		return tx.Sessions().Create(ctx, NewSession("s-2", b.ID, hashOf("s-2"), at(0)))
	})
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().Remove(ctx, a.ID) })
	view(t, s.Auth(), func(tx auth.Tx) error {
		requireNoLogin(t, tx, a.ID, p.ID)
		_, err := tx.PasswordTokens().Find(ctx, hashOf("t-1"))
		requireCode(t, err, carenet.NotFound, "the account's links were kept")
		_, err = tx.Sessions().Lookup(ctx, hashOf("s-1"))
		requireCode(t, err, carenet.NotFound, "the account's sessions were kept")
		other, err := tx.Sessions().Lookup(ctx, hashOf("s-2"))
		require.NoError(t, err, "another account's session")
		require.Equal(t, "s-2", other.Session.ID)
		return nil
	})
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, NewAccount("a-new", p.ID, a.Username), NewCredentials("a-new"))
	})
	err := s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.Accounts().Remove(ctx, "a-missing") })
	requireCode(t, err, carenet.NotFound)
}
