package accessreview_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// ExampleService_Review lists who holds what and who may submit LE
// referrals, and exports the review as CSV.
func ExampleService_Review() {
	ctx := context.Background()
	clock := carenet.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store := memory.New()
	h := &carenettest.Harness{} // panics if a step of the set-up is refused
	defer h.Close()
	_, people, admin := carenettest.StaffServices(h, ctx, store, clock, "ada", "harbor-velvet-compass-42")
	if _, err := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Dana", FamilyName: "Reyes", Agency: "Metro PD", AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: "dreyes", Password: "harbor-velvet-compass-42", Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Referral: portal.ReferralLE}},
	}); err != nil {
		panic(err)
	}

	review := accessreview.NewService(store.AccessReview(), clock)
	all, _ := review.Review(ctx, admin, accessreview.Filter{})
	for _, e := range all.Entries {
		fmt.Println(e.Username, len(e.Permissions), "permissions,", auth.AccessString(e.Portal))
	}
	le, _ := review.Review(ctx, admin, accessreview.Filter{Switch: accessreview.SwitchReferralLE})
	if err := le.WriteCSV(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// ada 17 permissions, none
	// dreyes 0 permissions, enabled,referral_le
	// username,name,agency,person_id,account_id,groups,permissions,portal,live_shares,live_share_ids,last_login_at
	// dreyes,Dana Reyes,Metro PD,p-000003,a-000005,Referral User,,"enabled,referral_le",0,,
}
