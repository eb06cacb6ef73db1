package personnel

import (
	"context"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// requireLoginDetails is the rule for changing what identifies a person's
// login (its username) or where its links go (their email and phone, which
// a host's auth.LinkDeliverer sends a delivered link to): it is an action
// against the login, and a way into it, so it needs the rank and the reach
// a password link would (auth.RequireCredential, auth.ErrOutranked
// otherwise). For a person without a login it is where the link of a
// login given to them later goes, and that login reaches what they hold
// (the video shares granted to them, the referrals they wrote), so it
// needs the reach of those (auth.RequireHoldingsReach). One's own details
// need nothing more.
func requireLoginDetails(ctx context.Context, tx Tx, actor *auth.Principal, personID string, acct auth.Account, hasLogin bool, before, after Fields, renamed bool, now time.Time) error {
	if !renamed && before.Email == after.Email && before.Phone == after.Phone {
		return nil
	}
	if !hasLogin {
		return auth.RequireHoldingsReach(ctx, tx, actor, personID, now)
	}
	return auth.RequireCredential(ctx, tx, actor, acct, now)
}
