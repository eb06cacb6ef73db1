package auth

import (
	"context"
	"crypto/subtle"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// ErrSessionInvalid is the one error for a session token that does not
// authenticate: malformed, unknown, revoked, idle too long, past its
// lifetime, or belonging to an inactive account or person.
var ErrSessionInvalid = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.Authenticate", Message: "your session has ended; please log in again"}

// Authenticate turns a session token into a Principal. It reads the session,
// account, person and security groups afresh on every call, so a
// deactivation, a revoked session or a changed permission set takes effect
// at once. It extends the idle timeout, writing at most once a minute per
// session. Every failure is ErrSessionInvalid. A login whose security
// groups require a second factor it does not have authenticates as a
// principal that may only enrol one (Principal.MustEnrolSecondFactor).
func (s *Service) Authenticate(ctx context.Context, token string) (_ *Principal, callErr error) {
	defer s.obs.Call(&ctx, "auth.Authenticate")(&callErr)
	hash, err := ParseToken(SessionTokenPrefix, token)
	if err != nil {
		return nil, ErrSessionInvalid
	}
	var facts SessionFacts
	if l, ok := s.store.(SessionLooker); ok {
		facts, err = l.LookupSession(ctx, hash)
	} else {
		facts, err = carenet.View(ctx, s.store, func(tx Tx) (SessionFacts, error) {
			return tx.Sessions().Lookup(ctx, hash)
		})
	}
	switch carenet.ErrorCode(err) {
	case "":
	case carenet.NotFound:
		return nil, ErrSessionInvalid
	default:
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(facts.Session.TokenHash), []byte(hash)) != 1 {
		return nil, ErrSessionInvalid
	}
	now := s.cfg.Clock.Now()
	if !SessionValid(facts, now, s.cfg.SessionIdleTimeout) {
		return nil, ErrSessionInvalid
	}
	if now.Sub(facts.Session.LastSeenAt) >= s.touchInterval() {
		if err := s.store.Update(ctx, func(tx Tx) error {
			return tx.Sessions().Touch(ctx, facts.Session.ID, now)
		}); err != nil {
			return nil, err
		}
	}
	return s.principal(facts, now), nil
}

// principal builds the Principal for facts that passed SessionValid: what
// the login holds, or nothing but enrolling a second factor when its
// groups require one it lacks (EnrolmentRequired). It authenticated when
// its session last did, and its sensitive actions follow the service's
// ReauthWindow.
func (s *Service) principal(f SessionFacts, now time.Time) *Principal {
	p := s.cfg.Permissions.PrincipalFrom(f.Account, f.Groups, f.Holder.AllowedAt(now), now)
	p.SessionID = f.Session.ID
	p.AuthenticatedAt = f.Session.AuthenticatedAt
	p.window = s.cfg.ReauthWindow
	if EnrolmentRequired(f.Account, f.Passkeys, f.Groups) {
		p.restrict()
	}
	return p
}

// Logout revokes the session the token belongs to. An unknown or already
// ended session is not an error: logging out twice is harmless.
func (s *Service) Logout(ctx context.Context, token string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.Logout")(&callErr)
	hash, err := ParseToken(SessionTokenPrefix, token)
	if err != nil {
		return nil
	}
	return s.store.Update(ctx, func(tx Tx) error {
		f, err := tx.Sessions().Lookup(ctx, hash)
		if carenet.ErrorCode(err) == carenet.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if f.Session.Revoked() {
			return nil
		}
		if err := tx.Sessions().Revoke(ctx, f.Session.ID, s.cfg.Clock.Now(), "logout"); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: f.Account.PersonID, Action: EventLogout, TargetType: audit.TargetSession, TargetID: f.Session.ID})
	})
}

// RevokeSessions ends every session of an account (a lost phone, a
// suspected compromise) and returns how many it ended. The caller may do
// it for their own account; for another's they need ResetPasswords and
// must outrank it (RequireOutrank, ErrOutranked otherwise): ending a
// login's sessions is an action against it.
func (s *Service) RevokeSessions(ctx context.Context, actor *Principal, accountID string) (_ int, callErr error) {
	defer s.obs.Call(&ctx, "auth.RevokeSessions")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return 0, err
	}
	if actor.AccountID != accountID {
		if err := actor.Require(ResetPasswords); err != nil {
			return 0, err
		}
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (int, error) {
		a, err := tx.Accounts().Get(ctx, accountID)
		if err != nil {
			return 0, err
		}
		if err := RequireOutrank(ctx, tx, actor, a); err != nil {
			return 0, err
		}
		n, err := RevokeSessions(ctx, tx.Sessions(), accountID, s.cfg.Clock.Now(), "revoked", "")
		if err != nil || n == 0 {
			return n, err
		}
		return n, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventSessionsRevoked, TargetType: audit.TargetAccount, TargetID: accountID, Details: map[string]string{"count": itoa(n)}})
	})
}

// Sessions lists an account's sessions, newest first: the caller's own, or,
// with ResetPasswords, those of a login the caller outranks
// (RequireOutrank, ErrOutranked otherwise): they hold its addresses.
func (s *Service) Sessions(ctx context.Context, actor *Principal, accountID string) (_ []Session, callErr error) {
	defer s.obs.Call(&ctx, "auth.Sessions")(&callErr)
	if err := requireAccountLook(actor, accountID); err != nil {
		return nil, err
	}
	out, err := carenet.View(ctx, s.store, func(tx Tx) ([]Session, error) {
		if err := requireAccountLookIn(ctx, tx, actor, accountID); err != nil {
			return nil, err
		}
		return tx.Sessions().ListByAccount(ctx, accountID)
	})
	for i := range out {
		out[i].TokenHash = ""
	}
	return out, err
}
