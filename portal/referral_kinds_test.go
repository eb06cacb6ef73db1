package portal_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

func referralPartner(kinds portal.ReferralKinds, release string) portal.Facts {
	return portal.Facts{HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true,
		Access: portal.Access{Enabled: true, Referral: kinds}, CreatedInRelease: release}
}

func TestComputeGivesOnlyTheReferralKindsNamed(t *testing.T) {
	for _, tc := range []struct {
		kinds    portal.ReferralKinds
		le, cps  bool
		referral bool
	}{
		{0, false, false, false},
		{portal.ReferralLE, true, false, true},
		{portal.ReferralCPS, false, true, true},
		{portal.ReferralBoth, true, true, true},
	} {
		t.Run(tc.kinds.String(), func(t *testing.T) {
			c := portal.Compute(referralPartner(tc.kinds, "2.30.0"))
			assert.Equal(t, tc.le, c.Has(portal.SubmitLEReferrals))
			assert.Equal(t, tc.cps, c.Has(portal.SubmitCPSReferrals))
			assert.Equal(t, tc.referral, c.Tabs.Has(portal.TabMyReferrals))
		})
	}
}

func TestLegacyReferralUserKeepsBothKindsUnlessTheHostNamesOne(t *testing.T) {
	off := referralPartner(0, "2.25.0")
	off.Access.Enabled = false
	c := portal.Compute(off)
	assert.True(t, c.Has(portal.SubmitLEReferrals|portal.SubmitCPSReferrals), "no kinds named: both, as before")

	le := referralPartner(portal.ReferralLE, "2.25.0")
	le.Access.Enabled = false
	c = portal.Compute(le)
	assert.True(t, c.Has(portal.SubmitLEReferrals))
	assert.False(t, c.Has(portal.SubmitCPSReferrals), "a legacy LE partner limited to LE")
	assert.True(t, c.Tabs.Has(portal.TabMyReferrals))
}

func TestCheckSetupRefusesAnUndefinedReferralKind(t *testing.T) {
	f := portal.SetupFacts{HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true}
	require.NoError(t, portal.CheckSetup(f, portal.Access{Enabled: true, Referral: portal.ReferralLE}))
	err := portal.CheckSetup(f, portal.Access{Enabled: true, Referral: 4})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	var ve *carenet.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 1)
	assert.Equal(t, "portal.referral", ve.Problems[0].Field)
	assert.Equal(t, carenet.RuleOneOf, ve.Problems[0].Rule)

	noLogin := portal.SetupFacts{PersonActive: true}
	err = portal.CheckSetup(noLogin, portal.Access{Referral: portal.ReferralCPS})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "one kind is portal access too")
}

func TestPresetsGiveBothKindsAndPresetWithNarrows(t *testing.T) {
	for _, d := range []portal.Designation{portal.ReferralOnly, portal.DualAccess, portal.All} {
		a, err := portal.Preset(d)
		require.NoError(t, err)
		assert.Equal(t, portal.ReferralBoth, a.Referral, d)

		le, err := portal.PresetWith(d, portal.ReferralLE)
		require.NoError(t, err)
		want := a
		want.Referral = portal.ReferralLE
		assert.Equal(t, want, le)
		got, ok := portal.DesignationOf(le)
		assert.True(t, ok)
		assert.Equal(t, d, got, "a designation whichever kinds it names")

		_, err = portal.PresetWith(d, 0)
		requireField(t, err, "portal.referral")
		_, err = portal.PresetWith(d, 8)
		requireField(t, err, "portal.referral")
	}
	_, err := portal.PresetWith(portal.VideoOnly, portal.ReferralLE)
	requireField(t, err, "portal.referral")
	v, err := portal.PresetWith(portal.VideoOnly, 0)
	require.NoError(t, err)
	assert.Equal(t, portal.Access{Enabled: true, Video: true}, v)
	_, err = portal.PresetWith("nope", portal.ReferralLE)
	requireField(t, err, "designation")
}

func requireField(t *testing.T, err error, field string) {
	t.Helper()
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	var ve *carenet.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 1)
	assert.Equal(t, field, ve.Problems[0].Field)
}

func TestReferralKindsJSONReadsTheOldSwitch(t *testing.T) {
	b, err := json.Marshal(portal.Access{Enabled: true, Referral: portal.ReferralLE})
	require.NoError(t, err)
	assert.JSONEq(t, `{"enabled":true,"video":false,"referral":["le"],"carenet":false}`, string(b))

	for in, want := range map[string]portal.ReferralKinds{
		`true`: portal.ReferralBoth, `false`: 0, `null`: 0, `[]`: 0,
		`["le"]`: portal.ReferralLE, `["cps"]`: portal.ReferralCPS, `["cps","le"]`: portal.ReferralBoth,
	} {
		var a portal.Access
		require.NoError(t, json.Unmarshal([]byte(`{"referral":`+in+`}`), &a), in)
		assert.Equal(t, want, a.Referral, in)
	}
	var a portal.Access
	assert.Error(t, json.Unmarshal([]byte(`{"referral":["dcfs"]}`), &a))
	assert.Error(t, json.Unmarshal([]byte(`{"referral":3}`), &a))
}
