package main

import (
	"context"
	"net/http"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
)

// The staff intake queue. Every call needs the ReviewReferrals permission
// (403 without it); the referral service checks it.

// intakeQueue lists referrals waiting for intake (referral.Service.Queue),
// oldest submission first. Query: statuses and kinds (repeated or
// comma-separated), agency, urgency, submitted_from and submitted_before
// (RFC 3339), limit, cursor.
func (s *server) intakeQueue(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	q := newQuery(r.URL)
	f := referral.QueueFilter{
		Statuses: statusesOf(q.list("statuses")),
		Agency:   q.str("agency"),
		Urgency:  referral.Urgency(q.str("urgency")),
		Limit:    q.int("limit"),
		Cursor:   q.str("cursor"),
	}
	for _, k := range q.list("kinds") {
		f.Kinds = append(f.Kinds, referral.Kind(k))
	}
	f.SubmittedFrom, f.SubmittedBefore = q.time("submitted_from"), q.time("submitted_before")
	if err := q.err(); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.cfg.Referrals.Queue(r.Context(), p, f)
	s.writeResult(w, r, pageOf(page), err)
}

// intakeOpen opens a referral with everything the CAC keeps about it
// (referral.Service.Open).
func (s *server) intakeOpen(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ref, err := s.cfg.Referrals.Open(r.Context(), p, r.PathValue("id"))
	s.writeResult(w, r, ref, err)
}

// versioned is a reviewer's request body: it carries the version the
// reviewer opened, as every decision must (a referral changed since is a
// 409).
type versioned interface{ version() *int64 }

// reviewRequest is the body of a decision that needs nothing else.
type reviewRequest struct {
	Version *int64 `json:"version"`
}

// messageRequest asks the referrer for more information.
type messageRequest struct {
	Version *int64 `json:"version"`
	Message string `json:"message"`
}

// rejectRequest sends a referral back with a reason the referrer reads.
type rejectRequest struct {
	Version *int64 `json:"version"`
	Reason  string `json:"reason"`
}

// acceptRequest is a referral.Decision.
type acceptRequest struct {
	Version            *int64 `json:"version"`
	CaseID             string `json:"case_id,omitempty"`
	NewCase            bool   `json:"new_case,omitempty"`
	DuplicatesReviewed bool   `json:"duplicates_reviewed,omitempty"`
	Note               string `json:"note,omitempty"`
}

func (r reviewRequest) version() *int64  { return r.Version }
func (r messageRequest) version() *int64 { return r.Version }
func (r rejectRequest) version() *int64  { return r.Version }
func (r acceptRequest) version() *int64  { return r.Version }

// review makes the handler of one reviewer decision: it decodes the body
// strictly, requires the version, calls decide and answers with the
// referral as it now is.
func review[T versioned](s *server, decide func(ctx context.Context, p *auth.Principal, id string, version int64, in T) (referral.Referral, error)) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
		var in T
		if err := s.decode(w, r, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		v := in.version()
		if v == nil {
			s.writeError(w, r, invalid("version", carenet.RuleRequired, "is required: send the version you opened"))
			return
		}
		ref, err := decide(r.Context(), p, r.PathValue("id"), *v, in)
		s.writeResult(w, r, ref, err)
	}
}

// intakeReview marks a submitted referral under review.
func (s *server) intakeReview() authedHandler {
	return review(s, func(ctx context.Context, p *auth.Principal, id string, v int64, _ reviewRequest) (referral.Referral, error) {
		return s.cfg.Referrals.MarkUnderReview(ctx, p, id, v)
	})
}

// intakeRequestInfo sends a referral back asking for more information.
func (s *server) intakeRequestInfo() authedHandler {
	return review(s, func(ctx context.Context, p *auth.Principal, id string, v int64, in messageRequest) (referral.Referral, error) {
		return s.cfg.Referrals.RequestInfo(ctx, p, id, v, in.Message)
	})
}

// intakeReject sends a referral back to its referrer with a reason.
func (s *server) intakeReject() authedHandler {
	return review(s, func(ctx context.Context, p *auth.Principal, id string, v int64, in rejectRequest) (referral.Referral, error) {
		return s.cfg.Referrals.Reject(ctx, p, id, v, in.Reason)
	})
}

// intakeAccept accepts a referral into an existing case or a new one. A
// new case runs the duplicate-client check first: matches come back as a
// 409 listing them, to link one or confirm with duplicates_reviewed.
func (s *server) intakeAccept() authedHandler {
	return review(s, func(ctx context.Context, p *auth.Principal, id string, v int64, in acceptRequest) (referral.Referral, error) {
		return s.cfg.Referrals.Accept(ctx, p, id, v, referral.Decision{
			CaseID: in.CaseID, NewCase: in.NewCase, DuplicatesReviewed: in.DuplicatesReviewed, Note: in.Note,
		})
	})
}
