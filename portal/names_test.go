package portal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet/portal"
)

// nameCase is one row of a table of what a function of the names returns.
type nameCase[In, Out any] struct {
	name string
	in   In
	want Out
}

// checkNames runs each case as a subtest that requires f(in) to equal want.
func checkNames[In, Out any](t *testing.T, f func(In) Out, cases []nameCase[In, Out]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, f(tt.in))
		})
	}
}

func TestCapabilityString(t *testing.T) {
	checkNames(t, portal.Capability.String, []nameCase[portal.Capability, string]{
		{"use the portal", portal.UsePortal, "use the portal"},
		{"use CareNet", portal.UseCareNet, "use CareNet"},
		{"switch button", portal.SwitchPortalCareNet, "switch between the portal and CareNet"},
		{"view shared videos", portal.ViewSharedVideos, "view shared videos"},
		{"submit LE referrals", portal.SubmitLEReferrals, "submit LE referrals"},
		{"submit CPS referrals", portal.SubmitCPSReferrals, "submit CPS referrals"},
		{"none", 0, "none"},
		{"several", portal.SubmitLEReferrals | portal.UsePortal, "use the portal, submit LE referrals"},
		{"undefined", 1 << 10, "Capability(0x400)"},
	})
}

func TestTabString(t *testing.T) {
	checkNames(t, portal.Tab.String, []nameCase[portal.Tab, string]{
		{"dashboard", portal.TabDashboard, "Dashboard"},
		{"my videos", portal.TabMyVideos, "My Videos"},
		{"my referrals", portal.TabMyReferrals, "My Referrals"},
		{"undefined", 1 << 5, "Tab(32)"},
		{"zero", 0, "Tab(0)"},
	})
}

func TestCapabilitiesList(t *testing.T) {
	list := func(set portal.Capability) []portal.Capability { return portal.Capabilities{Set: set}.List() }
	checkNames(t, list, []nameCase[portal.Capability, []portal.Capability]{
		{"nothing", 0, []portal.Capability{}},
		{"one", portal.ViewSharedVideos, []portal.Capability{portal.ViewSharedVideos}},
		{
			"in declaration order",
			portal.SubmitCPSReferrals | portal.UsePortal | portal.SubmitLEReferrals,
			[]portal.Capability{portal.UsePortal, portal.SubmitLEReferrals, portal.SubmitCPSReferrals},
		},
	})
}

func TestTabsList(t *testing.T) {
	checkNames(t, portal.Tabs.List, []nameCase[portal.Tabs, []portal.Tab]{
		{"nothing", 0, []portal.Tab{}},
		{"dashboard", portal.Tabs(portal.TabDashboard), []portal.Tab{portal.TabDashboard}},
		{
			"in display order",
			portal.Tabs(portal.TabMyReferrals) | portal.Tabs(portal.TabDashboard) | portal.Tabs(portal.TabMyVideos),
			[]portal.Tab{portal.TabDashboard, portal.TabMyVideos, portal.TabMyReferrals},
		},
	})
}
