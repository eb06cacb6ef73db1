package main

import (
	"net/http"
	"net/url"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
)

// pageJSON is one page of referrals; Next continues the list (pass it as
// ?cursor=) and is empty on the last page.
type pageJSON struct {
	Referrals []referral.Referral `json:"referrals"`
	Next      string              `json:"next,omitempty"`
}

func pageOf(p referral.Page) pageJSON {
	out := pageJSON{Referrals: p.Referrals, Next: p.Next}
	if out.Referrals == nil {
		out.Referrals = []referral.Referral{}
	}
	return out
}

// statusesOf converts names to statuses; the SDK refuses unknown ones,
// naming the field.
func statusesOf(names []string) []referral.Status {
	out := make([]referral.Status, len(names))
	for i, n := range names {
		out[i] = referral.Status(n)
	}
	return out
}

// myReferrals is My Referrals (referral.Service.Mine): the caller's own
// referrals, newest first, as their submitter sees them. Query: statuses
// (repeated or comma-separated), limit, cursor; named as the SDK names
// the fields in its validation problems.
func (s *server) myReferrals(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	q := newQuery(r.URL)
	mq := referral.MineQuery{Statuses: statusesOf(q.list("statuses")), Limit: q.int("limit"), Cursor: q.str("cursor")}
	if err := q.err(); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.cfg.Referrals.Mine(r.Context(), p, mq)
	s.writeResult(w, r, pageOf(page), err)
}

// myReferral opens one of the caller's own referrals
// (referral.Service.GetMine). Anyone else's is the same 404 as one that
// does not exist.
func (s *server) myReferral(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ref, err := s.cfg.Referrals.GetMine(r.Context(), p, r.PathValue("id"))
	s.writeResult(w, r, ref, err)
}

// submitReferral submits a referral (referral.Service.Submit). The body is
// a referral.Form; every problem with it comes back at once as a 400
// naming each field. An Idempotency-Key header makes a retry return the
// referral the first call made instead of making another.
func (s *server) submitReferral(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var f referral.Form
	if err := s.decode(w, r, &f); err != nil {
		s.writeError(w, r, err)
		return
	}
	ref, err := s.cfg.Referrals.Submit(r.Context(), p, r.Header.Get("Idempotency-Key"), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/referrals/"+url.PathEscape(ref.ID))
	writeJSON(w, http.StatusCreated, ref)
}
