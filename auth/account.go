package auth

import (
	"time"

	"github.com/carenet-go/carenet/portal"
)

// Account is the login of a personnel profile: CAC CareNet's "Is User" box.
// A profile has at most one account.
type Account struct {
	ID       string
	PersonID string
	// Username is stored normalised (see NormalizeUsername), so it is unique
	// without regard to case.
	Username string
	// Active is the login's "Active" box. An inactive account cannot log in
	// and its sessions do not authenticate.
	Active bool
	// Groups are the IDs of the security groups applied to the person.
	Groups []string
	// Portal holds the portal switches.
	Portal portal.Access
	// CreatedInRelease is the product release the account was created in
	// (see carenet.Release); accounts imported from an older system keep
	// theirs. Portal rules depend on it.
	CreatedInRelease string
	// TOTPEnabled says a second factor is required at login.
	TOTPEnabled bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Version increases with every stored change; an update based on an old
	// version is refused with a conflict.
	Version int64
}

// InGroup reports whether the account is in the security group with id.
func (a Account) InGroup(id string) bool {
	for _, g := range a.Groups {
		if g == id {
			return true
		}
	}
	return false
}

// Credentials are an account's secrets and login-throttling state. Only the
// privileged repository calls return them, and nothing in them is a secret in
// clear: the password is a PHC hash and the TOTP secret is sealed with the
// host's key.
type Credentials struct {
	AccountID string
	// PasswordHash is a PHC string (argon2id, or bcrypt awaiting rehash).
	PasswordHash  string
	PasswordSetAt time.Time
	// TOTPSecret is the sealed TOTP secret, empty when none is enrolled.
	TOTPSecret []byte
	// TOTPLastStep is the last TOTP time step accepted, so a code is never
	// accepted twice.
	TOTPLastStep int64
	// FailedLogins counts failures since the last success.
	FailedLogins int
	// FailedCodes counts, among them, wrong one-time codes given with the
	// right password: a sign the password is known to someone else. While
	// it is below the lockout threshold the right password with a valid
	// code opens a locked account (see Config.MaxFailedLogins).
	FailedCodes int
	// LockedUntil refuses logins before it, whatever the password.
	LockedUntil time.Time
	LastLoginAt time.Time
	// Passkeys is how many passkeys the account holds. Stores count them
	// (PasskeyRepository); SetCredentials ignores it.
	Passkeys int
	// EnabledAt is when the login was last switched on again after being
	// off (personnel's EnableLogin and Reactivate, through
	// Service.EnableLoginTx); zero if it never was since it was created
	// (its creation starts its clock then). The dormancy clock starts
	// again from it (LoginUse.LastUsedAt).
	EnabledAt time.Time
}

// Holder is what auth knows of the person an account belongs to.
type Holder struct {
	PersonID string
	// Active is false once the person is marked "Inactive Person".
	Active bool
	// Names are the person's name parts, for the password policy.
	Names []string
	// EndDate is the person's end date (interns, temporary staff), nil for
	// none. From that moment login and sessions are refused, even before
	// the sweep marks the person inactive.
	EndDate *time.Time
	// Email and Phone are the person's contact details as stored now, where
	// a delivered password link goes (see Delivery). AccountRepository.Holder
	// fills them; the holder in a session's facts need not.
	Email string
	Phone string
}

// AllowedAt reports whether the person may use their login at now: active,
// and their end date, if any, not yet reached (EndReached).
func (h Holder) AllowedAt(now time.Time) bool {
	return h.Active && !EndReached(h.EndDate, now)
}
