package portal_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

func TestRequireGranted(t *testing.T) {
	everything := portal.Capabilities{
		Landing: portal.LandingDashboard,
		Set: portal.UsePortal | portal.UseCareNet | portal.SwitchPortalCareNet |
			portal.ViewSharedVideos | portal.SubmitLEReferrals | portal.SubmitCPSReferrals,
	}
	tests := []struct {
		name string
		c    portal.Capabilities
		x    portal.Capability
	}{
		{"submit LE referrals", everything, portal.SubmitLEReferrals},
		{"view shared videos", everything, portal.ViewSharedVideos},
		{"switch button", everything, portal.SwitchPortalCareNet},
		{"two at once", everything, portal.SubmitLEReferrals | portal.SubmitCPSReferrals},
		{"only what is asked", portal.Capabilities{Set: portal.UseCareNet}, portal.UseCareNet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, portal.Require(tt.c, tt.x))
		})
	}
}

func TestRequireMissing(t *testing.T) {
	portalOnly := portal.Capabilities{Landing: portal.LandingDashboard, Set: portal.UsePortal}
	tests := []struct {
		name    string
		c       portal.Capabilities
		x       portal.Capability
		message string
	}{
		{"submit LE referrals", portalOnly, portal.SubmitLEReferrals, "missing portal capability: submit LE referrals"},
		{"submit CPS referrals", portalOnly, portal.SubmitCPSReferrals, "missing portal capability: submit CPS referrals"},
		{"view shared videos", portalOnly, portal.ViewSharedVideos, "missing portal capability: view shared videos"},
		{"use CareNet", portalOnly, portal.UseCareNet, "missing portal capability: use CareNet"},
		{"switch button", portalOnly, portal.SwitchPortalCareNet, "missing portal capability: switch between the portal and CareNet"},
		{"use the portal with nothing", portal.Capabilities{}, portal.UsePortal, "missing portal capability: use the portal"},
		{
			"first missing of two",
			portal.Capabilities{Set: portal.SubmitLEReferrals},
			portal.SubmitLEReferrals | portal.SubmitCPSReferrals,
			"missing portal capability: submit CPS referrals",
		},
		{"no capability asked", portalOnly, 0, "unknown portal capability"},
		{"undefined capability", portalOnly, portal.UsePortal | 1<<15, "unknown portal capability"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := portal.Require(tt.c, tt.x)
			require.Error(t, err)

			var e *carenet.Error
			require.True(t, errors.As(err, &e), "error %v is not a *carenet.Error", err)
			assert.Equal(t, carenet.Forbidden, e.Code)
			assert.Equal(t, tt.message, e.Message)
			assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
			assert.Equal(t, tt.message, carenet.ErrorMessage(err))
		})
	}
}

func TestRequireDoesNotAllocate(t *testing.T) {
	c := portal.Capabilities{Set: portal.UsePortal | portal.SubmitLEReferrals}
	var ok, denied error
	allocs := testing.AllocsPerRun(100, func() {
		ok = portal.Require(c, portal.SubmitLEReferrals)
		denied = portal.Require(c, portal.ViewSharedVideos)
	})
	assert.Zero(t, allocs, "Require allocations per run")
	assert.NoError(t, ok)
	assert.Error(t, denied)
}
