package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/storetest"
)

// TestMigrationStartsTheClockOfLoginsThatMayHaveBeenSwitchedOnAgain puts
// logins in the schema before it kept when a login was enabled: an active
// one changed after its last login (it may have been switched on again
// then), an active one last used after its last change, and an inactive
// one. The migration starts the clock of the first at that change and
// leaves the others without one.
func TestMigrationStartsTheClockOfLoginsThatMayHaveBeenSwitchedOnAgain(t *testing.T) {
	db, s := migratedTo(t, 16)

	changed := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, row := range []struct {
		id        string
		active    bool
		lastLogin time.Time
	}{
		{"reenabled", true, changed.AddDate(0, -6, 0)},
		{"used", true, changed.AddDate(0, 0, 1)},
		{"off", false, changed.AddDate(0, -6, 0)},
	} {
		p := storetest.NewPerson("p-"+row.id, "Ada", "Lovelace")
		require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))
		_, err := db.Exec(`INSERT INTO carenet.accounts (id, person_id, username, active, portal_enabled,
			portal_video, portal_referral, portal_carenet, updated_at, version) VALUES ($1, $2, $3, $4, false, false, 0, false, $5, 1)`,
			"a-"+row.id, p.ID, "user-"+row.id, row.active, changed)
		require.NoError(t, err)
		_, err = db.Exec(`INSERT INTO carenet.account_credentials (account_id, password_hash, last_login_at) VALUES ($1, 'x', $2)`,
			"a-"+row.id, row.lastLogin)
		require.NoError(t, err)
	}

	require.NoError(t, s.Migrate(ctx))
	for id, want := range map[string]time.Time{"a-reenabled": changed, "a-used": {}, "a-off": {}} {
		var got auth.Credentials
		require.NoError(t, s.Auth().View(ctx, func(tx auth.Tx) (err error) {
			got, err = tx.Accounts().Credentials(ctx, id)
			return err
		}))
		require.True(t, want.Equal(got.EnabledAt), "%s: enabled at %v, want %v", id, got.EnabledAt, want)
	}
}
