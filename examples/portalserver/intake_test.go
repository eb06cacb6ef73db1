package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/referral"
)

// decide posts a reviewer's decision and returns the referral.
func (c *client) decide(id, action string, body map[string]any) referral.Referral {
	c.h.t.Helper()
	var r referral.Referral
	c.post("/api/intake/"+id+"/"+action, body).status(http.StatusOK).json(&r)
	return r
}

func TestReferralOnlyUserIsForbiddenTheIntakeQueue(t *testing.T) {
	h := newHarness(t, true, true)
	rita := h.login("rokafor")
	e := rita.get("/api/intake").status(http.StatusForbidden).apiError()
	require.Equal(t, "forbidden", e.Code)
	require.Equal(t, "you do not have the referrals.review permission", e.Message)
	rita.get("/api/intake/" + h.seed.ReferralID).status(http.StatusForbidden)
	rita.post("/api/intake/"+h.seed.ReferralID+"/reject", map[string]any{"version": 1, "reason": "no"}).status(http.StatusForbidden)

	// Nothing changed: the referral is still submitted.
	var r referral.Referral
	rita.get("/api/referrals/" + h.seed.ReferralID).status(http.StatusOK).json(&r)
	require.Equal(t, referral.StatusSubmitted, r.Status)
}

func TestStaffReviewerWorksTheQueue(t *testing.T) {
	h := newHarness(t, true, true)
	rita, second := h.ritaSubmitsRobin()

	sam := h.login("srivera")
	var q pageJSON
	sam.get("/api/intake").status(http.StatusOK).json(&q)
	require.Equal(t, []string{h.seed.ReferralID, second.ID}, ids(q), "oldest submission first")
	sam.get("/api/intake?kinds=cps").status(http.StatusOK).json(&q)
	require.Empty(t, q.Referrals)
	sam.get("/api/intake?kinds=le&agency=metro+pd&urgency=urgent").status(http.StatusOK).json(&q)
	require.Len(t, q.Referrals, 2)
	sam.get("/api/intake?kinds=parcel").problem(http.StatusBadRequest, "kinds[0]", "one_of")
	sam.get("/api/intake?submitted_from=yesterday").problem(http.StatusBadRequest, "submitted_from", "format")

	var opened referral.Referral
	sam.get("/api/intake/" + h.seed.ReferralID).status(http.StatusOK).json(&opened)
	require.Equal(t, int64(1), opened.Version)

	// Review, then accept into a new case.
	r := sam.decide(opened.ID, "review", map[string]any{"version": opened.Version})
	require.Equal(t, referral.StatusUnderReview, r.Status)
	sam.post("/api/intake/"+r.ID+"/accept", map[string]any{"version": opened.Version, "new_case": true}).status(http.StatusConflict)
	r = sam.decide(r.ID, "accept", map[string]any{"version": r.Version, "new_case": true, "note": "Jamie's case"})
	require.Equal(t, referral.StatusAccepted, r.Status)
	require.Equal(t, "case-0001", r.CaseID)

	// The referrer follows the status, without the CAC's case or notes.
	var seen referral.Referral
	rita.get("/api/referrals/" + r.ID).status(http.StatusOK).json(&seen)
	require.Equal(t, referral.StatusAccepted, seen.Status)
	require.Empty(t, seen.CaseID)
	for _, e := range seen.History {
		require.Empty(t, e.Note)
	}

	// Reject the second with a reason the referrer reads.
	r = sam.decide(second.ID, "reject", map[string]any{"version": second.Version, "reason": "Please add the child's date of birth."})
	require.Equal(t, referral.StatusRejected, r.Status)
	rita.get("/api/referrals/" + second.ID).status(http.StatusOK).json(&seen)
	require.Equal(t, referral.StatusRejected, seen.Status)
	require.Equal(t, "Please add the child's date of birth.", seen.History[len(seen.History)-1].Message)

	// The queue is empty now; both are still listed by status.
	sam.get("/api/intake").status(http.StatusOK).json(&q)
	require.Empty(t, q.Referrals)
	sam.get("/api/intake?statuses=accepted,rejected").status(http.StatusOK).json(&q)
	require.Len(t, q.Referrals, 2)

	// A reject needs its reason and the version.
	sam.post("/api/intake/"+second.ID+"/reject", map[string]any{"version": r.Version}).problem(http.StatusBadRequest, "reason", "required")
	sam.post("/api/intake/"+second.ID+"/reject", map[string]any{"reason": "x"}).problem(http.StatusBadRequest, "version", "required")
	sam.get("/api/intake/no-such-referral").status(http.StatusNotFound)
}

func TestAcceptIntoANewCaseListsDuplicates(t *testing.T) {
	h := newHarness(t, true, true)
	sam := h.login("srivera")
	first := sam.decide(h.seed.ReferralID, "accept", map[string]any{"version": 1, "new_case": true})
	require.Equal(t, "case-0001", first.CaseID)

	// The same child again: the duplicate-client check finds the case.
	again := h.login("rokafor").submit(sampleForm(h.clock.Now()))
	e := sam.post("/api/intake/"+again.ID+"/accept", map[string]any{"version": again.Version, "new_case": true}).status(http.StatusConflict).apiError()
	require.Equal(t, "conflict", e.Code)
	require.Equal(t, []referral.CaseMatch{{CaseID: "case-0001", Summary: "a case with a child of the same name"}}, e.Duplicates)

	// Linking it to that case accepts it.
	r := sam.decide(again.ID, "accept", map[string]any{"version": again.Version, "case_id": "case-0001"})
	require.Equal(t, "case-0001", r.CaseID)
}

func TestReviewerAsksForMoreInformation(t *testing.T) {
	h := newHarness(t, true, true)
	sam := h.login("srivera")
	r := sam.decide(h.seed.ReferralID, "request-info", map[string]any{"version": 1, "message": "Which school does Jamie attend?"})
	require.Equal(t, referral.StatusInfoRequested, r.Status)

	var seen referral.Referral
	h.login("rokafor").get("/api/referrals/" + r.ID).status(http.StatusOK).json(&seen)
	require.Equal(t, referral.StatusInfoRequested, seen.Status)
	require.Equal(t, "Which school does Jamie attend?", seen.History[len(seen.History)-1].Message)

	// A stale version changes nothing.
	e := sam.post("/api/intake/"+r.ID+"/request-info", map[string]any{"version": 1, "message": "Again?"}).status(http.StatusConflict).apiError()
	require.Equal(t, "conflict", e.Code)
	var now referral.Referral
	sam.get("/api/intake/" + r.ID).status(http.StatusOK).json(&now)
	require.Equal(t, r.Version, now.Version)
}
