package accessreview_test

import (
	"fmt"
	"testing"

	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// BenchmarkReview measures a whole review of 200 logins in two security
// groups, through the service on the store testkit picks, and its CSV.
func BenchmarkReview(b *testing.B) {
	k := carenettest.New(b)
	staff := k.Group("Staff", auth.ViewPersonnel, auth.ReviewReferrals)
	for i := range 199 {
		spec := &auth.LoginSpec{Username: fmt.Sprintf("user%03d", i), Password: pw, Groups: []string{staff}}
		if i%2 == 0 {
			spec.Groups = []string{auth.ReferralUserGroup}
			spec.Portal = portal.Access{Enabled: true, Referral: portal.ReferralLE}
		}
		if _, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "User", FamilyName: fmt.Sprintf("N%03d", i), AgencyKind: personnel.AgencyOther},
			Login:  spec,
		}); err != nil {
			b.Fatal(err)
		}
	}
	svc := accessreview.NewService(k.Store.AccessReview(), k.Clock)
	b.ReportAllocs()
	for b.Loop() {
		r, err := svc.Review(k.Ctx, k.Admin.Principal, accessreview.Filter{Permission: "referrals.review"})
		if err != nil || len(r.Entries) != 100 {
			b.Fatal(err, len(r.Entries))
		}
	}
}
