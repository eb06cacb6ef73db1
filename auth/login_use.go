package auth

import "time"

// LoginUse is an active login with when it was last used, as
// AccountRepository.LoginUses returns them, for the dormant-login sweep
// and report.
type LoginUse struct {
	// Account is the login, without its security groups.
	Account Account
	// LastLoginAt is its last successful login; zero if it never logged in.
	LastLoginAt time.Time
	// LinkExpiredAt is when its newest set-password link that was never
	// redeemed nor invalidated expired; zero if it has none that expired.
	LinkExpiredAt time.Time
}

// LastUsedAt is when the login was last used: its last login, or its
// creation if it never logged in.
func (u LoginUse) LastUsedAt() time.Time {
	if u.LastLoginAt.IsZero() {
		return u.Account.CreatedAt
	}
	return u.LastLoginAt
}

// LoginUseQuery selects the active logins LoginUses returns.
type LoginUseQuery struct {
	// IdleSince keeps logins whose LastUsedAt is before it.
	IdleSince time.Time
	// LinkExpiredBy also keeps, when not zero, logins that never logged in
	// and have a set-password link, never redeemed, that expired on or
	// before it.
	LinkExpiredBy time.Time
	// AfterID continues after this account ID ("" for the start).
	AfterID string
	// Limit is at least 1.
	Limit int
}
