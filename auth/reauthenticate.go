package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"strconv"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/password"
)

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
	// TOTPCode is the one-time code, for an account with a second factor,
	// as at login (LoginRequest.TOTPCode): empty, exactly the configured
	// number of digits, or one of the account's recovery codes in its
	// place, which works once.
	TOTPCode string
	// Passkey, in place of TOTPCode, is a passkey's answer to the
	// ceremony a *SecondFactorRequired of an earlier call carried: the
	// JSON of the browser's PublicKeyCredential from
	// navigator.credentials.get.
	Passkey []byte
	// RemoteAddr, the client's address, is recorded as the attempt's
	// source, as Login records it.
	RemoteAddr string
}

// Reauthenticate lets a signed-in user prove again who they are, without a
// new session, so that they may take sensitive actions (see
// Principal.RequireRecentSignIn): the password, and, when the account has
// a second factor (HasSecondFactor: a TOTP enrolment or a passkey), what
// Login accepts for it: the one-time code, one of the account's recovery
// codes in its place (used up, and the event says so with
// "recovery_code_used" and "recovery_codes_left"), or a passkey. On
// success the session's AuthenticatedAt becomes now (its lifetime does
// not change), the returned Principal carries it, and so does every
// principal Authenticate builds from the session from then on; the
// account's failures are cleared; it is audited as EventReauthenticated.
//
// A passkey answers in two calls, as at login: the right password without
// a code, for an account holding passkeys (and a service with
// Config.Passkeys), is refused with an error that errors.As makes a
// *SecondFactorRequired carrying the assertion ceremony, bound to the
// account; a second call with the password and ReauthRequest.Passkey, the
// passkey's answer, within PasskeyCeremonyLifetime, signs in again. The
// ceremony is used up by that call, right or wrong, and the passkey's
// use or refusal is recorded beside the attempt (EventPasskeyUsed,
// EventPasskeyRefused).
//
// It is decided as a login is, against the lockout state stored in its
// write transaction (Config.MaxFailedLogins): a wrong password, a wrong
// code or recovery code, a passkey's answer that does not verify, or a
// code or passkey for an account without a second factor counts as a
// failure of the account and may lock it, audited as EventLoginFailed;
// while the account is locked every attempt is refused whatever the
// password, uncounted, audited as EventLoginRefused (a valid code or
// passkey does not pass the lock here: the caller is already signed in
// and loses nothing but the sensitive actions); the right password
// without the second factor the account needs is audited as
// EventLoginCodeRequired. Each event says "via" "reauthenticate" and
// names the session.
//
// Errors: a token that does not authenticate (malformed, unknown,
// revoked, idle, expired, its account or person inactive) is
// ErrSessionInvalid and changes nothing. Input of the wrong form (an empty
// or oversized password, a code that is neither the configured number of
// digits nor a recovery code's shape, a passkey's answer that cannot be
// one or comes with a code, or any passkey when the service has no
// Config.Passkeys) is an Invalid error naming "password", "totp_code" or
// "passkey" before anything is read. A refusal is an Invalid error: on
// "password" with RuleIncorrect (wrong) or RuleLocked (locked), on
// "totp_code" with carenet.RuleRequired (missing; a *SecondFactorRequired
// too, for an account with passkeys, and errors.Is(err,
// ErrSecondFactorRequired) holds then), RuleIncorrect (wrong) or
// carenet.RuleNotAllowed (the account has no second factor), on "passkey"
// with RuleIncorrect (an answer that does not verify) or
// carenet.RuleNotAllowed (the account has no second factor). The
// RateLimiter is not asked: the attempt is for the session's own account
// only, which the lockout protects.
func (s *Service) Reauthenticate(ctx context.Context, req ReauthRequest) (_ *Principal, callErr error) {
	defer s.obs.Call(&ctx, "auth.Reauthenticate")(&callErr)
	in, err := s.checkReauthInput(req)
	if err != nil {
		return nil, err
	}
	hash, err := ParseToken(SessionTokenPrefix, req.Token)
	if err != nil {
		return nil, ErrSessionInvalid
	}
	p, err := s.reauthenticate(ctx, in, hash, false)
	if errors.Is(err, errCredentialsChanged) {
		// The stored hash changed while the password was being checked
		// (another login upgraded it, or the password was changed): once
		// more against what is stored now.
		p, err = s.reauthenticate(ctx, in, hash, true)
	}
	return p, err
}

// reauthInput is a re-authentication checked: the one-time code and the
// passkey's answer parsed.
type reauthInput struct {
	ReauthRequest
	otc       oneTimeCode
	assertion *PasskeyResponse
}

