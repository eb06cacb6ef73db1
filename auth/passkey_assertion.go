package auth

import (
	"bytes"
	"context"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// An assertion (a passkey signing in) is decided in the write transaction
// of its attempt: the ceremony its challenge answers is consumed there,
// used or refused, so a challenge is never accepted twice; the credential
// is read there, locked, so its sign count is checked and advanced one
// assertion after the other; and the outcome, with the lockout, is the
// login policy's (lockout_rules.go), the assertion standing for the one-time
// code (Login) or for the password and code at once (PasskeySignIn).

// errPasskeysOff is returned by passkey calls of a service without
// Config.Passkeys.
var errPasskeysOff = carenet.Errorf(carenet.Invalid, "passkeys are not set up")

// passkeyCheck is what checking an assertion found: whether it ran, the
// registered passkey it named (known), whether it verified with its sign
// count accepted (ok), what the authenticator said (got), and why it was
// refused otherwise (an audit reason).
type passkeyCheck struct {
	checked, known, ok bool
	purpose            PasskeyPurpose
	passkey            Passkey
	got                PasskeyAssertion
	reason             string
}

// parsePasskeyAssertion parses an assertion before anything is read; a
// problem is reported on the caller's field.
func (s *Service) parsePasskeyAssertion(response []byte) (PasskeyResponse, *codeProblem) {
	if s.cfg.Passkeys == nil {
		return PasskeyResponse{}, &codeProblem{carenet.RuleNotAllowed, "cannot be used: passkeys are not set up"}
	}
	if bad := checkPasskeyResponse(response); bad != nil {
		return PasskeyResponse{}, bad
	}
	r, err := s.cfg.Passkeys.ParseAssertion(response)
	if err != nil || len(r.Challenge) == 0 || len(r.CredentialID) == 0 {
		return PasskeyResponse{}, &codeProblem{carenet.RuleFormat, "is not a passkey's answer"}
	}
	return r, nil
}

// checkPasskey checks an assertion for purpose by the account a, in tx at
// now: its ceremony consumed, its credential read, its signature and sign
// count verified. It returns an error only when the store fails.
func (s *Service) checkPasskey(ctx context.Context, tx Tx, a Account, r PasskeyResponse, purpose PasskeyPurpose, now time.Time) (passkeyCheck, error) {
	bound := a.ID
	if purpose == PasskeySignIn {
		bound = ""
	}
	chk := passkeyCheck{checked: true, purpose: purpose}
	reason, err := consumeCeremony(ctx, tx, r.Challenge, purpose, bound, now)
	if err != nil {
		return chk, err
	}
	p, err := tx.Passkeys().ByCredentialID(ctx, r.CredentialID)
	switch {
	case carenet.ErrorCode(err) == carenet.NotFound:
		chk.reason = "unknown_passkey"
		return chk, nil
	case err != nil:
		return chk, err
	case p.AccountID != a.ID:
		// Another login's passkey answers for this one: nothing of it
		// counts against that login.
		chk.reason = "unknown_passkey"
		return chk, nil
	}
	return s.verifyPasskey(chk, a, p, r, reason), nil
}

// verifyPasskey verifies an assertion of the account's passkey p, unless
// its ceremony already refused it (reason), and applies the sign-count
// rule.
func (s *Service) verifyPasskey(chk passkeyCheck, a Account, p Passkey, r PasskeyResponse, reason string) passkeyCheck {
	chk.known, chk.passkey = true, p
	if reason != "" {
		chk.reason = reason
		return chk
	}
	if len(r.UserHandle) > 0 && !bytes.Equal(r.UserHandle, []byte(a.ID)) {
		chk.reason = "user_mismatch"
		return chk
	}
	got, err := s.cfg.Passkeys.VerifyAssertion(passkeyUser(a), p, r, chk.purpose == PasskeySignIn)
	if err != nil {
		chk.reason = "invalid_assertion"
		return chk
	}
	chk.got = got
	if !SignCountAccepted(p.SignCount, got.SignCount) {
		chk.reason = "possible_clone"
		return chk
	}
	chk.ok = true
	return chk
}

// settlePasskey writes, in tx, what an attempt that checked a passkey
// (chk) leaves of it: used to sign in (success), its sign count, flags and
// last use stored and EventPasskeyUsed recorded; refused, a known
// passkey's EventPasskeyRefused. details are the attempt's own event's,
// which name the passkey.
func (s *Service) settlePasskey(ctx context.Context, tx Tx, a Account, chk passkeyCheck, success bool, details map[string]string, now time.Time) error {
	if !chk.checked || !chk.known {
		return nil
	}
	p := chk.passkey
	details["passkey"] = p.ID
	ev := map[string]string{"account": a.ID, "factor": string(chk.purpose), "sign_count": strconv.FormatUint(uint64(chk.got.SignCount), 10)}
	switch {
	case success:
		p.SignCount = chk.got.SignCount
		p.UserVerified = p.UserVerified || chk.got.UserVerified
		p.BackupState = chk.got.BackupState
		p.LastUsedAt = &now
		if err := tx.Passkeys().Update(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: a.PersonID, Action: EventPasskeyUsed, TargetType: audit.TargetPasskey, TargetID: p.ID, Details: ev})
	case chk.ok:
		// The assertion verified, but the login refused the attempt
		// (locked, inactive): the passkey was not used.
		return nil
	}
	ev["reason"] = chk.reason
	if chk.reason == "possible_clone" {
		ev["stored_sign_count"] = strconv.FormatUint(uint64(p.SignCount), 10)
	} else if chk.got == (PasskeyAssertion{}) {
		delete(ev, "sign_count")
	}
	return s.record(ctx, tx, audit.Event{ActorID: a.PersonID, Action: EventPasskeyRefused, TargetType: audit.TargetPasskey, TargetID: p.ID, Details: ev})
}

// beginCeremony starts a ceremony in tx: it drops the expired ones, has
// the verifier make the options and their challenge (options), and stores
// the ceremony bound to accountID ("" for none).
func (s *Service) beginCeremony(ctx context.Context, tx Tx, purpose PasskeyPurpose, accountID string, now time.Time, options func() ([]byte, []byte, error)) (*PasskeyOptions, error) {
	if _, err := tx.PasskeyCeremonies().DeleteExpired(ctx, now); err != nil {
		return nil, err
	}
	opts, challenge, err := options()
	if err != nil {
		return nil, carenet.E("auth.passkey", carenet.Internal, "", err)
	}
	c := PasskeyCeremony{ChallengeHash: challengeHash(challenge), Purpose: purpose, AccountID: accountID,
		CreatedAt: now, ExpiresAt: now.Add(PasskeyCeremonyLifetime)}
	if err := tx.PasskeyCeremonies().Create(ctx, c); err != nil {
		return nil, err
	}
	return &PasskeyOptions{Options: opts, ExpiresAt: c.ExpiresAt}, nil
}

// beginSecondFactor starts, in tx, the assertion ceremony of the account
// a, whose password was right, allowing its passkeys.
func (s *Service) beginSecondFactor(ctx context.Context, tx Tx, a Account, now time.Time) (*PasskeyOptions, error) {
	list, err := tx.Passkeys().ListByAccount(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	return s.beginCeremony(ctx, tx, PasskeySecondFactor, a.ID, now, func() ([]byte, []byte, error) {
		return s.cfg.Passkeys.AssertionOptions(list, false)
	})
}
