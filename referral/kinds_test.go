package referral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// TestLEOnlyPartnerCannotSubmitCPS: Referral Portal Access naming LE alone
// lets a law-enforcement partner submit LE referrals (and client ones) but
// not CPS or combined ones; naming CPS alone, the other way round.
func TestLEOnlyPartnerCannotSubmitCPS(t *testing.T) {
	k := newKit(t)
	lee := k.referralUserOf("Metro Police Department", portal.ReferralLE, "Lee", "Officer", "lee")
	assert.True(t, lee.Portal.Tabs.Has(portal.TabMyReferrals), "one kind is enough for My Referrals")

	k.submit(lee, referral.KindLE)
	k.submit(lee, referral.KindClient)
	for _, kind := range []referral.Kind{referral.KindCPS, referral.KindCombined} {
		_, err := k.Svc.Submit(k.Ctx, lee, "", form(kind))
		require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), kind)
	}
	mine, err := k.Svc.Mine(k.Ctx, lee, referral.MineQuery{})
	require.NoError(t, err)
	assert.Len(t, mine.Referrals, 2, "the refused submissions left nothing behind")

	// The host moves the partner to CPS alone: from the next login on,
	// the kinds follow.
	_, err = k.Personnel.SetPortalAccess(k.Ctx, k.Admin.Principal, lee.PersonID, portal.Access{Enabled: true, Referral: portal.ReferralCPS})
	require.NoError(t, err)
	cps := k.LoginAs("lee", pw).Principal
	k.submit(cps, referral.KindCPS)
	_, err = k.Svc.Submit(k.Ctx, cps, "", form(referral.KindLE))
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
}
