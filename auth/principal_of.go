package auth

import (
	"context"
	"time"

	"github.com/carenet-go/carenet/portal"
)

// PrincipalFrom is the Principal a login authenticates as at now, without
// a session: its portal capabilities (portal.Compute) and what its
// security groups grant with them (GrantedPermissions). groups are the
// login's security groups; allowed says whether its person may use it at
// now (Holder.AllowedAt). Authenticate builds every principal with it, so
// a service that asks what another person may do (may they follow the
// referrals handed to them, what does an access review list) gets the same
// answer that person's next call would, once signed in with every factor
// their groups require: a session without the second factor its groups
// require holds nothing until it is enrolled (EnrolmentRequired), which
// PrincipalFrom does not apply.
//
// It has no session, and counts as authenticated at now (AuthenticatedAt)
// for sensitive actions (RequireRecentSignIn, with DefaultReauthWindow):
// host code that acts with one vouches that its caller authenticated then.
func PrincipalFrom(a Account, groups []SecurityGroup, allowed bool, now time.Time) *Principal {
	return (*PermissionRegistry)(nil).PrincipalFrom(a, groups, allowed, now)
}

// PrincipalFrom is the package's PrincipalFrom with the host permissions
// of r: the groups grant the host permissions r knows too, and the
// Principal's refusals name them.
func (r *PermissionRegistry) PrincipalFrom(a Account, groups []SecurityGroup, allowed bool, now time.Time) *Principal {
	caps := portal.Compute(PortalFacts(a, allowed))
	return &Principal{
		PersonID:        a.PersonID,
		AccountID:       a.ID,
		Username:        a.Username,
		Groups:          append([]string(nil), a.Groups...),
		Permissions:     r.GrantedPermissions(groups, caps),
		reg:             r,
		Portal:          caps,
		AuthenticatedAt: now,
	}
}

// PrincipalOf is PrincipalFrom reading the login's person and security
// groups from accounts. NotFound if one of them is missing.
func PrincipalOf(ctx context.Context, accounts AccountRepository, a Account, now time.Time) (*Principal, error) {
	return (*PermissionRegistry)(nil).PrincipalOf(ctx, accounts, a, now)
}

// PrincipalOf is the package's PrincipalOf with the host permissions of r.
func (r *PermissionRegistry) PrincipalOf(ctx context.Context, accounts AccountRepository, a Account, now time.Time) (*Principal, error) {
	h, err := accounts.Holder(ctx, a.PersonID)
	if err != nil {
		return nil, err
	}
	groups, err := accounts.Groups(ctx, a.Groups)
	if err != nil {
		return nil, err
	}
	return r.PrincipalFrom(a, groups, h.AllowedAt(now), now), nil
}
