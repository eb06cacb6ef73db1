package auth

import (
	"context"

	"github.com/carenet-go/carenet"
)

// errOutranked refuses an action on the credentials of a user whose
// security groups grant a permission the actor lacks.
var errOutranked = &carenet.Error{Code: carenet.Forbidden, Op: "auth",
	Message: "this user holds permissions you do not; ask someone who holds them all"}

// requireOutrank refuses, with a Forbidden error, an actor resetting the
// credentials (a password link, a second factor) of an account whose
// security groups grant a permission the actor does not hold: the
// ResetPasswords permission must not be a way to log in as an
// administrator. Acting on one's own account is always allowed.
func requireOutrank(ctx context.Context, tx Tx, actor *Principal, target Account) error {
	if actor.AccountID == target.ID {
		return nil
	}
	groups, err := tx.Accounts().Groups(ctx, target.Groups)
	if err != nil {
		return err
	}
	if !actor.Permissions.Covers(EffectivePermissions(groups)) {
		return errOutranked
	}
	return nil
}
