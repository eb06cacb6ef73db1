package auth

import (
	"context"

	"github.com/carenet-go/carenet"
)

// ErrOutranked refuses an actor conferring, obtaining or acting on more
// than they hold: applying security groups that grant permissions they
// lack, obtaining a way into a login that reaches more than they do (a
// password link, a password they chose, its second factor removed, its
// holder's email, phone or username changed), or taking access away from,
// ending the sessions of, or changing the portal switches or end date of,
// a login that holds permissions they lack.
var ErrOutranked = &carenet.Error{Code: carenet.Forbidden, Op: "auth",
	Message: "this would confer permissions you do not hold; ask someone who holds them all"}

// RequireGrantable returns ErrOutranked unless actor holds every
// permission the security groups with the ids grant, so that no
// permission (ResetPasswords, ManageSecurityGroups, ReactivatePersonnel)
// becomes a way to more than its holder has: into an administrator's
// login, or into the Administrator group. Services call it in the
// transaction that confers the groups; NotFound if a group is missing.
// It is the rank every rule of this file rests on.
func RequireGrantable(ctx context.Context, tx Tx, actor *Principal, groupIDs []string) error {
	return requireGrantable(ctx, tx.Accounts(), actor, groupIDs)
}

// requireGrantable is RequireGrantable reading the groups from accounts.
func requireGrantable(ctx context.Context, accounts AccountRepository, actor *Principal, groupIDs []string) error {
	if actor == nil {
		return errNoPrincipal
	}
	groups, err := groupsFor(ctx, accounts, groupIDs)
	if err != nil {
		return err
	}
	if actor.reg.unknownHost(groups) || !actor.Permissions.Covers(actor.reg.EffectivePermissions(groups)) {
		return ErrOutranked
	}
	return nil
}

// groupsFor returns the security groups with the ids, reading the store
// only for groups other than the built-in ones, whose permissions this
// release fixes (EffectivePermissions) and which every store holds.
func groupsFor(ctx context.Context, accounts AccountRepository, ids []string) ([]SecurityGroup, error) {
	builtin := true
	for _, id := range ids {
		builtin = builtin && (id == AdministratorGroup || id == ReferralUserGroup)
	}
	if builtin {
		out := make([]SecurityGroup, len(ids))
		for i, id := range ids {
			out[i] = SecurityGroup{ID: id, BuiltIn: true}
		}
		return out, nil
	}
	return accounts.Groups(ctx, ids)
}

// RequireOutrank returns ErrOutranked unless actor holds every permission
// the security groups of target grant. It is the rank a change to another
// login needs: deactivating it (and with it disabling its login), setting
// or moving earlier its end date, changing its portal switches or its
// security groups, resetting its second factor, so that no one acts on a
// login that holds more than they do. Acting on one's own login is always
// allowed by rank. Call it in the write transaction that makes the change.
func RequireOutrank(ctx context.Context, tx Tx, actor *Principal, target Account) error {
	return RequireOutrankIn(ctx, tx.Accounts(), actor, target)
}

// RequireOutrankIn is RequireOutrank reading the security groups from
// accounts, for a service whose transaction is no auth.Tx (taking a
// submitter's referrals away in package referral). Call it with the
// repository of the write transaction that makes the change.
func RequireOutrankIn(ctx context.Context, accounts AccountRepository, actor *Principal, target Account) error {
	if actor == nil {
		return errNoPrincipal
	}
	if actor.AccountID == target.ID {
		return nil
	}
	return requireGrantable(ctx, accounts, actor, target.Groups)
}

// requireOutrank is RequireOutrank under the name the credential rules of
// this package use.
func requireOutrank(ctx context.Context, tx Tx, actor *Principal, target Account) error {
	return RequireOutrank(ctx, tx, actor, target)
}
