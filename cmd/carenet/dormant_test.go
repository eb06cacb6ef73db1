package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// TestSweepDisablesDormantLoginsWhenAskedTo: without -dormant-days the
// sweep leaves an unused login alone; with it, the login is disabled and
// listed in the JSON; a negative period is a usage error that changes
// nothing.
func TestSweepDisablesDormantLoginsWhenAskedTo(t *testing.T) {
	dsn := migrated(t)
	r := runIn(dsn, "granite-orchard-lantern-7\n", "create-admin", "-given", "Ada", "-family", "Admin", "-username", "ada", "-password-stdin")
	require.Equal(t, exitOK, r.code, r.stderr)
	authSvc, people := services(t, dsn)
	ctx := context.Background()
	admin, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: "granite-orchard-lantern-7"})
	require.NoError(t, err)
	u, err := people.Create(ctx, admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ida", FamilyName: "Idle", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "iidle", Password: "amber-meadow-falcon-71", Groups: []string{auth.AdministratorGroup}},
	})
	require.NoError(t, err)
	store, err := postgres.Open(dsn)
	require.NoError(t, err)
	defer store.Close()
	// lastSignedIn100DaysAgo makes Ida's login look unused for 100 days.
	lastSignedIn100DaysAgo := func() {
		t.Helper()
		require.NoError(t, store.Auth().Update(ctx, func(tx auth.Tx) error {
			c, err := tx.Accounts().Credentials(ctx, u.Profile.Login.AccountID)
			if err != nil {
				return err
			}
			c.LastLoginAt = time.Now().AddDate(0, 0, -100).UTC().Truncate(time.Microsecond)
			return tx.Accounts().SetCredentials(ctx, c)
		}))
	}
	lastSignedIn100DaysAgo()

	r = runIn(dsn, "", "sweep", "-dormant-days", "-1")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "-dormant-days: must be between 0 (off) and 3650")
	r = runIn(dsn, "", "sweep")
	require.Equal(t, exitOK, r.code, r.stderr)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "iidle", Password: "amber-meadow-falcon-71"})
	require.NoError(t, err, "off by default")
	lastSignedIn100DaysAgo() // again: that sign-in was a use

	r = runIn(dsn, "", "sweep", "-dormant-days", "90", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var out struct {
		DormantDays   int `json:"dormant_days"`
		DormantLogins []struct {
			Username string `json:"username"`
			Disabled bool   `json:"disabled"`
		} `json:"dormant_logins"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, 90, out.DormantDays)
	require.Len(t, out.DormantLogins, 1)
	assert.Equal(t, "iidle", out.DormantLogins[0].Username)
	assert.True(t, out.DormantLogins[0].Disabled)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "iidle", Password: "amber-meadow-falcon-71"})
	assert.ErrorIs(t, err, auth.ErrLoginFailed)
}
