package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"strconv"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/password"
)

// ActionReauthenticated: a signed-in user gave their credentials again in
// their session (Service.Reauthenticate), which renews the session's
// AuthenticatedAt; target the account, details "session" and "via". A
// failed attempt is recorded as a failed login is (ActionLoginFailed,
// ActionLoginRefused, ActionLoginCodeRequired), with "via"
// "reauthenticate" and the session.
const ActionReauthenticated audit.Action = "auth.reauthenticated"

// viaReauthenticate is the "via" detail of a re-authentication's events.
const viaReauthenticate = "reauthenticate"

// ReauthRequest is what a "sign in again" form sends from a session that
// is open.
type ReauthRequest struct {
	// Token is the session's token. The session stays the same: its
	// token, its ID and its lifetime.
	Token string
	// Password is the account's password.
	Password string
	// TOTPCode is the one-time code, required when the account has a
	// second factor: empty, or exactly the configured number of digits.
	TOTPCode string
	// RemoteAddr, the client's address, is recorded as the attempt's
	// source, as Login records it.
	RemoteAddr string
}

// Reauthenticate lets a signed-in user prove again who they are, without a
// new session, so that they may take sensitive actions (see
// Principal.RequireRecentSignIn): the password, and the one-time code when
// the account has a second factor. On success the session's
// AuthenticatedAt becomes now (its lifetime does not change), the
// returned Principal carries it, and so does every principal
// Authenticate builds from the session from then on; the account's
// failures are cleared; it is audited as ActionReauthenticated.
//
// It is decided as a login is, against the lockout state stored in its
// write transaction (Config.MaxFailedLogins): a wrong password, a wrong
// code, or a code for an account without a second factor counts as a
// failure of the account and may lock it, audited as ActionLoginFailed;
// while the account is locked every attempt is refused whatever the
// password, uncounted, audited as ActionLoginRefused (a valid code does
// not pass the lock here: the caller is already signed in and loses
// nothing but the sensitive actions); the right password without a code
// the account needs is audited as ActionLoginCodeRequired. Each event says
// "via" "reauthenticate" and names the session.
//
// Errors: a token that does not authenticate (malformed, unknown,
// revoked, idle, expired, its account or person inactive) is
// ErrSessionInvalid and changes nothing. Input of the wrong form (an empty
// or oversized password, a code that is not the configured number of
// digits) is an Invalid error naming "password" or "totp_code" before
// anything is read. A refusal is an Invalid error: on "password" with
// RuleIncorrect (wrong) or RuleLocked (locked), on "totp_code" with
// carenet.RuleRequired (missing), RuleIncorrect (wrong) or
// carenet.RuleNotAllowed (the account has no second factor). The
// RateLimiter is not asked: the attempt is for the session's own account
// only, which the lockout protects.
func (s *Service) Reauthenticate(ctx context.Context, req ReauthRequest) (_ *Principal, callErr error) {
	defer s.obs.Call(&ctx, "auth.Reauthenticate")(&callErr)
	if err := s.checkReauthInput(req); err != nil {
		return nil, err
	}
	hash, err := ParseToken(SessionTokenPrefix, req.Token)
	if err != nil {
		return nil, ErrSessionInvalid
	}
	p, err := s.reauthenticate(ctx, req, hash, false)
	if errors.Is(err, errCredentialsChanged) {
		// The stored hash changed while the password was being checked
		// (another login upgraded it, or the password was changed): once
		// more against what is stored now.
		p, err = s.reauthenticate(ctx, req, hash, true)
	}
	return p, err
}

