package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

func TestAccessReviewCommandListsAndFilters(t *testing.T) {
	dsn := migrated(t)
	authSvc, people := services(t, dsn)
	ctx := context.Background()
	const pw = "granite-orchard-lantern-7"
	admin := loggedInAdmin(t, authSvc, people, pw)
	_, err := people.Create(ctx, admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Lee", FamilyName: "Officer", Agency: "Metro PD", AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: "lee", Password: pw, Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Referral: portal.ReferralLE}},
	})
	require.NoError(t, err)

	r := runIn(dsn, "", "access-review", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var rep accessreview.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep), r.stdout)
	require.Len(t, rep.Entries, 2)
	assert.Equal(t, "ada", rep.Entries[0].Username)
	assert.NotNil(t, rep.Entries[0].LastLoginAt)
	assert.Equal(t, "lee", rep.Entries[1].Username)
	assert.Equal(t, portal.ReferralLE, rep.Entries[1].Portal.Referral)

	r = runIn(dsn, "", "access-review", "-portal", "referral_le", "-csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, accessreview.CSVHeader, rows[0])
	assert.Equal(t, "lee", rows[1][0])

	r = runIn(dsn, "", "access-review", "-permission", "referrals.reassign", "-idle-days", "30")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "ada", "the administrator logged in today")
	assert.Contains(t, r.stdout, "0 active logins")

	r = runIn(dsn, "", "access-review")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "USERNAME")
	assert.Contains(t, r.stdout, "enabled,referral_le")
	assert.Contains(t, r.stdout, "2 active logins")

	for _, args := range [][]string{
		{"-permission", "videos.steal"},
		{"-portal", "referral"},
		{"-csv", "-json"},
		{"-idle-days", "-3"},
	} {
		r = runIn(dsn, "", append([]string{"access-review"}, args...)...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, args[0], "the flag is named")
		assert.Empty(t, r.stdout)
	}
}
