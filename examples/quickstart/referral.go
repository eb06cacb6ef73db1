package main

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
)

// day returns midnight UTC of the date.
func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func intp(v int) *int { return &v }

// leReferral is the referral Officer Okafor submits.
func leReferral() referral.Form {
	return referral.Form{
		Kind:             referral.KindLE,
		Referrer:         referral.Contact{Name: "Officer Rita Okafor", Agency: "Metro PD", Phone: "555-010-2000", Email: "rokafor@metro.example.org"},
		Reason:           "Disclosure at school; forensic interview needed.",
		AgencyCaseNumber: "MPD-2026-00123",
		IncidentDate:     day(2026, 4, 26),
		ReportedDate:     day(2026, 5, 1),
		Children: []referral.Child{
			{GivenName: "Jamie", FamilyName: "Doe", DateOfBirth: day(2016, 5, 14), Age: intp(9), Gender: "female",
				Address: referral.Address{Line1: "12 Elm Street", City: "Riverside", Region: "CA", PostalCode: "92501"}},
			{GivenName: "Alex", FamilyName: "Doe", Age: intp(6), Gender: "male"},
		},
		Household: []referral.HouseholdPerson{
			{GivenName: "Morgan", FamilyName: "Doe", Role: referral.Caregiver, Relationship: "mother", Phone: "555-010-3000"},
		},
		Offenders:   []referral.Offender{{GivenName: "Chris", FamilyName: "Roe", Age: intp(34), Relationship: "mother's partner"}},
		Allegations: []referral.Allegation{{Type: referral.SexualAbuse}},
		Narrative:   "Jamie told her teacher on 1 May that it happened more than once.",
		Services:    []referral.RequestedService{referral.ForensicInterview, referral.MedicalExam, referral.Advocacy},
		Urgency:     referral.Urgent,
		LE: &referral.LEPart{
			Investigator: referral.Contact{Name: "Det. Dana Brooks", Agency: "Metro PD", Phone: "555-010-2001"},
			BadgeNumber:  "4471", ReportNumber: "2026-000456",
		},
	}
}

// referral: an LE partner submits a referral and follows its status while
// staff work it through intake and accept it into a new case.
func (c *cast) referral(ctx context.Context) error {
	c.section("An LE partner submits a referral; staff accept it")
	rita, err := c.as(ctx, "rokafor")
	if err != nil {
		return err
	}
	const key = "mpd-2026-00123-submit"
	r, err := c.referrals.Submit(ctx, rita, key, leReferral())
	if err != nil {
		return step("Rita submits her referral", err)
	}
	if err := expect(r.Status == referral.StatusSubmitted && r.ReceivedDate != nil, "the referral was stored as %q", r.Status); err != nil {
		return err
	}
	c.ok("Rita submits an LE referral for %d children: %s, received %s", len(r.Children), r.Status, r.ReceivedDate.Format("2006-01-02"))
	again, err := c.referrals.Submit(ctx, rita, key, leReferral())
	if err != nil {
		return step("Rita's retried submission", err)
	}
	if err := expect(again.ID == r.ID, "a retried submission made a second referral"); err != nil {
		return err
	}
	c.ok("her browser retries the submission with the same key: no second referral is made")

	paul, err := c.as(ctx, "pnguyen")
	if err != nil {
		return err
	}
	_, err = c.referrals.Mine(ctx, paul, referral.MineQuery{})
	if err := expect(carenet.ErrorCode(err) == carenet.Forbidden, "a video-only user has My Referrals: %v", err); err != nil {
		return err
	}
	c.ok("Paul, a video-only user, has no My Referrals: %q", carenet.ErrorMessage(err))

	queue, err := c.referrals.Queue(ctx, c.sam, referral.QueueFilter{})
	if err != nil {
		return step("Sam opens the intake queue", err)
	}
	if err := expect(len(queue.Referrals) == 1 && queue.Referrals[0].ID == r.ID, "the intake queue holds %d referral(s)", len(queue.Referrals)); err != nil {
		return err
	}
	c.ok("Sam's intake queue lists it: %s referral from %s, urgency %s", queue.Referrals[0].Kind, queue.Referrals[0].Referrer.Agency, queue.Referrals[0].Urgency)

	c.clock.Advance(5 * time.Minute)
	r, err = c.referrals.MarkUnderReview(ctx, c.sam, r.ID, queue.Referrals[0].Version)
	if err != nil {
		return step("Sam marks it under review", err)
	}
	if err := c.ritaSees(ctx, r.ID, referral.StatusUnderReview); err != nil {
		return err
	}

	c.clock.Advance(5 * time.Minute)
	_, err = c.referrals.Accept(ctx, c.sam, r.ID, r.Version, referral.Decision{NewCase: true})
	var dup *referral.DuplicatesError
	if err := expect(carenet.ErrorCode(err) == carenet.Conflict && errors.As(err, &dup) && len(dup.Matches) == 1,
		"accepting into a new case skipped the duplicate-client check: %v", err); err != nil {
		return err
	}
	c.ok("Sam accepts it into a new case; the host's duplicate-client check holds it: %s", dup.Matches[0].Summary)
	r, err = c.referrals.Accept(ctx, c.sam, r.ID, r.Version, referral.Decision{
		NewCase: true, DuplicatesReviewed: true, Note: "Different child: the 2025 case's Jamie Doe was born in 2012.",
	})
	if err != nil {
		return step("Sam confirms a new case", err)
	}
	if err := expect(r.Status == referral.StatusAccepted && strings.HasPrefix(r.CaseID, "CASE-2026-"), "the referral is %q in case %q", r.Status, r.CaseID); err != nil {
		return err
	}
	c.ok("the other child was born in 2012, so Sam confirms a new case: the host opens %s", r.CaseID)
	if err := c.ritaSees(ctx, r.ID, referral.StatusAccepted); err != nil {
		return err
	}
	if rita, err = c.as(ctx, "rokafor"); err != nil {
		return err
	}
	mine, err := c.referrals.GetMine(ctx, rita, r.ID)
	if err != nil {
		return step("Rita opens her referral", err)
	}
	var trail []string
	hidden := mine.CaseID == ""
	for _, e := range mine.History {
		trail = append(trail, string(e.To))
		hidden = hidden && e.Note == ""
	}
	if err := expect(hidden, "Rita sees the CAC's case or internal note"); err != nil {
		return err
	}
	c.ok("her history reads %s; the case and Sam's internal note stay with the CAC", strings.Join(trail, " → "))
	c.interviewCase = r.CaseID
	return nil
}

// ritaSees checks the status Rita's My Referrals shows for her referral.
func (c *cast) ritaSees(ctx context.Context, id string, want referral.Status) error {
	rita, err := c.as(ctx, "rokafor")
	if err != nil {
		return err
	}
	page, err := c.referrals.Mine(ctx, rita, referral.MineQuery{})
	if err != nil {
		return step("Rita opens My Referrals", err)
	}
	if err := expect(len(page.Referrals) == 1 && page.Referrals[0].ID == id && page.Referrals[0].Status == want,
		"Rita's My Referrals does not show her referral %s", want); err != nil {
		return err
	}
	c.ok("Rita follows it in My Referrals: %s", want)
	return nil
}
