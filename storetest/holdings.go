package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

var holdingsCases = []testCase{
	{"Holdings", testHoldings},
	{"Administrators", testAdministrators},
	{"AdministratorsSerialise", testAdministratorsSerialise},
}

// holdings reads the person's holdings at now.
func holdings(t *testing.T, s Store, personID string, now time.Time) auth.Holdings {
	t.Helper()
	return viewValue(t, s.Auth(), func(tx auth.Tx) (auth.Holdings, error) { return tx.Accounts().Holdings(ctx, personID, now) })
}

// testHoldings: live shares count those neither revoked nor expired at
// now, scheduled ones included, and download shares those of them that
// allow download; referrals count every one the person
// authored; a person with none, or no such person, holds nothing.
func testHoldings(t *testing.T, s Store) {
	videoWorld(t, s)
	live := NewShare("s-live", "v-1", "p-val", at(0))
	scheduled := NewShare("s-later", "v-1", "p-val", at(48*time.Hour))
	scheduled.Mode = video.ViewAndDownload
	revoked := NewShare("s-revoked", "v-1", "p-val", at(0))
	revoked.RevokedAt, revoked.RevokedBy, revoked.RevokeReason = ptr(at(time.Hour)), "p-sam", "sent in error"
	expired := NewShare("s-expired", "v-1", "p-val", at(-30*24*time.Hour))
	other := NewShare("s-other", "v-1", "p-sam", at(0))
	createShare(t, s, live, scheduled, revoked, expired, other)
	createReferral(t, s, NewReferral("r-1", "p-val", at(0)), NewReferral("r-2", "p-val", at(time.Minute)), NewReferral("r-3", "p-sam", at(0)))

	requireEqual(t, auth.Holdings{LiveShares: 2, DownloadShares: 1, Referrals: 2}, holdings(t, s, "p-val", at(2*time.Hour)))
	requireEqual(t, auth.Holdings{LiveShares: 1, DownloadShares: 1, Referrals: 2}, holdings(t, s, "p-val", live.ExpiresAt), "the live one has expired")
	requireEqual(t, auth.Holdings{}, holdings(t, s, "p-ivy", at(0)))
	requireEqual(t, auth.Holdings{}, holdings(t, s, "p-nobody", at(0)))
}

// testAdministrators: every account in the Administrator group, by ID,
// whatever its state.
func testAdministrators(t *testing.T, s Store) {
	_, b := createUser(t, s, "bea", auth.AdministratorGroup)
	_, a := createUser(t, s, "ann", auth.ReferralUserGroup, auth.AdministratorGroup)
	createUser(t, s, "rae", auth.ReferralUserGroup)
	update(t, s.Auth(), func(tx auth.Tx) error {
		b.Active = false
		_, err := tx.Accounts().Update(ctx, b)
		return err
	})
	var got []string
	view(t, s.Auth(), func(tx auth.Tx) error {
		admins, err := tx.Accounts().Administrators(ctx)
		for _, x := range admins {
			got = append(got, x.Account.ID)
			requireEqual(t, "p-"+x.Account.Username, x.Holder.PersonID)
			require.True(t, x.Holder.Active)
		}
		return err
	})
	requireEqual(t, []string{a.ID, b.ID}, got)
}

// testAdministratorsSerialise: a read-write transaction that called
// Administrators holds back another's call until it ends, and the other
// then reads what the first committed.
func testAdministratorsSerialise(t *testing.T, s Store) {
	_, a := createUser(t, s, "ann", auth.AdministratorGroup)
	createUser(t, s, "bea", auth.AdministratorGroup)
	locked, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var firstErr error
	go func() {
		defer wg.Done()
		firstErr = s.Auth().Update(ctx, func(tx auth.Tx) error {
			if _, err := tx.Accounts().Administrators(ctx); err != nil {
				return err
			}
			close(locked)
			<-release
			acct, err := tx.Accounts().Get(ctx, a.ID)
			if err != nil {
				return err
			}
			acct.Groups = []string{auth.ReferralUserGroup}
			_, err = tx.Accounts().Update(ctx, acct)
			return err
		})
	}()
	<-locked
	seen := make(chan []auth.Administrator, 1)
	go func() {
		_ = s.Auth().Update(ctx, func(tx auth.Tx) error {
			admins, err := tx.Accounts().Administrators(ctx)
			seen <- admins
			return err
		})
	}()
	select {
	case <-seen:
		t.Fatal("a second Administrators call went ahead while the first transaction held the lock")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	require.NoError(t, firstErr)
	admins := <-seen
	require.Len(t, admins, 1, "the second reads what the first committed")
	require.Equal(t, "a-bea", admins[0].Account.ID)
}
