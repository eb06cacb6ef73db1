package personnel

import (
	"context"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// EndDateNeeds is the permission an end-date change from before to after
// needs at now, beyond EditPersonnel, for a person who is active or not
// (nil dates: none). An end date is when access ends (an active person's
// login stops working then, see auth.EndReached), so an edit that
// ends it sooner (sets one where there was none, or moves one earlier,
// whatever the new date) is a deactivation and needs DeactivatePersonnel,
// and one that gives back access already ended (a passed end date moved
// later or cleared) is a reactivation and needs ReactivatePersonnel. For
// an inactive person, and for changes that move a date still to come
// later, it needs nothing (0). It is pure.
func EndDateNeeds(active bool, before, after *time.Time, now time.Time) auth.Permission {
	if !active {
		return 0
	}
	sooner := after != nil && (before == nil || after.Before(*before))
	switch {
	case sooner && !auth.EndReached(before, now):
		return auth.DeactivatePersonnel
	case auth.EndReached(before, now) && !auth.EndReached(after, now):
		return auth.ReactivatePersonnel
	}
	return 0
}

// requireEndDateChange checks what an edit of p's end date to end needs
// at now (EndDateNeeds): the permission, and the rank of the login it
// ends or gives back (auth.ErrOutranked), and an end date for the last
// standing administrator is refused (auth.ErrLastAdministrator).
func requireEndDateChange(ctx context.Context, tx Tx, actor *auth.Principal, p Person, acct auth.Account, hasLogin bool, end *time.Time, now time.Time) error {
	need := EndDateNeeds(p.Active(), p.EndDate, end, now)
	if need == 0 {
		return nil
	}
	if err := actor.Require(need); err != nil {
		return err
	}
	if need == auth.DeactivatePersonnel {
		if err := actor.RequireRecentSignIn(now); err != nil {
			return err
		}
	}
	if err := requireRank(ctx, tx, actor, acct, hasLogin); err != nil {
		return err
	}
	after := p
	after.EndDate = end
	return keepAdministrator(ctx, tx, p, after, acct, acct, hasLogin, now)
}
