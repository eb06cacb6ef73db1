package referral_test

import (
	"context"
	"fmt"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// ExampleService_HandOver hands a leaving detective's open referral to a
// colleague of the same department, who then follows it in My Referrals;
// a colleague limited to CPS referrals is refused, naming the field.
func ExampleService_HandOver() {
	ctx := context.Background()
	clock := carenet.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store := memory.New()
	h := &carenettest.Harness{} // panics if a step of the set-up is refused
	defer h.Close()
	authSvc, people, admin := carenettest.StaffServices(h, ctx, store, clock, "ada", "harbor-velvet-compass-42")
	referrals := referral.NewService(store.Referral(), referral.Config{Clock: clock, IDs: carenet.SequentialIDs("ref")})
	login := func(username string) *auth.Principal {
		return carenettest.SignIn(h, ctx, authSvc, username, "harbor-velvet-compass-42")
	}
	partner := func(given, username string, kinds portal.ReferralKinds) string {
		c, err := people.Create(ctx, admin, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: given, FamilyName: "Reyes", Agency: "Metro Police Department", AgencyKind: personnel.AgencyLawEnforcement},
			Login: &auth.LoginSpec{Username: username, Password: "harbor-velvet-compass-42", Groups: []string{auth.ReferralUserGroup},
				Portal: portal.Access{Enabled: true, Referral: kinds}},
		})
		if err != nil {
			panic(err)
		}
		return c.Profile.ID
	}
	dana, sol, cal := partner("Dana", "dreyes", portal.ReferralLE), partner("Sol", "sreyes", portal.ReferralLE), partner("Cal", "creyes", portal.ReferralCPS)
	r, err := referrals.Submit(ctx, login("dreyes"), "", lePolice())
	if err != nil {
		panic(err)
	}

	_, err = referrals.HandOver(ctx, admin, dana, cal)
	for _, p := range carenet.Validation(err).Problems {
		fmt.Println("to Cal:", p.Field, p.Rule)
	}
	done, err := referrals.HandOver(ctx, admin, dana, sol)
	fmt.Println("to Sol:", done.Referrals, err)
	mine, _ := referrals.Mine(ctx, login("sreyes"), referral.MineQuery{})
	fmt.Println("Sol's referrals:", len(mine.Referrals), mine.Referrals[0].ID == r.ID)
	// Output:
	// to Cal: to no_referral_access
	// to Sol: [ref-000001] <nil>
	// Sol's referrals: 1 true
}
