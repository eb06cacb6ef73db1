package referral

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// HandOverResult is what HandOver did.
type HandOverResult struct {
	// From and To are the person IDs of the former and the new submitter.
	From, To string
	// Referrals are the IDs of the referrals handed over, newest first.
	Referrals []string
}

// HandOver gives every open referral (a draft, or one not yet accepted,
// merged or deleted) that the person fromID submitted to the person toID,
// a colleague of the same agency, when the submitter leaves. From then on
// the successor follows them in My Referrals, with their history and
// messages, and may act on them as their submitter; the former submitter
// no longer sees them. Each referral's history gains a hand-over entry,
// and each is audited (EventHandedOver) in the same transaction.
//
// It needs auth.ReassignReferrals, and auth.ReviewReferrals to hand
// referrals to oneself (auth.ErrOutranked otherwise). Taking referrals
// from a submitter is an action against their login, so one whose
// security groups grant a permission the actor lacks is refused
// (auth.RequireOutrankIn, auth.ErrOutranked), active or not; a submitter
// without a login binds no rank. The rules are CheckHandOver's: a
// successor of another agency, an inactive one, or one without referral
// access for every kind handed is an Invalid error naming field "to", and
// nothing changes. Having nothing open to hand over is not an error.
func (s *Service) HandOver(ctx context.Context, actor *auth.Principal, fromID, toID string) (_ HandOverResult, callErr error) {
	defer s.obs.Call(&ctx, "referral.HandOver")(&callErr)
	if err := actor.Require(auth.ReassignReferrals); err != nil {
		return HandOverResult{}, err
	}
	// Handing referrals to oneself would let one read them: only someone
	// who may review referrals anyway may do it.
	if toID == actor.PersonID && !actor.Can(auth.ReviewReferrals) {
		return HandOverResult{}, auth.ErrOutranked
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (HandOverResult, error) {
		out := HandOverResult{From: fromID, To: toID}
		now := s.cfg.Clock.Now()
		f := HandOverFacts{FromID: fromID, ToID: toID}
		var err error
		if f.From, err = findPerson(ctx, tx, fromID); err != nil {
			return HandOverResult{}, err
		}
		// Taking a submitter's referrals away is an action against their
		// login: no one does it to a login that holds more than they do.
		if f.From != nil {
			if err := requireOutrankPerson(ctx, tx, actor, fromID); err != nil {
				return HandOverResult{}, err
			}
		}
		if f.To, err = findPerson(ctx, tx, toID); err != nil {
			return HandOverResult{}, err
		}
		if f.To != nil {
			f.ToActive = f.To.ActiveAt(now)
			if f.Successor, err = successor(ctx, tx, actor.Registry(), toID, now); err != nil {
				return HandOverResult{}, err
			}
		}
		var open []Referral
		if f.From != nil && f.To != nil && fromID != toID {
			if open, err = openReferrals(ctx, tx, fromID); err != nil {
				return HandOverResult{}, err
			}
			for _, r := range open {
				f.Kinds = append(f.Kinds, r.Kind)
			}
		}
		if err := CheckHandOver(f); err != nil {
			return HandOverResult{}, err
		}
		for _, r := range open {
			if len(r.History) >= MaxHistory {
				return HandOverResult{}, errFull
			}
			r.History = append(r.History, Entry{At: now, Action: ActionHandOver, From: r.Status, To: r.Status, ActorID: actor.PersonID})
			r.SubmitterID, r.UpdatedAt = toID, now
			stored, err := tx.Referrals().HandOver(ctx, r)
			if err != nil {
				return HandOverResult{}, err
			}
			if err := s.record(ctx, tx, event{actorID: actor.PersonID, action: ActionHandOver, id: stored.ID, from: stored.Status, to: stored.Status, details: map[string]string{"from_submitter": fromID, "to_submitter": toID}}); err != nil {
				return HandOverResult{}, err
			}
			out.Referrals = append(out.Referrals, stored.ID)
		}
		return out, nil
	})
}

// findPerson reads the person with id, or nil when there is none (or no
// id is given).
func findPerson(ctx context.Context, tx Tx, id string) (*personnel.Person, error) {
	if id == "" {
		return nil, nil
	}
	p, err := tx.People().Get(ctx, id)
	switch carenet.ErrorCode(err) {
	case "":
		return &p, nil
	case carenet.NotFound:
		return nil, nil
	}
	return nil, err
}

// requireOutrankPerson is auth.RequireOutrankIn against the login of the
// person, if they have one.
func requireOutrankPerson(ctx context.Context, tx Tx, actor *auth.Principal, personID string) error {
	a, err := tx.Accounts().ByPerson(ctx, personID)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return auth.RequireOutrankIn(ctx, tx.Accounts(), actor, a)
}

// successor is what the person's login holds at now, host permissions as
// reg knows them, or nil when they have no login.
func successor(ctx context.Context, tx Tx, reg *auth.PermissionRegistry, personID string, now time.Time) (*auth.Principal, error) {
	a, err := tx.Accounts().ByPerson(ctx, personID)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return reg.PrincipalOf(ctx, tx.Accounts(), a, now)
}

// openReferrals lists every referral the submitter has in an open status,
// newest first, page by page.
func openReferrals(ctx context.Context, tx Tx, submitterID string) ([]Referral, error) {
	var out []Referral
	q := SubmitterQuery{SubmitterID: submitterID, Statuses: openStatuses, Limit: MaxLimit}
	for {
		page, err := tx.Referrals().ListBySubmitter(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < q.Limit {
			return out, nil
		}
		last := page[len(page)-1]
		q.After = &Cursor{At: last.CreatedAt, ID: last.ID}
	}
}
