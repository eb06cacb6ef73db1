package storetest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

var portalCases = []testCase{
	{"EverySwitchCombination", testPortalEverySwitchCombination},
	{"CreatedInRelease", testPortalCreatedInRelease},
	{"RollbackKeepsSwitches", testPortalRollbackKeepsSwitches},
}

// allAccess is the 32 combinations of the portal switches: the three
// switches and each set of referral kinds (none, LE, CPS, both).
func allAccess() []portal.Access {
	out := make([]portal.Access, 0, 32)
	for bits := range 32 {
		out = append(out, portal.Access{Enabled: bits&1 != 0, Video: bits&2 != 0, Referral: portal.ReferralKinds(bits>>2) & portal.ReferralBoth, CareNet: bits&16 != 0})
	}
	return out
}

// testPortalEverySwitchCombination stores each of the 32 combinations of
// the portal switches, on a new account and by update, and reads each back
// exactly through every way of reading an account, the session look-up
// included: a switch kept while the portal is off must survive, so that
// turning the portal back on restores it.
func testPortalEverySwitchCombination(t *testing.T, s Store) {
	for i, a := range allAccess() {
		p := NewPerson(fmt.Sprintf("p-%d", i), "Ada", fmt.Sprintf("Lovelace%d", i))
		createPerson(t, s, p)
		acct := NewAccount(fmt.Sprintf("a-%d", i), p.ID, fmt.Sprintf("user%d", i), auth.ReferralUserGroup)
		acct.Portal = a
		sess := NewSession(fmt.Sprintf("s-%d", i), acct.ID, hashOf(acct.ID), at(0))
		update(t, s.Auth(), func(tx auth.Tx) error {
			if err := tx.Accounts().Create(ctx, acct, NewCredentials(acct.ID)); err != nil {
				return err
			}
			return tx.Sessions().Create(ctx, sess)
		})
		requirePortal(t, s, acct, a, "created with %+v", a)

		// Every other combination by update, then back.
		stored := getAccount(t, s, acct.ID)
		next := allAccess()[(i+7)%32]
		stored.Portal = next
		update(t, s.Auth(), func(tx auth.Tx) (err error) {
			stored, err = tx.Accounts().Update(ctx, stored)
			return err
		})
		requirePortal(t, s, acct, next, "updated from %+v to %+v", a, next)
		stored.Portal = a
		update(t, s.Auth(), func(tx auth.Tx) (err error) {
			_, err = tx.Accounts().Update(ctx, stored)
			return err
		})
		requirePortal(t, s, acct, a, "updated back to %+v", a)
	}
}

// requirePortal checks that every read of the account gives the switches.
func requirePortal(t *testing.T, s Store, acct auth.Account, want portal.Access, msg string, args ...any) {
	t.Helper()
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().Get(ctx, acct.ID)
		require.NoError(t, err)
		require.Equal(t, want, got.Portal, "Get: "+fmt.Sprintf(msg, args...))
		got, err = tx.Accounts().ByUsername(ctx, acct.Username)
		require.NoError(t, err)
		require.Equal(t, want, got.Portal, "ByUsername: "+fmt.Sprintf(msg, args...))
		got, err = tx.Accounts().ByPerson(ctx, acct.PersonID)
		require.NoError(t, err)
		require.Equal(t, want, got.Portal, "ByPerson: "+fmt.Sprintf(msg, args...))
		f, err := tx.Sessions().Lookup(ctx, hashOf(acct.ID))
		require.NoError(t, err)
		require.Equal(t, want, f.Account.Portal, "Sessions.Lookup: "+fmt.Sprintf(msg, args...))
		return nil
	})
	if l, ok := s.Auth().(auth.SessionLooker); ok {
		f, err := l.LookupSession(ctx, hashOf(acct.ID))
		require.NoError(t, err)
		require.Equal(t, want, f.Account.Portal, "LookupSession: "+fmt.Sprintf(msg, args...))
	}
}

// testPortalCreatedInRelease: the release an account was created in, which
// decides the legacy referral rule, reads back as stored, however it
// compares as text.
func testPortalCreatedInRelease(t *testing.T, s Store) {
	for i, r := range []string{"2.3", "2.25.0", "2.26.1", "2.100.0", "10.0.0"} {
		p := NewPerson(fmt.Sprintf("p-%d", i), "Grace", fmt.Sprintf("Hopper%d", i))
		createPerson(t, s, p)
		acct := NewAccount(fmt.Sprintf("a-%d", i), p.ID, fmt.Sprintf("grace%d", i), auth.ReferralUserGroup)
		acct.CreatedInRelease = r
		update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().Create(ctx, acct, NewCredentials(acct.ID)) })
		got := getAccount(t, s, acct.ID)
		require.Equal(t, r, got.CreatedInRelease)
		got.Portal = portal.Access{Enabled: true, Referral: portal.ReferralBoth}
		update(t, s.Auth(), func(tx auth.Tx) (err error) {
			got, err = tx.Accounts().Update(ctx, got)
			return err
		})
		require.Equal(t, r, getAccount(t, s, acct.ID).CreatedInRelease, "an update keeps the release")
	}
}

// testPortalRollbackKeepsSwitches: a change of switches in a transaction
// that fails leaves the stored switches as they were.
func testPortalRollbackKeepsSwitches(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	a.Portal = portal.Access{Enabled: true, Video: true}
	update(t, s.Auth(), func(tx auth.Tx) (err error) {
		a, err = tx.Accounts().Update(ctx, a)
		return err
	})
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		b := a
		b.Portal = portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true}
		if _, err := tx.Accounts().Update(ctx, b); err != nil {
			return err
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	require.Equal(t, portal.Access{Enabled: true, Video: true}, getAccount(t, s, a.ID).Portal)
}
