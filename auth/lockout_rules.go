package auth

import (
	"strconv"
	"time"
)

// How an account's lockout works (the numbers are Config's defaults):
//
//   - Every wrong password, wrong or unexpected one-time code or passkey
//     assertion counts as a failure. From the 5th failure in a row (MaxFailedLogins) the account
//     is locked for 1 minute (LockoutBase), doubling with each further
//     failure up to 1 hour (LockoutMax). Attempts while it is locked are
//     refused without being counted, so a guesser at one account gets at
//     most 5 + 6 + 23 = 34 counted failures a day at the defaults.
//   - After 100 failures in a row (MaxConsecutiveFailures, NIST SP 800-63B
//     5.2.2) the password alone never opens the account again, however long
//     one waits.
//   - A way in a guesser cannot use: the right password with a valid
//     one-time code opens an account that is locked (or refused by the
//     RateLimiter), and clears its failures, as long as fewer than
//     MaxFailedLogins wrong codes were given with the right password since
//     the last success; past that the password is known to someone else.
//     For every account, a redeemed password link (delivered to the owner)
//     clears the failures and the lock.
//
// Every decision is taken in the write transaction of the attempt, against
// the credentials stored there, so attempts running at once cannot step
// past the lock.

// attemptFacts is what the write transaction of an attempt knows: the
// stored credentials and account, and what was checked before it.
type attemptFacts struct {
	// Known says the username names an account.
	Known bool
	// PasswordOK says the password matches the stored hash.
	PasswordOK bool
	// Active says the account and its person may log in now.
	Active bool
	// SecondFactor says the account requires a one-time code.
	SecondFactor bool
	// Code is the one-time code given ("" for none); Passkey says a
	// passkey's assertion was given in its place. CodeOK says the code is
	// valid and newer than the last one used, or the assertion verified
	// with its sign count accepted.
	Code    string
	Passkey bool
	CodeOK  bool
	// Allowed is the RateLimiter's answer for the attempt's source.
	Allowed bool
	// Changed says the stored hash changed again while the password was
	// being checked, so the check says nothing.
	Changed bool
	Creds   Credentials
	Now     time.Time
}

// outcome is what becomes of a login attempt: its audit reason, whether it
// counts toward the lockout, and what the caller is told.
type outcome int

const (
	outcomeSuccess outcome = iota
	outcomeCodeRequired
	outcomeUnknownUser
	outcomeWrongPassword
	outcomeWrongCode
	outcomeUnexpectedCode
	outcomeLocked
	outcomeRateLimited
	outcomeInactive
	outcomeChanged
)

// reason is the audit "reason" of an outcome.
func (o outcome) reason() string {
	return [...]string{"", "second_factor_required", "unknown_username", "wrong_password", "wrong_totp_code",
		"unexpected_totp_code", "locked", "rate_limited", "inactive", "credentials_changed"}[o]
}

// counted reports whether the outcome counts as a failure of the account.
func (o outcome) counted() bool {
	return o == outcomeWrongPassword || o == outcomeWrongCode || o == outcomeUnexpectedCode
}

// lockout holds the lockout numbers of a Config.
type lockout struct {
	threshold, hard int
	base, max       time.Duration
}

func (c Config) lockout() lockout {
	return lockout{threshold: c.MaxFailedLogins, hard: c.MaxConsecutiveFailures, base: c.LockoutBase, max: c.LockoutMax}
}

// blocked reports whether the password alone cannot open an account with
// credentials c at now: it is locked, or has failed too often in a row.
func (l lockout) blocked(c Credentials, now time.Time) bool {
	return now.Before(c.LockedUntil) || c.FailedLogins >= l.hard
}

// decide is the login policy: what becomes of an attempt with facts f.
func (l lockout) decide(f attemptFacts) outcome {
	if !f.Known {
		if !f.Allowed {
			return outcomeRateLimited
		}
		return outcomeUnknownUser
	}
	if f.Changed {
		return outcomeChanged
	}
	factorGiven := f.Code != "" || f.Passkey
	codeGiven := f.SecondFactor && factorGiven && f.PasswordOK && f.Active
	blocked := l.blocked(f.Creds, f.Now)
	switch {
	case codeGiven && !f.CodeOK:
		// Always counted, locked or not, so codes cannot be guessed
		// faster than the lock allows.
		return outcomeWrongCode
	case codeGiven && (!blocked && f.Allowed || f.Creds.FailedCodes < l.threshold):
		// The right password with a valid code is the way in a guesser
		// cannot use: it passes the lock and the rate limit, unless
		// wrong codes show the password is known to someone else.
		return outcomeSuccess
	case blocked:
		return outcomeLocked
	case !f.Allowed:
		return outcomeRateLimited
	case !f.PasswordOK:
		return outcomeWrongPassword
	case !f.Active:
		return outcomeInactive
	case f.SecondFactor:
		return outcomeCodeRequired
	case factorGiven:
		return outcomeUnexpectedCode
	}
	return outcomeSuccess
}

// apply changes c for an outcome at now and returns the audit details it
// adds: a counted failure raises the counts and locks the account from the
// threshold on; a success clears them.
func (l lockout) apply(c *Credentials, o outcome, now time.Time) map[string]string {
	details := map[string]string{}
	switch {
	case o == outcomeSuccess:
		if c.FailedLogins > 0 || !c.LockedUntil.IsZero() {
			details["cleared_failures"] = strconv.Itoa(c.FailedLogins)
		}
		c.FailedLogins, c.FailedCodes, c.LockedUntil = 0, 0, time.Time{}
	case o.counted():
		c.FailedLogins = min(c.FailedLogins+1, l.hard)
		if o == outcomeWrongCode {
			c.FailedCodes = min(c.FailedCodes+1, l.hard)
		}
		details["failed_logins"] = strconv.Itoa(c.FailedLogins)
		if c.FailedLogins >= l.threshold {
			c.LockedUntil = now.Add(l.duration(c.FailedLogins))
			details["locked_until"] = c.LockedUntil.Format(time.RFC3339)
		}
	}
	return details
}

// duration is how long the nth consecutive failure locks an account for.
func (l lockout) duration(failures int) time.Duration {
	d := l.base
	for i := l.threshold; i < failures && d < l.max; i++ {
		d *= 2
	}
	return min(d, l.max)
}

// decideReauth is the policy of a re-authentication, the login's
// (decide) for a caller who is already signed in: the same failures
// count, but a locked account is refused whatever is given, a valid code
// or passkey included, and nothing else is asked (the session proved the
// account active; the RateLimiter is not asked).
func (l lockout) decideReauth(f attemptFacts) outcome {
	factorGiven := f.Code != "" || f.Passkey
	switch {
	case f.Changed:
		return outcomeChanged
	case l.blocked(f.Creds, f.Now):
		return outcomeLocked
	case !f.PasswordOK:
		return outcomeWrongPassword
	case f.SecondFactor && !factorGiven:
		return outcomeCodeRequired
	case f.SecondFactor && !f.CodeOK:
		return outcomeWrongCode
	case !f.SecondFactor && factorGiven:
		return outcomeUnexpectedCode
	}
	return outcomeSuccess
}
