package personnel

import (
	"context"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// requireRank refuses, with auth.ErrOutranked, an actor acting on a login
// that holds permissions they lack (see auth.RequireOutrank). A nil actor
// is the system (the end-date sweep), which no rank binds; a person
// without a login holds nothing.
func requireRank(ctx context.Context, tx Tx, actor *auth.Principal, acct auth.Account, hasLogin bool) error {
	if actor == nil || !hasLogin {
		return nil
	}
	return auth.RequireOutrank(ctx, tx, actor, acct)
}

// keepAdministrator refuses, with auth.ErrLastAdministrator, a change of
// the person p and their login acct into p2 and acct2 that takes the last
// standing administrator away (see auth.RequireAdministratorKept). It
// binds the system too.
func keepAdministrator(ctx context.Context, tx Tx, p, p2 Person, acct, acct2 auth.Account, hasLogin bool, now time.Time) error {
	if !hasLogin {
		return nil
	}
	return auth.RequireAdministratorKept(ctx, tx, acct, acct2, holderOf(p), holderOf(p2), now)
}

// holderOf is what auth knows of p.
func holderOf(p Person) auth.Holder {
	return auth.Holder{PersonID: p.ID, Active: p.Active(), EndDate: p.EndDate}
}
