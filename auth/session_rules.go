package auth

import "time"

// The session lifetimes Config.SessionIdleTimeout and Config.SessionLifetime
// take when zero.
const (
	// defaultSessionIdleTimeout ends a session unused for 15 minutes.
	defaultSessionIdleTimeout = 15 * time.Minute
	// defaultSessionLifetime ends a session 12 hours after sign-in.
	defaultSessionLifetime = 12 * time.Hour
)

// SessionValid is the rule a session must pass to authenticate at now: not
// revoked, not past its lifetime, used within idle, its account active and
// its person active with their end date, if any, not yet reached.
func SessionValid(f SessionFacts, now time.Time, idle time.Duration) bool {
	return sessionLive(f.Session, now, idle) && f.Account.Active && f.Holder.AllowedAt(now)
}

// touchInterval is how stale LastSeenAt may get before it is written again:
// a fifteenth of the idle timeout, at most a minute.
func (s *Service) touchInterval() time.Duration {
	return min(s.cfg.SessionIdleTimeout/15, time.Minute)
}

// sessionLive reports whether a session can still authenticate at now as
// far as the session itself goes: not revoked, not past its lifetime, used
// within idle (SessionValid checks the account and person too).
func sessionLive(ss Session, now time.Time, idle time.Duration) bool {
	return !ss.Revoked() && now.Before(ss.ExpiresAt) && now.Sub(ss.LastSeenAt) < idle
}