// reauthenticate is one attempt of Reauthenticate: it reads the session
// and the credentials, checks the password outside any transaction, and
// decides in a write transaction. With last, a hash changed once more
// meanwhile is refused rather than returning errCredentialsChanged.
func (s *Service) reauthenticate(ctx context.Context, req reauthInput, tokenHash string, last bool) (*Principal, error) {
	creds, err := carenet.View(ctx, s.store, func(tx Tx) (Credentials, error) {
		f, err := s.liveSession(ctx, tx, tokenHash)
		if err != nil {
			return Credentials{}, err
		}
		return tx.Accounts().Credentials(ctx, f.Account.ID)
	})
	if err != nil {
		return nil, err
	}
	ok, _, err := s.checkPassword(ctx, req.Password, creds, true)
	if err != nil {
		return nil, err
	}

	return carenet.Update(ctx, s.store, func(tx Tx) (*Principal, error) {
		now := s.cfg.Clock.Now()
		f, err := s.liveSession(ctx, tx, tokenHash)
		if err != nil {
			return nil, err
		}
		c, err := tx.Accounts().Credentials(ctx, f.Account.ID)
		if err != nil {
			return nil, err
		}
		codes, err := readRecoveryCodes(ctx, tx, c.AccountID, req.otc)
		if err != nil {
			return nil, err
		}
		a := f.Account
		af := attemptFacts{Known: true, PasswordOK: ok, Allowed: true, Active: true,
			SecondFactor: HasSecondFactor(a, c.Passkeys), Code: req.TOTPCode, Passkey: req.assertion != nil, Creds: c, Now: now}
		if subtle.ConstantTimeCompare([]byte(c.PasswordHash), []byte(creds.PasswordHash)) != 1 {
			if !last {
				return nil, errCredentialsChanged
			}
			af.Changed = true
		}
		rules := s.cfg.lockout()
		var use codeUse
		var pk passkeyCheck
		if af.SecondFactor && af.PasswordOK && !af.Changed && !rules.blocked(c, now) {
			switch {
			case af.Code != "":
				use, af.CodeOK = s.checkOneTimeCode(req.otc, c, codes, now)
			case af.Passkey:
				if pk, err = s.checkPasskey(ctx, tx, a, *req.assertion, PasskeySecondFactor, now); err != nil {
					return nil, err
				}
				af.CodeOK = pk.ok
			}
		}
		o := rules.decideReauth(af)
		details := rules.apply(&c, o, now)
		details["via"], details["session"] = viaReauthenticate, f.Session.ID
		if key := rateKey(LoginRequest{RemoteAddr: req.RemoteAddr}); key != "" {
			details["source"] = key
		}
		if o == outcomeSuccess && af.CodeOK && af.Code != "" {
			if err := s.spendOneTimeCode(ctx, tx, &c, use, details); err != nil {
				return nil, err
			}
		} else if o != outcomeSuccess && req.otc.isRecovery() {
			details["code_kind"] = req.otc.kind()
		}
		if o == outcomeSuccess || o.counted() {
			if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
				return nil, err
			}
		}
		if o == outcomeWrongCode && af.Passkey {
			details["reason"] = "wrong_passkey"
		}
		if err := s.settlePasskey(ctx, tx, a, pk, o == outcomeSuccess, details, now); err != nil {
			return nil, err
		}
		if o != outcomeSuccess {
			answer := o.reauthAnswer(af.Passkey)
			if o == outcomeCodeRequired && c.Passkeys > 0 && s.cfg.Passkeys != nil {
				opts, err := s.beginSecondFactor(ctx, tx, a, now)
				if err != nil {
					return nil, err
				}
				details["factor"] = "passkey"
				answer = &SecondFactorRequired{Passkey: opts, TOTP: a.TOTPEnabled, refusal: answer}
			}
			if err := s.recordAttempt(ctx, tx, attempt{account: a, known: true, outcome: o, details: details}); err != nil {
				return nil, err
			}
			return nil, carenet.Refusal(answer)
		}
		if err := tx.Sessions().Reauthenticated(ctx, f.Session.ID, now); err != nil {
			return nil, err
		}
		if err := s.record(ctx, tx, audit.Event{ActorID: f.Account.PersonID, Action: EventReauthenticated, TargetType: audit.TargetAccount, TargetID: f.Account.ID, Details: details}); err != nil {
			return nil, err
		}
		f.Session.AuthenticatedAt, f.Session.LastSeenAt = now, now
		return s.principal(f, now), nil
	})
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

// reauthAnswer is what the caller of Reauthenticate is told of a refused
// outcome: an Invalid error on the field at fault, "passkey" rather than
// "totp_code" when a passkey's answer was given.
func (o outcome) reauthAnswer(passkey bool) error {
	field, rule, msg := "password", RuleIncorrect, "is incorrect"
	factor := "totp_code"
	if passkey {
		factor = "passkey"
	}
	switch o {
	case outcomeLocked:
		rule, msg = RuleLocked, "has been entered wrongly too many times; try again later"
	case outcomeCodeRequired:
		field, rule, msg = "totp_code", carenet.RuleRequired, "is required: enter the one-time code from your authenticator app, a recovery code, or use your passkey"
	case outcomeWrongCode:
		field, msg = factor, "is not the current code"
		if passkey {
			msg = "was not accepted: use your passkey again"
		}
	case outcomeUnexpectedCode:
		field, rule, msg = factor, carenet.RuleNotAllowed, "is not needed: your account has no second factor"
	}
	var p carenet.Problems
	p.Add(field, rule, msg)
	return carenet.E("auth.Reauthenticate", carenet.Invalid, "you could not be signed in again", p.Err())
}

// checkReauthInput refuses a re-authentication of the wrong form before
// anything is read, and parses its code and passkey as Login does
// (checkLoginInput).
func (s *Service) checkReauthInput(req ReauthRequest) (reauthInput, error) {
	var p carenet.Problems
	switch {
	case req.Password == "":
		p.Add("password", carenet.RuleRequired, "is required")
	case len(req.Password) > password.MaxPasswordBytes:
		p.Add("password", carenet.RuleTooLong, "must be at most "+strconv.Itoa(password.MaxPasswordBytes)+" bytes")
	}
	in := reauthInput{ReauthRequest: req}
	in.otc, in.assertion = s.parseSecondFactor(&p, req.TOTPCode, req.Passkey)
	if err := p.Err(); err != nil {
		return reauthInput{}, carenet.E("auth.Reauthenticate", carenet.Invalid, "", err)
	}
	return in, nil
}
