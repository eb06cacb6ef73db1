package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/storetest"
)

// TestMigrationTurnsTheOldReferralSwitchIntoBothKinds puts logins in the
// schema before Referral Portal Access named kinds, one with the switch on
// and one with it off, and checks that the migration gives the first both
// kinds and the second none, leaving every other switch as it was.
func TestMigrationTurnsTheOldReferralSwitchIntoBothKinds(t *testing.T) {
	db, s := migratedTo(t, 11)

	for i, id := range []string{"on", "off"} {
		p := storetest.NewPerson("p-"+id, "Ada", "Lovelace")
		require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))
		_, err := db.Exec(`INSERT INTO carenet.accounts (id, person_id, username, active, portal_enabled,
			portal_video, portal_referral, portal_carenet, version) VALUES ($1, $2, $3, true, true, $4, $5, false, 1)`,
			"a-"+id, p.ID, "user-"+id, i == 0, i == 0)
		require.NoError(t, err)
	}

	require.NoError(t, s.Migrate(ctx))
	want := map[string]portal.Access{
		"a-on":  {Enabled: true, Video: true, Referral: portal.ReferralBoth},
		"a-off": {Enabled: true},
	}
	for id, access := range want {
		var got auth.Account
		require.NoError(t, s.Auth().View(ctx, func(tx auth.Tx) (err error) {
			got, err = tx.Accounts().Get(ctx, id)
			return err
		}))
		require.Equal(t, access, got.Portal, id)
	}

	// The column takes no kind the SDK does not define.
	_, err := db.Exec(`UPDATE carenet.accounts SET portal_referral = 4 WHERE id = 'a-on'`)
	require.ErrorContains(t, err, "accounts_portal_referral_check")
}
