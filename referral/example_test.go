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

// date returns a pointer to a calendar day, as a Form holds its dates.
func date(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// lePolice returns a complete law-enforcement referral, as a detective
// would fill it in on 2 March 2026.
func lePolice() referral.Form {
	return referral.Form{
		Kind:         referral.KindLE,
		Referrer:     referral.Contact{Name: "Det. Dana Reyes", Agency: "Metro Police Department", Phone: "555-010-2000"},
		Reason:       "Disclosure at school; forensic interview needed.",
		IncidentDate: date(2026, 2, 20),
		ReportedDate: date(2026, 2, 27),
		Children: []referral.Child{
			{GivenName: "Jamie", FamilyName: "Doe", DateOfBirth: date(2016, 5, 14)},
		},
		Allegations: []referral.Allegation{{Type: referral.SexualAbuse}},
		Narrative:   "Jamie told her teacher on 27 February that it happened more than once.",
		Services:    []referral.RequestedService{referral.ForensicInterview, referral.MedicalExam},
		Urgency:     referral.Urgent,
		LE:          &referral.LEPart{Investigator: referral.Contact{Name: "Det. Dana Reyes"}, ReportNumber: "2026-000456"},
	}
}

// ExampleValidate shows every problem of a form reported at once, each
// with its field path and rule code, and then the corrected form passing.
func ExampleValidate() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	f := lePolice()
	f.Referrer.Email = "dana@"                                         // not an email address
	f.ReportedDate = date(2026, 3, 5)                                  // after today
	f.Children = append(f.Children, referral.Child{FamilyName: "Doe"}) // neither a date of birth nor an age
	age := 7
	f.Children[0].Age = &age // the date of birth makes Jamie 9
	f.Allegations = append(f.Allegations,
		referral.Allegation{Type: referral.SexualAbuse},     // listed twice
		referral.Allegation{Type: referral.OtherAllegation}, // "other" needs details
	)
	f.LE = nil // an LE referral needs its LE part

	err := referral.Validate(referral.Referral{Form: f}, now, referral.Rules{})
	fmt.Println(carenet.ErrorCode(err))
	for _, p := range carenet.Validation(err).Problems {
		fmt.Println(p.Field, p.Rule)
	}

	err = referral.Validate(referral.Referral{Form: lePolice()}, now, referral.Rules{})
	fmt.Println("fixed:", err)
	// Output:
	// invalid
	// referrer.email format
	// le required
	// reported_date in_future
	// children[0].age mismatch
	// children[1].date_of_birth required
	// allegations[1].type duplicate
	// allegations[2].details required
	// fixed: <nil>
}

// ExampleTransition walks the referral state machine: legal moves give the
// next status, illegal ones a Conflict saying why.
func ExampleTransition() {
	moves := []struct {
		from   referral.Status
		action referral.Action
	}{
		{referral.StatusNone, referral.ActionSubmit},
		{referral.StatusSubmitted, referral.ActionReview},
		{referral.StatusUnderReview, referral.ActionRequestInfo},
		{referral.StatusInfoRequested, referral.ActionEdit},
		{referral.StatusInfoRequested, referral.ActionSubmit},
		{referral.StatusUnderReview, referral.ActionAccept},
		{referral.StatusAccepted, referral.ActionMessage},
		{referral.StatusAccepted, referral.ActionReject},
		{referral.StatusDraft, referral.ActionAccept},
	}
	for _, m := range moves {
		from := string(m.from)
		if m.from == referral.StatusNone {
			from = "(new)"
		}
		to, err := referral.Transition(m.from, m.action)
		if err != nil {
			fmt.Printf("%-14s %-12s %s: %s\n", from, m.action, carenet.ErrorCode(err), carenet.ErrorMessage(err))
			continue
		}
		fmt.Printf("%-14s %-12s → %s\n", from, m.action, to)
	}
	// Output:
	// (new)          submit       → submitted
	// submitted      review       → under_review
	// under_review   request_info → info_requested
	// info_requested edit         → info_requested
	// info_requested submit       → submitted
	// under_review   accept       → accepted
	// accepted       message      → accepted
	// accepted       reject       conflict: cannot reject a referral that is accepted
	// draft          accept       conflict: cannot accept a referral that is a draft
}

