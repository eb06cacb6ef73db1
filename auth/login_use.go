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
	// EnabledAt is when the login was last switched on again
	// (Credentials.EnabledAt); zero if it never was.
	EnabledAt time.Time
}

// LastUsedAt is when the login was last used, the start of its dormancy
// clock: its last login, or its creation if it never logged in, or when
// it was last switched on again if that is later, so that a login enabled
// again is not dormant until a whole period after, used or not.
func (u LoginUse) LastUsedAt() time.Time {
	used := u.LastLoginAt
	if used.IsZero() {
		used = u.Account.CreatedAt
	}
	if u.EnabledAt.After(used) {
		return u.EnabledAt
	}
	return used
}

// LoginUseQuery selects the active logins LoginUses returns.
type LoginUseQuery struct {
	// IdleSince keeps logins whose LastUsedAt (with EnabledAt) is before
	// it.
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
