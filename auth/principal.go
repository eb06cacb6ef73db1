package auth

import (
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

// Principal is an authenticated caller: who they are, what they may do and
// what the portal gives them. Service.Authenticate builds one per call from
// the stored state, so a changed permission set or a deactivation takes
// effect at the caller's next call.
type Principal struct {
	PersonID  string
	AccountID string
	Username  string
	// SessionID is the session the caller authenticated with.
	SessionID string
	// Groups are the IDs of the caller's security groups.
	Groups []string
	// Permissions is what the groups grant (GrantedPermissions): the union
	// of their permissions for a user who may use CareNet, none otherwise.
	Permissions PermissionSet
	// Portal is what the portal gives the caller.
	Portal portal.Capabilities
	// AuthenticatedAt is when the caller last proved who they are with
	// their credentials: for a principal of a session, the session's
	// sign-in or its latest re-authentication (Session.AuthenticatedAt,
	// see Service.Reauthenticate), not the time of the call; for one built
	// by PrincipalFrom, the time it was given. Sensitive actions need it
	// to be recent (RequireRecentSignIn).
	AuthenticatedAt time.Time
	// MustEnrolSecondFactor says a security group of the caller requires
	// a second factor they have not set up (EnrolmentRequired): the
	// session may enrol one (BeginTOTP, ConfirmTOTP) and sign out (Logout,
	// or EndSession of the current session), nothing else. Permissions and
	// Portal are empty, Can is false for everything, and every other call
	// refuses with ErrEnrolSecondFactor. Once the second factor is
	// enrolled, the session's next Authenticate is a full principal.
	MustEnrolSecondFactor bool

	// reg is the registry of the service that built the principal, which
	// names its host permissions and resolves groups' for the rank rules.
	reg *PermissionRegistry
	// window is the service's Config.ReauthWindow (0: the default).
	window time.Duration
}

// Can reports whether the principal holds the permission, SDK or host. A
// nil principal holds none. It does not allocate.
func (p *Principal) Can(perm Permission) bool {
	return p != nil && !p.MustEnrolSecondFactor && p.Permissions.Has(perm)
}

// Require returns nil if the principal holds the permission, else an error:
// Unauthenticated for a nil principal, ErrEnrolSecondFactor for one that
// must enrol a second factor first, Forbidden naming the permission
// otherwise.
func (p *Principal) Require(perm Permission) error {
	if err := p.RequireFull(); err != nil {
		return err
	}
	if p.Permissions.Has(perm) {
		return nil
	}
	return &carenet.Error{Code: carenet.Forbidden, Message: "you do not have the " + p.reg.Name(perm) + " permission"}
}

// RequireCapability returns nil if the portal gives the principal x, else
// an error: as RequireFull's for a nil principal or one that must enrol a
// second factor first, a Forbidden error naming x otherwise (see
// portal.Require).
func (p *Principal) RequireCapability(x portal.Capability) error {
	if err := p.RequireFull(); err != nil {
		return err
	}
	return portal.Require(p.Portal, x)
}

// ActorID is the person ID to record as the actor of a change; empty for a
// nil principal.
func (p *Principal) ActorID() string {
	if p == nil {
		return ""
	}
	return p.PersonID
}

var errNoPrincipal = &carenet.Error{Code: carenet.Unauthenticated, Message: "authentication required"}

// Registry is the permission registry of the service that built the
// principal (Config.Permissions), which knows the host's permissions; nil
// for a principal built without one. A service that asks what another
// login holds on the principal's behalf (an access review) reads that
// login's host permissions through it, as the rank rules do.
func (p *Principal) Registry() *PermissionRegistry {
	if p == nil {
		return nil
	}
	return p.reg
}

// PermissionNames are the stable names of the principal's permissions, SDK
// and host alike, in order.
func (p *Principal) PermissionNames() []string {
	if p == nil {
		return nil
	}
	return p.reg.names(p.Permissions)
}