// ExampleMaySubmit shows who may author which kind of referral: CAC staff
// with auth.SubmitReferrals any kind; a portal user by their portal
// capabilities.
func ExampleMaySubmit() {
	// A referral-only portal user with Referral Portal Access, as
	// auth.Service.Authenticate builds them.
	detective := &auth.Principal{PersonID: "p-dana", Portal: portal.Compute(portal.Facts{
		HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true,
		Access: portal.Access{Enabled: true, Referral: portal.ReferralBoth},
	})}
	// A partner whose portal allows CPS referrals only.
	caseworker := &auth.Principal{PersonID: "p-casey", Portal: portal.Capabilities{
		Landing: portal.LandingDashboard, Set: portal.UsePortal | portal.SubmitCPSReferrals,
	}}
	// A prosecutor with Video Portal Access only.
	prosecutor := &auth.Principal{PersonID: "p-pat", Portal: portal.Compute(portal.Facts{
		HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true,
		Access: portal.Access{Enabled: true, Video: true},
	})}
	// CAC staff entering a referral taken by phone.
	staff := &auth.Principal{PersonID: "p-sam", Permissions: auth.NewPermissionSet(auth.SubmitReferrals)}

	for _, who := range []struct {
		name string
		p    *auth.Principal
	}{{"detective", detective}, {"caseworker", caseworker}, {"prosecutor", prosecutor}, {"staff", staff}, {"nobody", nil}} {
		fmt.Printf("%-10s", who.name)
		for _, k := range referral.Kinds() {
			answer := "ok"
			if err := referral.MaySubmit(who.p, k); err != nil {
				answer = string(carenet.ErrorCode(err))
			}
			fmt.Printf(" %s=%s", k, answer)
		}
		fmt.Println()
	}
	// Output:
	// detective  client=ok le=ok cps=ok combined=ok
	// caseworker client=ok le=forbidden cps=ok combined=forbidden
	// prosecutor client=forbidden le=forbidden cps=forbidden combined=forbidden
	// staff      client=ok le=ok cps=ok combined=ok
	// nobody     client=unauthenticated le=unauthenticated cps=unauthenticated combined=unauthenticated
}

// intake is a host's case system in miniature: it never finds a duplicate
// client, and makes one case per referral (a second call for the same
// referral returns the same case, as IntakeHook requires).
type intake struct{ cases map[string]string }

func (h *intake) FindDuplicates(context.Context, referral.Referral) ([]referral.CaseMatch, error) {
	return nil, nil
}

func (h *intake) CreateCase(_ context.Context, r referral.Referral) (string, error) {
	if id, ok := h.cases[r.ID]; ok {
		return id, nil
	}
	id := fmt.Sprintf("CASE-2026-%04d", len(h.cases)+1)
	h.cases[r.ID] = id
	return id, nil
}

