package auth

import (
	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

// A security group may require a second factor of its members
// (SecurityGroup.RequireSecondFactor). A member without one is not shut
// out: they sign in with their password to a restricted session, whose
// Principal has MustEnrolSecondFactor set, holds no permission and no
// portal capability, and may only enrol a second factor (BeginTOTP,
// ConfirmTOTP, or a passkey: BeginPasskeyRegistration,
// FinishPasskeyRegistration) and sign out. Everything else refuses it with
// ErrEnrolSecondFactor, whose code (carenet.SecondFactorEnrolmentRequired)
// a host maps to its enrolment page. The rule is evaluated on every
// Authenticate, from the stored groups and account, so requiring a second
// factor of a group restricts its members at their next call, and a
// session becomes a full one at the first call after its user enrolled
// (ConfirmTOTP, and FinishPasskeyRegistration of a first passkey, end
// their other sessions, opened without it; both stores' session lookup
// counts the passkeys, SessionFacts.Passkeys).

// HasSecondFactor reports whether an account holding passkeys passkeys
// (Credentials.Passkeys, SessionFacts.Passkeys) has a second factor: a
// confirmed TOTP enrolment or a passkey. It is the one answer to that
// question, for login (which then asks for one, and either kind answers),
// for the policy that requires one (EnrolmentRequired) and for what voids
// recovery codes; a new kind of second factor is added here.
func HasSecondFactor(a Account, passkeys int) bool { return a.TOTPEnabled || passkeys > 0 }

// GroupsRequireSecondFactor reports whether any of groups requires a second
// factor of its members.
func GroupsRequireSecondFactor(groups []SecurityGroup) bool {
	for _, g := range groups {
		if g.RequireSecondFactor {
			return true
		}
	}
	return false
}

// EnrolmentRequired is the second-factor policy: a login whose security
// groups (groups, as stored) require a second factor, and that has none
// (HasSecondFactor, with the passkeys it holds), may only enrol one.
func EnrolmentRequired(a Account, passkeys int, groups []SecurityGroup) bool {
	return !HasSecondFactor(a, passkeys) && GroupsRequireSecondFactor(groups)
}

// ErrEnrolSecondFactor refuses every call but enrolling a second factor
// and signing out to a session that must enrol one first
// (Principal.MustEnrolSecondFactor). Its code is
// carenet.SecondFactorEnrolmentRequired: ask the user to set up a second
// factor.
var ErrEnrolSecondFactor = &carenet.Error{Code: carenet.SecondFactorEnrolmentRequired, Op: "auth",
	Message: "your security group requires a second factor: set one up to continue"}

// RequireFull returns nil for a principal that may act: errNoPrincipal
// (Unauthenticated) for a nil principal, ErrEnrolSecondFactor for one that
// must enrol a second factor first. Require and RequireCapability call it;
// a call that checks neither (acting on the caller's own account or
// records) calls it first.
func (p *Principal) RequireFull() error {
	switch {
	case p == nil:
		return errNoPrincipal
	case p.MustEnrolSecondFactor:
		return ErrEnrolSecondFactor
	}
	return nil
}

// restrict makes p a principal that may only enrol a second factor: no
// permission, no portal capability.
func (p *Principal) restrict() {
	p.MustEnrolSecondFactor = true
	p.Permissions = PermissionSet{}
	p.Portal = portal.Capabilities{}
}
