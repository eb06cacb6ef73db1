package auth

import (
	"context"

	"github.com/carenet-go/carenet"
)

// ErrOutranked refuses an actor conferring permissions they do not hold:
// applying security groups that grant them, or obtaining a way into a
// login that holds them (a password link, its second factor removed).
var ErrOutranked = &carenet.Error{Code: carenet.Forbidden, Op: "auth",
	Message: "this would confer permissions you do not hold; ask someone who holds them all"}

// RequireGrantable returns ErrOutranked unless actor holds every
// permission the security groups with the ids grant, so that no
// permission (ResetPasswords, ManageSecurityGroups, ReactivatePersonnel)
// becomes a way to more than its holder has: into an administrator's
// login, or into the Administrator group. Services call it in the
// transaction that confers the groups; NotFound if a group is missing.
func RequireGrantable(ctx context.Context, tx Tx, actor *Principal, groupIDs []string) error {
	if actor == nil {
		return errNoPrincipal
	}
	groups, err := tx.Accounts().Groups(ctx, groupIDs)
	if err != nil {
		return err
	}
	if !actor.Permissions.Covers(EffectivePermissions(groups)) {
		return ErrOutranked
	}
	return nil
}

// requireOutrank is RequireGrantable for the groups of an account whose
// credentials the actor resets; acting on one's own account is always
// allowed.
func requireOutrank(ctx context.Context, tx Tx, actor *Principal, target Account) error {
	if actor.AccountID == target.ID {
		return nil
	}
	return RequireGrantable(ctx, tx, actor, target.Groups)
}