// ExampleService follows a referral from a detective's portal to the CAC's
// intake queue and into a case: the detective submits it (a retry with the
// same idempotency key makes nothing new) and sees it in My Referrals; a
// reviewer finds it in the queue, marks it under review and accepts it into
// a new case the host creates; the detective follows its status without
// seeing the CAC's case number or internal notes.
func ExampleService() {
	ctx := context.Background()
	clock := carenet.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store := memory.New()
	h := &carenettest.Harness{} // panics if a step of the set-up is refused
	defer h.Close()

	// The people, on the staff services: an administrator, a reviewer in
	// an intake group, and a detective with a referral-only portal login.
	authSvc, people, admin := carenettest.StaffServices(h, ctx, store, clock, "ada", "granite-orchard-lantern-7")
	group, err := authSvc.CreateSecurityGroup(ctx, admin, "Intake", "Works the referral queue.", auth.NewPermissionSet(auth.ReviewReferrals))
	if err != nil {
		panic(err)
	}
	if _, err := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Rae", FamilyName: "Reviewer", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "rae", Password: "copper-meadow-signal-31", Groups: []string{group.ID}},
	}); err != nil {
		panic(err)
	}
	if _, err := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Dana", FamilyName: "Reyes", Agency: "Metro Police Department", AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: "dreyes", Password: "harbor-velvet-compass-42", Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Referral: portal.ReferralBoth}},
	}); err != nil {
		panic(err)
	}
	dana, rae := carenettest.SignIn(h, ctx, authSvc, "dreyes", "harbor-velvet-compass-42"), carenettest.SignIn(h, ctx, authSvc, "rae", "copper-meadow-signal-31")

	// The referral service, with the host's intake hook that makes cases.
	referrals := referral.NewService(store.Referral(), referral.Config{
		Clock: clock, IDs: carenet.SequentialIDs("ref"), Intake: &intake{cases: map[string]string{}},
	})

	// The detective submits, with a key of her own for the submission.
	r, err := referrals.Submit(ctx, dana, "mpd-2026-00123", lePolice())
	if err != nil {
		panic(err)
	}
	fmt.Println("submitted:", r.ID, r.Status, "received", r.ReceivedDate.Format(time.DateOnly))

	// Her connection dropped before the answer came; the retry with the
	// same key returns the same referral.
	clock.Advance(time.Minute)
	again, err := referrals.Submit(ctx, dana, "mpd-2026-00123", lePolice())
	fmt.Println("retried:", again.ID, err)

	mine, _ := referrals.Mine(ctx, dana, referral.MineQuery{})
	for _, m := range mine.Referrals {
		fmt.Println("my referrals:", m.ID, m.Kind, m.Status)
	}

	// The reviewer works the queue.
	clock.Advance(time.Hour)
	queue, _ := referrals.Queue(ctx, rae, referral.QueueFilter{})
	for _, q := range queue.Referrals {
		fmt.Println("queue:", q.ID, q.Kind, q.Urgency, q.Referrer.Agency, q.Status)
	}
	r, err = referrals.MarkUnderReview(ctx, rae, r.ID, queue.Referrals[0].Version)
	fmt.Println("review:", r.Status, err)
	clock.Advance(15 * time.Minute)
	r, err = referrals.Accept(ctx, rae, r.ID, r.Version, referral.Decision{NewCase: true, Note: "Interview booked for Thursday."})
	fmt.Println("accept:", r.Status, r.CaseID, err)

	// The CAC's record holds the case and the reviewer's internal note.
	r, _ = referrals.Open(ctx, rae, r.ID)
	fmt.Printf("the CAC sees: case %q, note %q\n", r.CaseID, r.History[len(r.History)-1].Note)

	// The detective follows her referral in My Referrals: its status and
	// history, without the case or the note. The queue is not hers.
	r, _ = referrals.GetMine(ctx, dana, r.ID)
	fmt.Printf("the detective sees: %s, case %q, note %q\n", r.Status, r.CaseID, r.History[len(r.History)-1].Note)
	for _, e := range r.History {
		by := "the CAC"
		if e.ActorID == r.SubmitterID {
			by = "me"
		}
		fmt.Printf("  %s %-6s → %-12s by %s\n", e.At.Format("15:04"), e.Action, e.To, by)
	}
	_, err = referrals.Queue(ctx, dana, referral.QueueFilter{})
	fmt.Println("the detective's queue:", carenet.ErrorCode(err))
	// Output:
	// submitted: ref-000001 submitted received 2026-03-02
	// retried: ref-000001 <nil>
	// my referrals: ref-000001 le submitted
	// queue: ref-000001 le urgent Metro Police Department submitted
	// review: under_review <nil>
	// accept: accepted CASE-2026-0001 <nil>
	// the CAC sees: case "CASE-2026-0001", note "Interview booked for Thursday."
	// the detective sees: accepted, case "", note ""
	//   09:00 submit → submitted    by me
	//   10:01 review → under_review by the CAC
	//   10:16 accept → accepted     by the CAC
	// the detective's queue: forbidden
}
