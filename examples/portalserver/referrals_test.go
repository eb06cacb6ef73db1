package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/referral"
)

// submit submits the sample form as the client and returns the referral.
func (c *client) submit(f referral.Form, headers ...string) referral.Referral {
	c.h.t.Helper()
	var r referral.Referral
	res := c.post("/api/referrals", f, headers...).status(http.StatusCreated)
	res.json(&r)
	require.Equal(c.h.t, "/api/referrals/"+r.ID, res.header.Get("Location"))
	return r
}

// ritaSubmitsRobin logs Rita (rokafor) in and, a minute after the seeded
// referral, submits the sample form for a child named Robin; it returns
// her client and the referral.
func (h *harness) ritaSubmitsRobin() (*client, referral.Referral) {
	h.t.Helper()
	rita := h.login("rokafor")
	h.advance(time.Minute) // after the seeded referral
	f := sampleForm(h.clock.Now())
	f.Children[0].GivenName = "Robin"
	return rita, rita.submit(f)
}

// mine lists the client's My Referrals.
func (c *client) mine(query string) pageJSON {
	c.h.t.Helper()
	var p pageJSON
	c.get("/api/referrals" + query).status(http.StatusOK).json(&p)
	return p
}

func ids(p pageJSON) []string {
	var out []string
	for _, r := range p.Referrals {
		out = append(out, r.ID)
	}
	return out
}

func TestReferralUserSubmitsAndSeesItInMyReferrals(t *testing.T) {
	h := newHarness(t, true, true)
	rita, r := h.ritaSubmitsRobin()
	require.Equal(t, referral.StatusSubmitted, r.Status)
	require.Equal(t, h.seed.user("rokafor").PersonID, r.SubmitterID)
	require.Equal(t, "Robin", r.Children[0].GivenName)

	mine := rita.mine("")
	require.Equal(t, []string{r.ID, h.seed.ReferralID}, ids(mine), "newest first")
	require.Empty(t, mine.Next)
	require.Equal(t, []string{r.ID}, ids(rita.mine("?limit=1&statuses=submitted"))[:1])
	paged := rita.mine("?limit=1")
	require.NotEmpty(t, paged.Next)
	require.Equal(t, []string{h.seed.ReferralID}, ids(rita.mine("?limit=1&cursor="+paged.Next)))

	var opened referral.Referral
	rita.get("/api/referrals/" + r.ID).status(http.StatusOK).json(&opened)
	require.Equal(t, r.ID, opened.ID)
	require.Equal(t, referral.StatusSubmitted, opened.Status)

	// Another submitter gets the same 404 as for a referral that does not
	// exist, and does not see it in their list.
	dana := h.login("dbrooks")
	theirs := dana.get("/api/referrals/" + r.ID).status(http.StatusNotFound)
	missing := dana.get("/api/referrals/no-such-referral").status(http.StatusNotFound)
	require.JSONEq(t, string(theirs.body), string(missing.body))
	require.Empty(t, dana.mine("").Referrals)

	// A video-only user has no My Referrals.
	require.Equal(t, "forbidden", h.login("pnguyen").get("/api/referrals").status(http.StatusForbidden).apiError().Code)
}

func TestSubmitWithAnIdempotencyKeyMakesOneReferral(t *testing.T) {
	h := newHarness(t, true, true)
	rita := h.login("rokafor")
	f := sampleForm(h.clock.Now())
	first := rita.submit(f, "Idempotency-Key", "form-77")
	again := rita.submit(f, "Idempotency-Key", "form-77")
	require.Equal(t, first.ID, again.ID)
	require.Len(t, rita.mine("").Referrals, 2, "the seeded referral and this one")
}

func TestSubmitReportsEveryProblemByField(t *testing.T) {
	h := newHarness(t, true, true)
	rita := h.login("rokafor")
	f := sampleForm(h.clock.Now())
	f.Narrative = ""
	f.LE = nil
	e := rita.post("/api/referrals", f).problem(http.StatusBadRequest, "narrative", "required")
	var fields []string
	for _, p := range e.Problems {
		fields = append(fields, p.Field+"/"+p.Rule)
	}
	require.ElementsMatch(t, []string{"narrative/required", "le/required"}, fields, "every problem at once")
	require.Len(t, rita.mine("").Referrals, 1, "nothing was stored")

	// A bad query names its parameter.
	rita.get("/api/referrals?limit=many").problem(http.StatusBadRequest, "limit", "format")
	rita.get("/api/referrals?statuses=lost").problem(http.StatusBadRequest, "statuses[0]", "one_of")
}
