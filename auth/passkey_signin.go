package auth

import (
	"context"
	"errors"

	"github.com/carenet-go/carenet"
)

// PasskeySignInRequest is a passkey's answer to a sign-in ceremony
// (BeginPasskeySignIn), with what the client tells of itself.
type PasskeySignInRequest struct {
	// Passkey is the JSON of the browser's PublicKeyCredential from
	// navigator.credentials.get.
	Passkey []byte
	// UserAgent, RemoteAddr and RateKey are LoginRequest's.
	UserAgent  string
	RemoteAddr string
	RateKey    string
}

// BeginPasskeySignIn starts a passkey sign-in, for a user who types no
// username: the options for navigator.credentials.get allow any
// discoverable credential of the relying party and require the
// authenticator to verify its user (PIN, biometrics), so the passkey alone
// is two factors. Anyone may call it; it names no account. The ceremony is
// stored, answered at most once, within PasskeyCeremonyLifetime, by
// PasskeySignIn; expired ceremonies are dropped as new ones begin, so the
// store holds at most the ceremonies begun in the last
// PasskeyCeremonyLifetime. Each is a small write anyone can cause: a host
// limits the rate of the endpoint that begins them, as of any
// unauthenticated form.
func (s *Service) BeginPasskeySignIn(ctx context.Context) (_ *PasskeyOptions, callErr error) {
	defer s.obs.Call(&ctx, "auth.BeginPasskeySignIn")(&callErr)
	if s.cfg.Passkeys == nil {
		return nil, errPasskeysOff
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (*PasskeyOptions, error) {
		return s.beginCeremony(ctx, tx, PasskeySignIn, "", s.cfg.Clock.Now(), func() ([]byte, []byte, error) {
			return s.cfg.Passkeys.AssertionOptions(nil, true)
		})
	})
}

// PasskeySignIn signs in with a passkey alone, answering a ceremony of
// BeginPasskeySignIn, and opens a session. The login is the one the
// credential is registered to (the user handle must name it); the answer
// must verify with the user verified and a sign count that went up (see
// SignCountAccepted).
//
// A response that cannot be one is an Invalid error naming "passkey",
// before anything is read. Every other failure is ErrLoginFailed, whatever
// it was: an unknown credential, a ceremony unknown, used, expired or of
// another kind, a signature, origin or RP ID that does not verify, a sign
// count that did not go up, a locked or inactive account, a refusal of the
// RateLimiter. So the answer never says whether an account exists; the
// store is asked only about the credential the answer names, which only
// its holder has.
//
// Each attempt is decided as a login is (Login, Config.MaxFailedLogins),
// in one write transaction that consumes the ceremony and writes the
// attempt's login event: a refused answer from a registered passkey
// counts as a failed login of its account and is recorded as
// EventPasskeyRefused too (a possible clone when its sign count did not
// go up); a valid one, like the right password with a valid code, opens
// an account that password guesses locked, and is recorded as
// EventPasskeyUsed.
func (s *Service) PasskeySignIn(ctx context.Context, req PasskeySignInRequest) (_ *LoginResult, callErr error) {
	defer s.obs.Call(&ctx, "auth.PasskeySignIn")(&callErr)
	r, bad := s.parsePasskeyAssertion(req.Passkey)
	if bad != nil {
		return nil, passkeyInvalid("auth.PasskeySignIn", "passkey", bad.rule, bad.msg)
	}
	key := rateKey(LoginRequest{RemoteAddr: req.RemoteAddr, RateKey: req.RateKey})
	done, allowed := s.cfg.RateLimiter.Attempt(ctx, key, s.cfg.Clock.Now())
	defer func() { done(errors.Is(callErr, ErrLoginFailed)) }()
	token, tokenHash, err := newToken(SessionTokenPrefix)
	if err != nil {
		return nil, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (*LoginResult, error) {
		now := s.cfg.Clock.Now()
		reason, err := consumeCeremony(ctx, tx, r.Challenge, PasskeySignIn, "", now)
		if err != nil {
			return nil, err
		}
		// The same statements whether or not the credential is known:
		// the passkey, the credentials (locked), the account and its
		// holder, the credentials written back, the attempt's event.
		known := true
		p, err := tx.Passkeys().ByCredentialID(ctx, r.CredentialID)
		if carenet.ErrorCode(err) == carenet.NotFound {
			known, p, err = false, Passkey{AccountID: noAccount}, nil
		}
		if err != nil {
			return nil, err
		}
		c, a, h, known, err := attemptTarget(ctx, tx, p.AccountID, known)
		if err != nil {
			return nil, err
		}
		chk := passkeyCheck{checked: true, purpose: PasskeySignIn, reason: "unknown_passkey"}
		if known {
			chk = s.verifyPasskey(chk, a, p, r, reason)
		}
		// The passkey with its user verified stands for the password and
		// the code at once.
		f := attemptFacts{Known: known, PasswordOK: chk.ok, Active: a.Active && h.AllowedAt(now),
			SecondFactor: true, Passkey: true, CodeOK: chk.ok, Allowed: allowed, Creds: c, Now: now}
		rules := s.cfg.lockout()
		out := rules.decide(f)
		details := rules.apply(&c, out, now)
		details["factor"] = string(PasskeySignIn)
		if out == outcomeSuccess {
			c.LastLoginAt = now
		}
		if err := tx.Accounts().SetCredentials(ctx, c); err != nil && known {
			return nil, err
		}
		if err := s.settlePasskey(ctx, tx, a, chk, out == outcomeSuccess, details, now); err != nil {
			return nil, err
		}
		if out == outcomeSuccess {
			res, err := s.openSession(ctx, tx, a, h, c.Passkeys, token, tokenHash, LoginRequest{UserAgent: req.UserAgent, RemoteAddr: req.RemoteAddr}, details, now)
			return res, err
		}
		answer := ErrLoginFailed
		switch {
		case out == outcomeInactive:
			details["reason"] = inactiveReason(a, h)
		case out == outcomeUnknownUser:
			details["reason"] = "unknown_passkey"
		case out.counted():
			details["reason"] = "invalid_passkey"
		}
		if err := s.recordAttempt(ctx, tx, attempt{account: a, known: known, outcome: out, details: details, source: key}); err != nil {
			return nil, err
		}
		return nil, carenet.Refusal(answer)
	})
}
