package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMeShowsLandingTabsAndCapabilities(t *testing.T) {
	h := newHarness(t, true, true)
	me := func(username string) meJSON {
		var m meJSON
		h.login(username).get("/api/me").status(http.StatusOK).json(&m)
		require.Equal(t, username, m.Username)
		require.Equal(t, h.seed.user(username).PersonID, m.PersonID)
		return m
	}

	referralOnly := me("rokafor")
	require.Equal(t, "dashboard", referralOnly.Landing)
	require.Equal(t, []string{"Dashboard", "My Referrals"}, referralOnly.Tabs)
	require.Equal(t, []string{"use the portal", "submit LE referrals", "submit CPS referrals"}, referralOnly.Capabilities)
	require.False(t, referralOnly.PortalCareNetSwitch)
	require.Empty(t, referralOnly.Permissions, "the Referral User group grants no staff permission")

	dual := me("dbrooks")
	require.Equal(t, "dashboard", dual.Landing)
	require.Equal(t, []string{"Dashboard", "My Referrals"}, dual.Tabs)
	require.Contains(t, dual.Capabilities, "use CareNet")
	require.True(t, dual.PortalCareNetSwitch, "dual access adds the portal/CareNet button")
	require.Equal(t, []string{"personnel.view"}, dual.Permissions)

	all := me("cdiaz")
	require.Equal(t, []string{"Dashboard", "My Videos", "My Referrals"}, all.Tabs)
	require.True(t, all.PortalCareNetSwitch)

	videoOnly := me("pnguyen")
	require.Equal(t, []string{"Dashboard", "My Videos"}, videoOnly.Tabs)
	require.Equal(t, []string{"use the portal", "view shared videos"}, videoOnly.Capabilities)

	staff := me("srivera")
	require.Equal(t, "carenet", staff.Landing, "a full user without the portal lands in CareNet")
	require.Empty(t, staff.Tabs)
	require.Contains(t, staff.Permissions, "referrals.review")
}
