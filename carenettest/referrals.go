package carenettest

import (
	"fmt"
	"time"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// day returns midnight UTC of the date.
func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func intp(v int) *int { return &v }

// LEForm returns a complete law-enforcement referral form for one child,
// Jamie Doe, that passes the default rules.
func LEForm() referral.Form {
	f := baseForm(referral.KindLE)
	f.Referrer = referral.Contact{Name: "Officer Rita Okafor", Agency: "Metro PD", Phone: "555-010-2000", Email: "rokafor@metro.example.org"}
	f.AgencyCaseNumber = "MPD-2026-00123"
	f.LE = &referral.LEPart{
		Investigator: referral.Contact{Name: "Det. Dana Brooks", Agency: "Metro PD", Phone: "555-010-2001"},
		BadgeNumber:  "4471", ReportNumber: "2026-000456",
	}
	return f
}

// CPSForm returns a complete child-protective-services referral form for
// one child, Jamie Doe, that passes the default rules.
func CPSForm() referral.Form {
	f := baseForm(referral.KindCPS)
	f.Referrer = referral.Contact{Name: "Cara Diaz", Agency: "County CPS", Phone: "555-020-1000", Email: "cdiaz@cps.example.org"}
	f.CPS = &referral.CPSPart{
		Caseworker:   referral.Contact{Name: "Cara Diaz", Agency: "County CPS", Phone: "555-020-1000"},
		IntakeNumber: "CPS-2026-0789",
	}
	return f
}

// baseForm is what LEForm and CPSForm share.
func baseForm(kind referral.Kind) referral.Form {
	return referral.Form{
		Kind:         kind,
		Reason:       "Disclosure at school; forensic interview needed.",
		IncidentDate: day(2026, 2, 20),
		ReportedDate: day(2026, 2, 27),
		Children: []referral.Child{{GivenName: "Jamie", FamilyName: "Doe", DateOfBirth: day(2016, 5, 14), Age: intp(9), Gender: "female",
			Address: referral.Address{Line1: "12 Elm Street", City: "Riverside", Region: "CA", PostalCode: "92501"}}},
		Household:   []referral.HouseholdPerson{{GivenName: "Morgan", FamilyName: "Doe", Role: referral.Caregiver, Relationship: "mother", Phone: "555-010-3000"}},
		Allegations: []referral.Allegation{{Type: referral.SexualAbuse}},
		Narrative:   "Jamie told her teacher that it happened more than once.",
		Services:    []referral.RequestedService{referral.ForensicInterview, referral.Advocacy},
		Urgency:     referral.Urgent,
	}
}

// FormFor returns the form a portal user of this agency kind submits: a
// CPS form from child protective services, an LE form from anyone else.
func FormFor(u User) referral.Form {
	if u.Profile.AgencyKind == personnel.AgencyChildProtective {
		return CPSForm()
	}
	return LEForm()
}

// Referral makes a referral submitted by the portal user by (with
// FormFor(by)) and brings it to status through the service's own calls: a
// draft is saved; any other status is submitted and then worked by the
// administrator as a reviewer: marked under review, sent back for
// information, rejected, accepted into a new case of Cases, merged into
// another referral by the same user, or deleted. It returns the referral
// as the reviewer's last call left it.
func (e *Env) Referral(by User, status referral.Status) referral.Referral {
	e.T.Helper()
	return e.ReferralWith(by, FormFor(by), status)
}

// ReferralWith is Referral with the form given.
func (e *Env) ReferralWith(by User, form referral.Form, status referral.Status) referral.Referral {
	e.T.Helper()
	by = e.Refresh(by)
	key := fmt.Sprintf("carenettest-%d", e.next("referral"))
	fail := func(what string, err error) referral.Referral {
		e.T.Helper()
		e.T.Fatalf("carenettest: referral to %s: %s: %v", status, what, err)
		return referral.Referral{}
	}
	if status == referral.StatusDraft {
		r, err := e.Referrals.SaveDraft(e.Ctx, by.Principal, key, form)
		if err != nil {
			return fail("save the draft", err)
		}
		return r
	}
	if !status.Valid() {
		e.T.Fatalf("carenettest: Referral: unknown status %q", status)
	}
	r, err := e.Referrals.Submit(e.Ctx, by.Principal, key, form)
	if err != nil {
		return fail("submit", err)
	}
	reviewer := e.admin()
	switch status {
	case referral.StatusSubmitted:
	case referral.StatusUnderReview:
		r, err = e.Referrals.MarkUnderReview(e.Ctx, reviewer, r.ID, r.Version)
	case referral.StatusInfoRequested:
		r, err = e.Referrals.RequestInfo(e.Ctx, reviewer, r.ID, r.Version, "Please add the child's school.")
	case referral.StatusRejected:
		r, err = e.Referrals.Reject(e.Ctx, reviewer, r.ID, r.Version, "This child is outside our service area.")
	case referral.StatusAccepted:
		r, err = e.Referrals.Accept(e.Ctx, reviewer, r.ID, r.Version, referral.Decision{NewCase: true, DuplicatesReviewed: true})
	case referral.StatusMerged:
		into, ierr := e.Referrals.Submit(e.Ctx, by.Principal, key+"-original", form)
		if ierr != nil {
			return fail("submit the referral it is merged into", ierr)
		}
		r, err = e.Referrals.Merge(e.Ctx, reviewer, r.ID, r.Version, into.ID, "Sent twice.")
	case referral.StatusDeleted:
		r, err = e.Referrals.Delete(e.Ctx, reviewer, r.ID, r.Version, "Submitted by mistake.")
	}
	if err != nil {
		return fail("move it to "+string(status), err)
	}
	return r
}
