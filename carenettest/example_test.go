package carenettest_test

import (
	"fmt"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// A host's test sets up its scenario in a few lines. In a test, pass t
// to New; outside one, as here, a Harness stands in for it.
func Example() {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h) // or carenettest.New(t, carenettest.OnPostgres(serverURL))

	rita := env.PortalUser(portal.ReferralOnly)
	r := env.Referral(rita, referral.StatusUnderReview)
	fmt.Println(rita.Username, "sees", rita.Principal.Portal.Tabs.List())
	fmt.Println(r.ID, r.Kind, r.Status)

	paul := env.PortalUser(portal.VideoOnly)
	share := env.Share(env.Video(), paul, video.ViewOnly)
	_, err := env.Videos.RequestAccess(env.Ctx, paul.Principal, video.AccessRequest{ShareID: share.ID, Action: video.Download})
	fmt.Println(paul.Username, "downloads:", carenet.ErrorCode(err))
	// Output:
	// referral-only-1 sees [Dashboard My Referrals]
	// referral-000001 le under_review
	// video-only-1 downloads: forbidden
}

// The manual clock lets time pass: a share ends when it expires, and a
// session that went idle is opened again by Refresh.
func ExampleEnv_Share() {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h)
	dana := env.PortalUser(portal.All)
	share := env.Share(env.Video(), dana, video.ViewAndDownload, func(s *video.NewShare) {
		s.ExpiresAt = env.Clock.Now().Add(48 * time.Hour)
	})
	env.Clock.Advance(72 * time.Hour)
	dana = env.Refresh(dana)
	_, err := env.Videos.RequestAccess(env.Ctx, dana.Principal, video.AccessRequest{ShareID: share.ID, Action: video.View})
	fmt.Println(carenet.ErrorMessage(err))
	// Output:
	// this video share has expired
}

// Referral brings a referral to any status through the service's calls.
func ExampleEnv_Referral() {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h)
	cara := env.PortalUser(portal.DualAccess)
	for _, s := range []referral.Status{referral.StatusDraft, referral.StatusRejected, referral.StatusAccepted} {
		r := env.Referral(cara, s)
		fmt.Println(r.Kind, r.Status, r.CaseID != "")
	}
	// Output:
	// cps draft false
	// cps rejected false
	// cps accepted true
}

// A test of the rules themselves names exactly the groups, users and
// passwords it needs; LoginAs signs in with them.
func ExampleEnv_LoginAs() {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h)
	clerks := env.Group("Clerks", auth.ViewPersonnel)
	env.User("Cal", "Clerk", "cclerk", "violet-lantern-harbor-92", clerks)
	cal := env.LoginAs("cclerk", "violet-lantern-harbor-92").Principal
	fmt.Println(cal.Can(auth.ViewPersonnel), cal.Can(auth.EditPersonnel))
	_, err := env.Personnel.Edit(env.Ctx, cal, env.Admin.ID(), 1, personnel.Update{})
	fmt.Println(carenet.ErrorCode(err))
	// Output:
	// true false
	// forbidden
}

// Main in TestMain lets CARENET_TEST_STORE=postgres run a package's tests
// on PostgreSQL, each Env on a copy of one migrated template database.
func ExampleMain() {
	// In a package's main_test.go:
	//
	//	func TestMain(m *testing.M) { os.Exit(carenettest.Main(m)) }
	//
	// and then, in its tests, every Env runs on the store asked for:
	//
	//	env := carenettest.New(t)
}
