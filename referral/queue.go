package referral

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// QueueFilter is the intake queue's filter bar.
type QueueFilter struct {
	// Statuses to list: submitted and under review when empty. Drafts are
	// never listed.
	Statuses []Status
	// Kinds to list; every kind when empty.
	Kinds []Kind
	// Agency matches the referring agency's name without regard to case or
	// accents (see personnel.Fold).
	Agency string
	// Urgency matches exactly when set.
	Urgency Urgency
	// SubmittedFrom and SubmittedBefore bound when the referral was last
	// submitted: From ≤ submitted < Before. Either may be nil.
	SubmittedFrom   *time.Time
	SubmittedBefore *time.Time
	// Limit is the page size: DefaultLimit when 0, at most MaxLimit.
	Limit int
	// Cursor continues from the page that returned it.
	Cursor string
}

// Queue lists referrals for the CAC's intake, oldest submission first. It
// needs ReviewReferrals. A malformed filter is an Invalid error naming the
// field.
func (s *Service) Queue(ctx context.Context, actor *auth.Principal, f QueueFilter) (_ Page, callErr error) {
	defer s.obs.Call(&ctx, "referral.Queue")(&callErr)
	const op = "referral.Queue"
	if err := actor.Require(auth.ReviewReferrals); err != nil {
		return Page{}, err
	}
	var p carenet.Problems
	q := QueueQuery{Statuses: f.Statuses, Kinds: f.Kinds, Urgency: f.Urgency, SubmittedFrom: f.SubmittedFrom, SubmittedBefore: f.SubmittedBefore}
	if len(q.Statuses) == 0 {
		q.Statuses = []Status{StatusSubmitted, StatusUnderReview}
	}
	statuses(f.Statuses, &p, false)
	for i, k := range f.Kinds {
		if !k.Valid() {
			p.Add(carenet.Path("kinds", i), carenet.RuleOneOf, "must be one of client, le, cps, combined")
		}
	}
	if p.Text("agency", f.Agency, false, MaxAgencyLength, false) {
		q.Agency = personnel.Fold(f.Agency)
	}
	p.OneOf("urgency", string(f.Urgency), f.Urgency.Valid(), false, "must be one of routine, urgent, emergency")
	if f.SubmittedFrom != nil && f.SubmittedBefore != nil && !f.SubmittedFrom.Before(*f.SubmittedBefore) {
		p.Add("submitted_before", carenet.RuleOrder, "must be after submitted_from")
	}
	limit := pageLimit(f.Limit, &p)
	q.Limit, q.After = limit+1, pageCursor(f.Cursor, &p)
	if err := p.Err(); err != nil {
		return Page{}, carenet.E(op, carenet.Invalid, "", err)
	}
	list, err := carenet.View(ctx, s.store, func(tx Tx) ([]Referral, error) {
		return tx.Referrals().Queue(ctx, q)
	})
	if err != nil {
		return Page{}, err
	}
	return page(list, limit, func(r Referral) time.Time { return *r.SubmittedAt }), nil
}

// Open returns a referral with everything the CAC keeps about it. It needs
// ReviewReferrals; a draft is NotFound, as drafts are their submitter's
// alone.
func (s *Service) Open(ctx context.Context, actor *auth.Principal, id string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Open")(&callErr)
	if err := actor.Require(auth.ReviewReferrals); err != nil {
		return Referral{}, err
	}
	return s.openLogged(ctx, actor, id, func(tx Tx) (Referral, error) {
		return loadQueued(ctx, tx, id)
	})
}
