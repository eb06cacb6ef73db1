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
