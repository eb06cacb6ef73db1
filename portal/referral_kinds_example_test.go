package portal_test

import (
	"fmt"

	"github.com/carenet-go/carenet/portal"
)

// ExamplePresetWith limits a law-enforcement partner's "referral only"
// designation to LE referrals: the portal gives them My Referrals and LE
// submissions, and no CPS ones.
func ExamplePresetWith() {
	a, err := portal.PresetWith(portal.ReferralOnly, portal.ReferralLE)
	fmt.Println(a.Referral, err)
	c := portal.Compute(portal.Facts{HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true, Access: a})
	fmt.Println(c.Tabs.Has(portal.TabMyReferrals), c.Has(portal.SubmitLEReferrals), c.Has(portal.SubmitCPSReferrals))
	d, _ := portal.DesignationOf(a)
	fmt.Println(d)
	// Output:
	// le <nil>
	// true true false
	// referral_only
}
