package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
)

// testAccountLoginUses: LoginUses keeps active logins last used (logged
// in, or made if never, or enabled again if later: LoginUse.LastUsedAt)
// before IdleSince, with their EnabledAt, and never-used ones whose
// set-password link expired unredeemed by LinkExpiredBy, with that
// expiry; ordered by ID, paged by AfterID and Limit.
func testAccountLoginUses(t *testing.T, s Store) {
	_, idle := createUser(t, s, "idle")
	_, fresh := createUser(t, s, "fresh")
	_, lapsed := createUser(t, s, "lapsed")
	_, off := createUser(t, s, "off")
	_, redeemed := createUser(t, s, "redeemed")
	_, reenabled := createUser(t, s, "reenabled")
	update(t, s.Auth(), func(tx auth.Tx) error {
		c := NewCredentials(idle.ID)
		c.LastLoginAt = at(time.Hour)
		c.EnabledAt = at(2 * time.Hour) // enabled again, long ago
		require.NoError(t, tx.Accounts().SetCredentials(ctx, c))
		c = NewCredentials(fresh.ID)
		c.LastLoginAt = at(100 * time.Hour)
		require.NoError(t, tx.Accounts().SetCredentials(ctx, c))
		// Last logged in long ago, but switched on again since: not idle.
		c = NewCredentials(reenabled.ID)
		c.LastLoginAt = at(time.Hour)
		c.EnabledAt = at(100 * time.Hour)
		require.NoError(t, tx.Accounts().SetCredentials(ctx, c))
		for _, id := range []string{lapsed.ID, redeemed.ID} {
			tok := NewPasswordToken("t-"+id, id, hashOf("t-"+id), at(0))
			tok.Purpose = auth.PurposeSetPassword
			require.NoError(t, tx.PasswordTokens().Create(ctx, tok))
		}
		_, err := tx.PasswordTokens().Consume(ctx, hashOf("t-"+redeemed.ID), at(time.Hour))
		require.NoError(t, err)
		a, err := tx.Accounts().Get(ctx, off.ID)
		require.NoError(t, err)
		a.Active = false
		_, err = tx.Accounts().Update(ctx, a)
		return err
	})
	got := viewValue(t, s.Auth(), func(tx auth.Tx) ([]auth.LoginUse, error) {
		return tx.Accounts().LoginUses(ctx, auth.LoginUseQuery{IdleSince: at(50 * time.Hour), Limit: 10})
	})
	ids := func(us []auth.LoginUse) []string {
		return idsOf(us, func(u auth.LoginUse) string { return u.Account.ID })
	}
	// Made at the epoch, never logged in: lapsed and redeemed count as idle.
	require.Equal(t, []string{idle.ID, lapsed.ID, redeemed.ID}, ids(got))
	require.Equal(t, at(time.Hour), got[0].LastLoginAt)
	require.Equal(t, at(2*time.Hour), got[0].EnabledAt)
	require.True(t, got[1].LinkExpiredAt.IsZero(), "no LinkExpiredBy, no link")

	got = viewValue(t, s.Auth(), func(tx auth.Tx) ([]auth.LoginUse, error) {
		return tx.Accounts().LoginUses(ctx, auth.LoginUseQuery{LinkExpiredBy: at(50 * time.Hour), Limit: 10})
	})
	require.Equal(t, []string{lapsed.ID}, ids(got), "only the link never redeemed")
	require.Equal(t, at(24*time.Hour), got[0].LinkExpiredAt)

	got = viewValue(t, s.Auth(), func(tx auth.Tx) ([]auth.LoginUse, error) {
		return tx.Accounts().LoginUses(ctx, auth.LoginUseQuery{IdleSince: at(50 * time.Hour), AfterID: idle.ID, Limit: 1})
	})
	require.Equal(t, []string{lapsed.ID}, ids(got), "paged")
}