// reauthenticate is one attempt of Reauthenticate: it reads the session
// and the credentials, checks the password outside any transaction, and
// decides in a write transaction. With last, a hash changed once more
// meanwhile is refused rather than returning errCredentialsChanged.
func (s *Service) reauthenticate(ctx context.Context, req ReauthRequest, tokenHash string, last bool) (*Principal, error) {
	var creds Credentials
	err := s.store.View(ctx, func(tx Tx) error {
		f, err := s.liveSession(ctx, tx, tokenHash)
		if err != nil {
			return err
		}
		creds, err = tx.Accounts().Credentials(ctx, f.Account.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	var ok bool
	if err := s.withHashSlot(ctx, func() {
		if strings.HasPrefix(creds.PasswordHash, disabledPrefix) {
			s.cfg.Hasher.VerifyDummy(req.Password)
			return
		}
		var verr error
		ok, _, verr = s.cfg.Hasher.Verify(req.Password, creds.PasswordHash)
		ok = ok && verr == nil
	}); err != nil {
		return nil, err
	}

	var out *Principal
	var answer error
	err = s.store.Update(ctx, func(tx Tx) error {
		out, answer = nil, nil
		now := s.cfg.Clock.Now()
		f, err := s.liveSession(ctx, tx, tokenHash)
		if err != nil {
			return err
		}
		c, err := tx.Accounts().Credentials(ctx, f.Account.ID)
		if err != nil {
			return err
		}
		af := attemptFacts{Known: true, PasswordOK: ok, Allowed: true, Active: true,
			SecondFactor: f.Account.TOTPEnabled, Code: req.TOTPCode, Creds: c, Now: now}
		if subtle.ConstantTimeCompare([]byte(c.PasswordHash), []byte(creds.PasswordHash)) != 1 {
			if !last {
				return errCredentialsChanged
			}
			af.Changed = true
		}
		rules := s.cfg.lockout()
		var step int64
		if af.SecondFactor && af.Code != "" && af.PasswordOK && !af.Changed && !rules.blocked(c, now) {
			step, af.CodeOK = s.checkTOTP(c, af.Code, now)
		}
		o := rules.decideReauth(af)
		details := rules.apply(&c, o, now)
		details["via"], details["session"] = viaReauthenticate, f.Session.ID
		if key := rateKey(LoginRequest{RemoteAddr: req.RemoteAddr}); key != "" {
			details["source"] = key
		}
		if o == outcomeSuccess || o.counted() {
			if af.CodeOK {
				c.TOTPLastStep = step
				s.resealStale(&c, details)
			}
			if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
				return err
			}
		}
		if o != outcomeSuccess {
			answer = o.reauthAnswer()
			return s.recordAttempt(ctx, tx, f.Account, true, o, details, "")
		}
		if err := tx.Sessions().Reauthenticated(ctx, f.Session.ID, now); err != nil {
			return err
		}
		if err := s.record(ctx, tx, f.Account.PersonID, ActionReauthenticated, "account", f.Account.ID, details); err != nil {
			return err
		}
		f.Session.AuthenticatedAt, f.Session.LastSeenAt = now, now
		out = s.principal(f, now)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if answer != nil {
		return nil, answer
	}
	return out, nil
}

// liveSession reads the session with the token hash in tx: ErrSessionInvalid
// unless it authenticates at the service's now (SessionValid).
func (s *Service) liveSession(ctx context.Context, tx Tx, tokenHash string) (SessionFacts, error) {
	f, err := tx.Sessions().Lookup(ctx, tokenHash)
	switch carenet.ErrorCode(err) {
	case "":
	case carenet.NotFound:
		return SessionFacts{}, ErrSessionInvalid
	default:
		return SessionFacts{}, err
	}
	if subtle.ConstantTimeCompare([]byte(f.Session.TokenHash), []byte(tokenHash)) != 1 ||
		!SessionValid(f, s.cfg.Clock.Now(), s.cfg.SessionIdleTimeout) {
		return SessionFacts{}, ErrSessionInvalid
	}
	return f, nil
}

// decideReauth is the policy of a re-authentication, the login's
// (decide) for a caller who is already signed in: the same failures
// count, but a locked account is refused whatever is given, a valid code
// included, and nothing else is asked (the session proved the account
// active; the RateLimiter is not asked).
func (l lockout) decideReauth(f attemptFacts) outcome {
	switch {
	case f.Changed:
		return outcomeChanged
	case l.blocked(f.Creds, f.Now):
		return outcomeLocked
	case !f.PasswordOK:
		return outcomeWrongPassword
	case f.SecondFactor && f.Code == "":
		return outcomeCodeRequired
	case f.SecondFactor && !f.CodeOK:
		return outcomeWrongCode
	case !f.SecondFactor && f.Code != "":
		return outcomeUnexpectedCode
	}
	return outcomeSuccess
}

// reauthAnswer is what the caller of Reauthenticate is told of a refused
// outcome: an Invalid error on the field at fault.
func (o outcome) reauthAnswer() error {
	field, rule, msg := "password", RuleIncorrect, "is incorrect"
	switch o {
	case outcomeLocked:
		rule, msg = RuleLocked, "has been entered wrongly too many times; try again later"
	case outcomeCodeRequired:
		field, rule, msg = "totp_code", carenet.RuleRequired, "is required: enter the one-time code from your authenticator app"
	case outcomeWrongCode:
		field, msg = "totp_code", "is not the current code"
	case outcomeUnexpectedCode:
		field, rule, msg = "totp_code", carenet.RuleNotAllowed, "is not needed: your account has no second factor"
	}
	var p carenet.Problems
	p.Add(field, rule, msg)
	return carenet.E("auth.Reauthenticate", carenet.Invalid, "you could not be signed in again", p.Err())
}

// checkReauthInput refuses a re-authentication of the wrong form before
// anything is read.
func (s *Service) checkReauthInput(req ReauthRequest) error {
	var p carenet.Problems
	switch {
	case req.Password == "":
		p.Add("password", carenet.RuleRequired, "is required")
	case len(req.Password) > password.MaxPasswordBytes:
		p.Add("password", carenet.RuleTooLong, "must be at most "+strconv.Itoa(password.MaxPasswordBytes)+" bytes")
	}
	if req.TOTPCode != "" {
		if bad := s.checkCodeFormat(req.TOTPCode); bad != nil {
			p.Add("totp_code", bad.rule, bad.msg)
		}
	}
	if err := p.Err(); err != nil {
		return carenet.E("auth.Reauthenticate", carenet.Invalid, "", err)
	}
	return nil
}
