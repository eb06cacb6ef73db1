package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

var sessionCases = []testCase{
	{"CreateAndLookup", testSessionCreateAndLookup},
	{"LookupNotFound", testSessionLookupNotFound},
	{"LookupInactivePerson", testSessionLookupInactivePerson},
	{"LookupRevokedAndExpired", testSessionLookupRevokedAndExpired},
	{"Touch", testSessionTouch},
	{"Reauthenticated", testSessionReauthenticated},
	{"Revoke", testSessionRevoke},
	{"RevokeAll", testSessionRevokeAll},
	{"RevokeAllPlain", func(t *testing.T, s Store) { testSessionRevokeAll(t, Plain(s)) }},
	{"ListByAccount", testSessionListByAccount},
	{"SessionLooker", testSessionLooker},
}

// lookupFixture stores a person with a middle name, a custom security group
// and an account in it and a built-in group, and a session of the account.
func lookupFixture(t *testing.T, s Store) (auth.SessionFacts, string) {
	t.Helper()
	p := NewPerson("p-1", "Ada", "Lovelace")
	p.MiddleName = "Augusta"
	sg := intake()
	a := NewAccount("a-1", p.ID, "ada", sg.ID, auth.AdministratorGroup)
	sess := NewSession("s-1", a.ID, hashOf("s-1"), at(0))
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.People().Create(ctx, p))
		require.NoError(t, tx.SecurityGroups().Create(ctx, sg))
		require.NoError(t, tx.Accounts().Create(ctx, a, NewCredentials(a.ID)))
		return tx.Sessions().Create(ctx, sess)
	})
	a.Version, sg.Version = 1, 1
	admin := viewValue(t, s.Auth(), func(tx auth.Tx) (auth.SecurityGroup, error) {
		return auth.SecurityGroupByID(ctx, tx.SecurityGroups(), auth.AdministratorGroup)
	})
	return auth.SessionFacts{
		Session: sess,
		Account: a,
		Holder:  auth.Holder{PersonID: p.ID, Active: true, Names: []string{"Ada", "Augusta", "Lovelace"}},
		Groups:  []auth.SecurityGroup{sg, admin},
	}, sess.TokenHash
}

// createSessions stores sessions in tx and fails the test on an error.
func createSessions(t *testing.T, tx auth.Tx, sessions ...auth.Session) {
	t.Helper()
	for _, sess := range sessions {
		require.NoError(t, tx.Sessions().Create(ctx, sess))
	}
}

// withRevoked returns sess revoked at when for reason.
func withRevoked(sess auth.Session, when time.Time, reason string) auth.Session {
	sess.RevokedAt, sess.RevokedReason = &when, reason
	return sess
}

func lookup(t *testing.T, s Store, hash string) auth.SessionFacts {
	t.Helper()
	return viewValue(t, s.Auth(), func(tx auth.Tx) (auth.SessionFacts, error) { return tx.Sessions().Lookup(ctx, hash) })
}

func testSessionCreateAndLookup(t *testing.T, s Store) {
	want, hash := lookupFixture(t, s)
	requireEqual(t, want, lookup(t, s, hash))
}

func testSessionLookupNotFound(t *testing.T, s Store) {
	lookupFixture(t, s)
	err := s.Auth().View(ctx, func(tx auth.Tx) error {
		_, err := tx.Sessions().Lookup(ctx, hashOf("unknown"))
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testSessionLookupInactivePerson(t *testing.T, s Store) {
	want, hash := lookupFixture(t, s)
	setState(t, s, want.Holder.PersonID, personnel.Inactive)
	want.Holder.Active = false
	requireEqual(t, want, lookup(t, s, hash))
}

func testSessionLookupRevokedAndExpired(t *testing.T, s Store) {
	want, _ := lookupFixture(t, s)
	old := NewSession("s-old", want.Account.ID, hashOf("s-old"), at(-48*time.Hour))
	revoked := NewSession("s-revoked", want.Account.ID, hashOf("s-revoked"), at(0))
	revoked.RevokedAt, revoked.RevokedReason = ptr(at(time.Minute)), "password_changed"
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.Sessions().Create(ctx, old))
		return tx.Sessions().Create(ctx, revoked)
	})
	want.Session = old
	requireEqual(t, want, lookup(t, s, old.TokenHash), "an expired session")
	want.Session = revoked
	requireEqual(t, want, lookup(t, s, revoked.TokenHash), "a revoked session")
}

func testSessionTouch(t *testing.T, s Store) {
	want, hash := lookupFixture(t, s)
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Sessions().Touch(ctx, want.Session.ID, at(10*time.Minute)) })
	want.Session.LastSeenAt = at(10 * time.Minute)
	requireEqual(t, want.Session, lookup(t, s, hash).Session)
	err := s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.Sessions().Touch(ctx, "s-missing", at(0)) })
	requireCode(t, err, carenet.NotFound)
}

