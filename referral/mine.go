package referral

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// MineQuery is a page of My Referrals.
type MineQuery struct {
	// Statuses to include; every status when empty.
	Statuses []Status
	// Limit is the page size: DefaultLimit when 0, at most MaxLimit.
	Limit int
	// Cursor continues from the page that returned it.
	Cursor string
}

// Mine lists the actor's own referrals, newest first, as ForSubmitter shows
// them: their status and the CAC's messages to them. It needs the right
// to author some kind of referral (see MaySubmit), which a legacy referral
// user has whatever their portal switches say (portal.LegacyReferralCutoff).
func (s *Service) Mine(ctx context.Context, actor *auth.Principal, q MineQuery) (_ Page, callErr error) {
	defer s.obs.Call(&ctx, "referral.Mine")(&callErr)
	const op = "referral.Mine"
	if err := requireSubmitter(actor); err != nil {
		return Page{}, err
	}
	var p carenet.Problems
	statuses(q.Statuses, &p, true)
	limit := pageLimit(q.Limit, &p)
	after := pageCursor(q.Cursor, &p)
	if err := p.Err(); err != nil {
		return Page{}, carenet.E(op, carenet.Invalid, "", err)
	}
	list, err := carenet.View(ctx, s.store, func(tx Tx) ([]Referral, error) {
		return tx.Referrals().ListBySubmitter(ctx, SubmitterQuery{
			SubmitterID: actor.PersonID, Statuses: q.Statuses, After: after, Limit: limit + 1,
		})
	})
	if err != nil {
		return Page{}, err
	}
	for i := range list {
		list[i] = ForSubmitter(list[i])
	}
	return page(list, limit, func(r Referral) time.Time { return r.CreatedAt }), nil
}

// GetMine opens one of the actor's own referrals, as ForSubmitter shows it.
// Someone else's referral is the same NotFound as a referral that does not
// exist. It needs the right to author some kind of referral (see
// MaySubmit), which a legacy referral user has whatever their portal
// switches say (portal.LegacyReferralCutoff).
func (s *Service) GetMine(ctx context.Context, actor *auth.Principal, id string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.GetMine")(&callErr)
	if err := requireSubmitter(actor); err != nil {
		return Referral{}, err
	}
	out, err := s.openLogged(ctx, actor, id, func(tx Tx) (Referral, error) {
		return loadOwn(ctx, tx, id, actor.PersonID)
	})
	if err != nil {
		return Referral{}, err
	}
	return ForSubmitter(out), nil
}
