package portal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet/portal"
)

func TestCapabilityString(t *testing.T) {
	tests := []struct {
		name string
		x    portal.Capability
		want string
	}{
		{"use the portal", portal.UsePortal, "use the portal"},
		{"use CareNet", portal.UseCareNet, "use CareNet"},
		{"switch button", portal.SwitchPortalCareNet, "switch between the portal and CareNet"},
		{"view shared videos", portal.ViewSharedVideos, "view shared videos"},
		{"submit LE referrals", portal.SubmitLEReferrals, "submit LE referrals"},
		{"submit CPS referrals", portal.SubmitCPSReferrals, "submit CPS referrals"},
		{"none", 0, "none"},
		{"several", portal.SubmitLEReferrals | portal.UsePortal, "use the portal, submit LE referrals"},
		{"undefined", 1 << 10, "Capability(0x400)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.x.String())
		})
	}
}

func TestTabString(t *testing.T) {
	tests := []struct {
		name string
		tab  portal.Tab
		want string
	}{
		{"dashboard", portal.TabDashboard, "Dashboard"},
		{"my videos", portal.TabMyVideos, "My Videos"},
		{"my referrals", portal.TabMyReferrals, "My Referrals"},
		{"undefined", 1 << 5, "Tab(32)"},
		{"zero", 0, "Tab(0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.tab.String())
		})
	}
}

func TestCapabilitiesList(t *testing.T) {
	tests := []struct {
		name string
		set  portal.Capability
		want []portal.Capability
	}{
		{"nothing", 0, []portal.Capability{}},
		{"one", portal.ViewSharedVideos, []portal.Capability{portal.ViewSharedVideos}},
		{
			"in declaration order",
			portal.SubmitCPSReferrals | portal.UsePortal | portal.SubmitLEReferrals,
			[]portal.Capability{portal.UsePortal, portal.SubmitLEReferrals, portal.SubmitCPSReferrals},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, portal.Capabilities{Set: tt.set}.List())
		})
	}
}

func TestTabsList(t *testing.T) {
	tests := []struct {
		name string
		tabs portal.Tabs
		want []portal.Tab
	}{
		{"nothing", 0, []portal.Tab{}},
		{"dashboard", portal.Tabs(portal.TabDashboard), []portal.Tab{portal.TabDashboard}},
		{
			"in display order",
			portal.Tabs(portal.TabMyReferrals) | portal.Tabs(portal.TabDashboard) | portal.Tabs(portal.TabMyVideos),
			[]portal.Tab{portal.TabDashboard, portal.TabMyVideos, portal.TabMyReferrals},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.tabs.List())
		})
	}
}
