package auth

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
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

// RequireCredential is the rule for handing actor a way into the login a
// (a password link's token, a password they chose for it, its second
// factor removed, or its holder's contact details that a delivered link
// follows): the system (a nil actor: operators' tools such as
// CreateAdministrator) and the login's own holder may have it; anyone else
// must reach everything the login reaches (RequireReach, ErrOutranked
// otherwise), gathered in tx at now. Reaching its permissions includes
// its rank (RequireOutrank). Call it in the write transaction that makes
// the change.
func RequireCredential(ctx context.Context, tx Tx, actor *Principal, a Account, now time.Time) error {
	if actor == nil || actor.AccountID == a.ID {
		return nil
	}
	r, err := reachOf(ctx, tx, actor.reg, a, now)
	if err != nil {
		return err
	}
	return RequireReach(actor, r)
}

// RequireHoldingsReach is RequireCredential for a person without a login:
// the rule for changing where a login given to them later would have its
// links delivered (their email and phone). Such a login reaches the
// records the person holds (Holdings: video shares granted to them,
// referrals they wrote), so the system (a nil actor) and the person
// themselves may change them; anyone else must reach those holdings
// (RequireReach), gathered in tx at now, ErrOutranked otherwise. A person
// who holds nothing needs nothing. Call it in the write transaction that
// makes the change.
func RequireHoldingsReach(ctx context.Context, tx Tx, actor *Principal, personID string, now time.Time) error {
	if actor == nil || actor.PersonID == personID {
		return nil
	}
	h, err := tx.Accounts().Holdings(ctx, personID, now)
	if err != nil {
		return err
	}
	return RequireReach(actor, Reach{Holdings: h})
}

// requireHandedToReach is the rule for redeeming a link whose token was
// handed to the actor with the account handedTo (PasswordToken.HandedTo):
// that actor, with the permissions they hold at now, must still reach
// everything the login a reaches at now (RequireReach); ErrOutranked
// otherwise, also when their account is gone. A link handed to no one
// (delivered to the holder, or given to the system or the holder) needs
// nothing.
func requireHandedToReach(ctx context.Context, tx Tx, reg *PermissionRegistry, handedTo string, a Account, now time.Time) error {
	if handedTo == "" || handedTo == a.ID {
		return nil
	}
	issuer, err := tx.Accounts().Get(ctx, handedTo)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return ErrOutranked
	}
	if err != nil {
		return err
	}
	p, err := reg.PrincipalOf(ctx, tx.Accounts(), issuer, now)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return ErrOutranked
	}
	if err != nil {
		return err
	}
	r, err := reachOf(ctx, tx, reg, a, now)
	if err != nil {
		return err
	}
	return RequireReach(p, r)
}

// reachOf gathers in tx what the login a reaches once in use (its person
// and login active, as a set-password link makes it): the permissions of
// its security groups, its portal capabilities and its person's holdings
// at now.
func reachOf(ctx context.Context, tx Tx, reg *PermissionRegistry, a Account, now time.Time) (Reach, error) {
	groups, err := groupsFor(ctx, tx.Accounts(), a.Groups)
	if err != nil {
		return Reach{}, err
	}
	if reg.unknownHost(groups) {
		return Reach{}, ErrOutranked
	}
	h, err := tx.Accounts().Holdings(ctx, a.PersonID, now)
	if err != nil {
		return Reach{}, err
	}
	inUse := a
	inUse.Active = true
	return Reach{
		Permissions: reg.EffectivePermissions(groups),
		Portal:      portal.Compute(PortalFacts(inUse, true)),
		Holdings:    h,
	}, nil
}

// requireOutrank is RequireOutrank under the name the credential rules of
// this package use.
func requireOutrank(ctx context.Context, tx Tx, actor *Principal, target Account) error {
	return RequireOutrank(ctx, tx, actor, target)
}
