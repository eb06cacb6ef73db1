package auth

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// SessionInfo is one live session as its user sees it, to recognise it
// ("Firefox on the office laptop, 10.0.0.12, seen 2 minutes ago") and end
// it. It holds nothing that authenticates.
type SessionInfo struct {
	// ID names the session for EndSession.
	ID string
	// Device is the user agent the session signed in with.
	Device string
	// Address is the client address it signed in from.
	Address string
	// CreatedAt is when it signed in; LastSeenAt when it was last used
	// (written at most once a minute); ExpiresAt its absolute end.
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	// Current is true for the session the caller is using.
	Current bool
}

// MySessions lists the caller's live sessions, newest first, with the one
// they are using marked Current, so they can spot one they do not know and
// end it (EndSession) or end all the others (EndOtherSessions).
func (s *Service) MySessions(ctx context.Context, actor *Principal) (_ []SessionInfo, callErr error) {
	defer s.obs.Call(&ctx, "auth.MySessions")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return nil, err
	}
	now := s.cfg.Clock.Now()
	return carenet.View(ctx, s.store, func(tx Tx) ([]SessionInfo, error) {
		var out []SessionInfo
		list, err := tx.Sessions().ListByAccount(ctx, actor.AccountID)
		for _, ss := range list {
			if sessionLive(ss, now, s.cfg.SessionIdleTimeout) {
				out = append(out, SessionInfo{ID: ss.ID, Device: ss.UserAgent, Address: ss.RemoteAddr,
					CreatedAt: ss.CreatedAt, LastSeenAt: ss.LastSeenAt, ExpiresAt: ss.ExpiresAt, Current: ss.ID == actor.SessionID})
			}
		}
		return out, err
	})
}

// errNoSuchSession answers a session ID that is not one of the caller's
// live sessions, whether it names another's session or none, so the answer
// tells nothing of other users' sessions.
var errNoSuchSession = &carenet.Error{Code: carenet.NotFound, Op: "auth.EndSession", Message: "you have no such session"}

// EndSession ends one of the caller's own sessions (the current one
// included, which is a logout), audited as EventSessionEnded on the
// session. A session ID that is not one of the caller's live sessions is
// NotFound and changes nothing. A session that must enrol a second factor
// may end itself (sign out), and no other (ErrEnrolSecondFactor).
func (s *Service) EndSession(ctx context.Context, actor *Principal, sessionID string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.EndSession")(&callErr)
	if actor == nil {
		return errNoPrincipal
	}
	if sessionID != actor.SessionID || sessionID == "" {
		if err := actor.RequireFull(); err != nil {
			return err
		}
	}
	return s.store.Update(ctx, func(tx Tx) error {
		now := s.cfg.Clock.Now()
		list, err := tx.Sessions().ListByAccount(ctx, actor.AccountID)
		if err != nil {
			return err
		}
		for _, ss := range list {
			if ss.ID != sessionID || !sessionLive(ss, now, s.cfg.SessionIdleTimeout) {
				continue
			}
			if err := tx.Sessions().Revoke(ctx, ss.ID, now, "ended_by_user"); err != nil {
				return err
			}
			return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventSessionEnded, TargetType: audit.TargetSession, TargetID: ss.ID, Details: map[string]string{
				"account": actor.AccountID, "current": boolString(ss.ID == actor.SessionID)}})
		}
		return errNoSuchSession
	})
}

// EndOtherSessions ends every session of the caller's but the one they
// are using ("sign out everywhere else") and returns how many it ended,
// audited as EventSessionsRevoked on the account when there were any.
func (s *Service) EndOtherSessions(ctx context.Context, actor *Principal) (_ int, callErr error) {
	defer s.obs.Call(&ctx, "auth.EndOtherSessions")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return 0, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (int, error) {
		n, err := RevokeSessions(ctx, tx.Sessions(), actor.AccountID, s.cfg.Clock.Now(), "ended_by_user", actor.SessionID)
		if err != nil || n == 0 {
			return n, err
		}
		return n, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventSessionsRevoked, TargetType: audit.TargetAccount, TargetID: actor.AccountID, Details: map[string]string{
			"count": itoa(n), "kept": actor.SessionID}})
	})
}
