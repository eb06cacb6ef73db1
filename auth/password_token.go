package auth

import "time"

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