// testSessionReauthenticated: the session's AuthenticatedAt and LastSeenAt
// move to the time, and nothing else of it or of another session does.
func testSessionReauthenticated(t *testing.T, s Store) {
	want, hash := lookupFixture(t, s)
	other := NewSession("s-other", want.Account.ID, hashOf("s-other"), at(0))
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Sessions().Create(ctx, other) })
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Sessions().Reauthenticated(ctx, want.Session.ID, at(20*time.Minute))
	})
	want.Session.AuthenticatedAt, want.Session.LastSeenAt = at(20*time.Minute), at(20*time.Minute)
	requireEqual(t, want, lookup(t, s, hash))
	requireEqual(t, other, lookup(t, s, other.TokenHash).Session, "another session of the account changed")
	view(t, s.Auth(), func(tx auth.Tx) error {
		list, err := tx.Sessions().ListByAccount(ctx, want.Account.ID)
		require.NoError(t, err)
		require.Len(t, list, 2)
		for _, got := range list {
			if got.ID == want.Session.ID {
				requireEqual(t, want.Session, got, "ListByAccount")
			}
		}
		return nil
	})
	err := s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.Sessions().Reauthenticated(ctx, "s-missing", at(0)) })
	requireCode(t, err, carenet.NotFound)
}

func testSessionRevoke(t *testing.T, s Store) {
	want, hash := lookupFixture(t, s)
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Sessions().Revoke(ctx, want.Session.ID, at(5*time.Minute), "logout")
	})
	want.Session.RevokedAt, want.Session.RevokedReason = ptr(at(5*time.Minute)), "logout"
	requireEqual(t, want.Session, lookup(t, s, hash).Session)
	// Revoking again changes nothing.
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Sessions().Revoke(ctx, want.Session.ID, at(9*time.Minute), "deactivated")
	})
	requireEqual(t, want.Session, lookup(t, s, hash).Session)
	err := s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.Sessions().Revoke(ctx, "s-missing", at(0), "logout") })
	requireCode(t, err, carenet.NotFound)
}

func testSessionRevokeAll(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "grace")
	earlier := at(-time.Minute)
	update(t, s.Auth(), func(tx auth.Tx) error {
		createSessions(t, tx,
			withRevoked(NewSession("s-1", a.ID, hashOf("s-1"), at(0)), earlier, "logout"),
			NewSession("s-2", a.ID, hashOf("s-2"), at(time.Second)),
			NewSession("s-3", a.ID, hashOf("s-3"), at(2*time.Second)),
			NewSession("s-4", a.ID, hashOf("s-4"), at(3*time.Second)),
			NewSession("s-5", b.ID, hashOf("s-5"), at(0)),
		)
		return nil
	})
	revokeAll := func(when time.Time, except string) int {
		return updateValue(t, s.Auth(), func(tx auth.Tx) (int, error) {
			return auth.RevokeSessions(ctx, tx.Sessions(), a.ID, when, "password_changed", except)
		})
	}
	first := at(time.Hour)
	require.Equal(t, 2, revokeAll(first, "s-2"), "revoked all but the excepted and the already revoked")
	state := func(id string) (*time.Time, string) {
		f := lookup(t, s, hashOf(id))
		return f.Session.RevokedAt, f.Session.RevokedReason
	}
	for id, want := range map[string]struct {
		at     *time.Time
		reason string
	}{
		"s-1": {&earlier, "logout"},
		"s-2": {nil, ""},
		"s-3": {&first, "password_changed"},
		"s-4": {&first, "password_changed"},
		"s-5": {nil, ""},
	} {
		gotAt, gotReason := state(id)
		requireEqual(t, want.at, gotAt, id)
		require.Equal(t, want.reason, gotReason, id)
	}
	second := at(2 * time.Hour)
	require.Equal(t, 1, revokeAll(second, ""))
	gotAt, _ := state("s-2")
	requireEqual(t, &second, gotAt)
	require.Equal(t, 0, revokeAll(at(3*time.Hour), ""))
	gotAt, _ = state("s-5")
	require.Nil(t, gotAt, "another account's session was revoked")
}

func testSessionListByAccount(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "grace")
	s1 := NewSession("s-1", a.ID, hashOf("s-1"), at(0))
	s2 := NewSession("s-2", a.ID, hashOf("s-2"), at(2*time.Hour))
	s3 := NewSession("s-3", a.ID, hashOf("s-3"), at(time.Hour))
	s3.RevokedAt, s3.RevokedReason = ptr(at(90*time.Minute)), "logout"
	update(t, s.Auth(), func(tx auth.Tx) error {
		createSessions(t, tx, s1, s2, s3, NewSession("s-4", b.ID, hashOf("s-4"), at(0)))
		return nil
	})
	view(t, s.Auth(), func(tx auth.Tx) error {
		list, err := tx.Sessions().ListByAccount(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, []auth.Session{s2, s3, s1}, list)
		list, err = tx.Sessions().ListByAccount(ctx, "a-none")
		require.NoError(t, err)
		require.Empty(t, list)
		return nil
	})
}
