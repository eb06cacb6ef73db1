package portal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

func TestPreset(t *testing.T) {
	tests := []struct {
		name string
		d    portal.Designation
		want portal.Access
	}{
		{"referral only", portal.ReferralOnly, portal.Access{Enabled: true, Referral: portal.ReferralBoth}},
		{"video only", portal.VideoOnly, portal.Access{Enabled: true, Video: true}},
		{"dual access", portal.DualAccess, portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true}},
		{"all", portal.All, portal.Access{Enabled: true, Video: true, Referral: portal.ReferralBoth, CareNet: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := portal.Preset(tt.d)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)

			back, ok := portal.DesignationOf(got)
			assert.True(t, ok, "DesignationOf(%+v) found nothing", got)
			assert.Equal(t, tt.d, back, "round trip")
		})
	}
}

func TestPresetUnknown(t *testing.T) {
	for _, d := range []portal.Designation{"", "everything", "Referral_Only", "referral_only "} {
		t.Run("designation "+string(d), func(t *testing.T) {
			got, err := portal.Preset(d)
			require.Error(t, err)
			assert.Equal(t, portal.Access{}, got)

			requireOneProblem(t, err, "designation", carenet.RuleOneOf)
		})
	}
}

func TestDesignationOf(t *testing.T) {
	tests := []struct {
		name   string
		a      portal.Access
		want   portal.Designation
		wantOK bool
	}{
		{"referral only", portal.Access{Enabled: true, Referral: portal.ReferralBoth}, portal.ReferralOnly, true},
		{"all", portal.Access{Enabled: true, Video: true, Referral: portal.ReferralBoth, CareNet: true}, portal.All, true},
		{"portal off", portal.Access{}, "", false},
		{"portal off with switches kept", portal.Access{Referral: portal.ReferralBoth}, "", false},
		{"portal on with nothing else", portal.Access{Enabled: true}, "", false},
		{"video and CareNet", portal.Access{Enabled: true, Video: true, CareNet: true}, "", false},
		{"CareNet only", portal.Access{Enabled: true, CareNet: true}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := portal.DesignationOf(tt.a)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDesignations(t *testing.T) {
	want := []portal.Designation{portal.ReferralOnly, portal.VideoOnly, portal.DualAccess, portal.All}
	got := portal.Designations()
	assert.Equal(t, want, got)

	got[0] = "changed"
	assert.Equal(t, want, portal.Designations(), "the returned slice is the caller's")

	for _, d := range want {
		_, err := portal.Preset(d)
		assert.NoError(t, err, "every listed designation has a preset: %s", d)
	}
}
