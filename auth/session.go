package auth

import (
	"time"
)

// Session is a logged-in session. Only the SHA-256 hash of its token is
// stored.
type Session struct {
	ID        string
	AccountID string
	// TokenHash is the hex SHA-256 of the session token.
	TokenHash  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	// AuthenticatedAt is when the session's user last gave their
	// credentials: the login that opened it (CreatedAt), or their latest
	// re-authentication in it (Service.Reauthenticate). Principals of the
	// session carry it (Principal.AuthenticatedAt).
	AuthenticatedAt time.Time
	// ExpiresAt is the absolute end of the session, however active it is.
	ExpiresAt time.Time
	// RevokedAt is set once the session is revoked.
	RevokedAt *time.Time
	// RevokedReason says why ("logout", "deactivated", "password_changed").
	RevokedReason string
	UserAgent     string
	RemoteAddr    string
}

// Revoked reports whether the session was revoked.
func (s Session) Revoked() bool { return s.RevokedAt != nil }

// SessionFacts is everything authenticating a session needs, gathered by one
// repository call.
type SessionFacts struct {
	Session Session
	Account Account
	Holder  Holder
	// Groups are the account's security groups.
	Groups []SecurityGroup
	// Passkeys is how many passkeys the account holds, as
	// Credentials.Passkeys counts them: a second factor
	// (HasSecondFactor).
	Passkeys int
}

// TokenPurpose says what a password link is for.
type TokenPurpose string

// The purposes of password links.
const (
	// PurposeSetPassword: a new or reactivated login's first password.
	PurposeSetPassword TokenPurpose = "set_password"
	// PurposeResetPassword: a forgotten or administratively reset password.
	PurposeResetPassword TokenPurpose = "reset_password"
)

// PasswordToken is a single-use password set or reset link. Only the hash of
// its token is stored.
type PasswordToken struct {
	ID        string
	AccountID string
	Purpose   TokenPurpose
	// TokenHash is the hex SHA-256 of the token.
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	// UsedAt is set when the link is used or invalidated.
	UsedAt *time.Time
	// CreatedBy is the person who issued it (empty for the system).
	CreatedBy string
	// HandedTo is the account of the actor the token was returned to, who
	// must still reach everything the login reaches when it is redeemed
	// (see CompletePasswordLink). It is empty when the link was delivered
	// to the login's holder, or returned to the system or to the holder.
	HandedTo string
}
