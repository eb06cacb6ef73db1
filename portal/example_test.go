package portal_test

import (
	"fmt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

func ExampleCompute() {
	// A "Referral User" created before release 2.26.1, with videos shared.
	c := portal.Compute(portal.Facts{
		HasLogin:         true,
		PersonActive:     true,
		AccountActive:    true,
		ReferralUser:     true,
		Access:           portal.Access{Enabled: true, Video: true, CareNet: true},
		CreatedInRelease: "2.25.0",
	})
	fmt.Println("lands on:", c.Landing)
	fmt.Println("tabs:", c.Tabs.List())
	fmt.Println("switch button:", c.Has(portal.SwitchPortalCareNet))
	fmt.Println("may:", c.List())
	// Output:
	// lands on: dashboard
	// tabs: [Dashboard My Videos My Referrals]
	// switch button: false
	// may: [use the portal view shared videos submit LE referrals submit CPS referrals]
}

func ExampleRequire() {
	c := portal.Compute(portal.Facts{
		HasLogin:      true,
		PersonActive:  true,
		AccountActive: true,
		OtherGroups:   true,
		Access:        portal.Access{Enabled: true, Video: true},
	})
	fmt.Println(portal.Require(c, portal.ViewSharedVideos))

	err := portal.Require(c, portal.SubmitLEReferrals)
	fmt.Println(carenet.ErrorCode(err))
	fmt.Println(carenet.ErrorMessage(err))
	// Output:
	// <nil>
	// forbidden
	// missing portal capability: submit LE referrals
}

func ExamplePreset() {
	a, err := portal.Preset(portal.DualAccess)
	fmt.Printf("%+v %v\n", a, err)

	d, ok := portal.DesignationOf(a)
	fmt.Println(d, ok)

	_, err = portal.Preset("everything")
	fmt.Println(carenet.ErrorCode(err), carenet.Validation(err).Has("designation", carenet.RuleOneOf))
	// Output:
	// {Enabled:true Video:false Referral:le+cps CareNet:true} <nil>
	// dual_access true
	// invalid true
}

func ExampleCheckSetup() {
	referralUser := portal.SetupFacts{HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true}
	err := portal.CheckSetup(referralUser, portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true})
	fmt.Println(carenet.ErrorMessage(err))
	// Output:
	// portal.carenet: a "Referral User" cannot have CareNet Access; choose another security group for dual access
}

func ExampleCompareReleases() {
	n, err := portal.CompareReleases("2.3", "2.26.1")
	fmt.Println(n, err)
	n, _ = portal.CompareReleases("2.26", "2.26.0")
	fmt.Println(n)
	// Output:
	// -1 <nil>
	// 0
}
