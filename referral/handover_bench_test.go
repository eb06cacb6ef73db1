package referral_test

import (
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// BenchmarkCheckHandOver measures the hand-over rules for a successor who
// may follow all twenty referrals handed.
func BenchmarkCheckHandOver(b *testing.B) {
	from := personnel.Person{ID: "p-1", Fields: personnel.Fields{Agency: "Metro Police Department"}, State: personnel.Active}
	to := personnel.Person{ID: "p-2", Fields: personnel.Fields{Agency: "metro police department"}, State: personnel.Active}
	kinds := make([]referral.Kind, 20)
	for i := range kinds {
		kinds[i] = []referral.Kind{referral.KindLE, referral.KindCPS, referral.KindCombined, referral.KindClient}[i%4]
	}
	f := referral.HandOverFacts{FromID: from.ID, ToID: to.ID, From: &from, To: &to, ToActive: true, Kinds: kinds,
		Successor: &auth.Principal{PersonID: to.ID, Portal: portal.Capabilities{Set: portal.UsePortal | portal.SubmitLEReferrals | portal.SubmitCPSReferrals}}}
	b.ReportAllocs()
	for b.Loop() {
		if err := referral.CheckHandOver(f); err != nil {
			b.Fatal(err)
		}
	}
}
