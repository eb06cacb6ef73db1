package auth

import (
	"context"

	"github.com/carenet-go/carenet"
)

// errTooManyPasskeys refuses a passkey past MaxPasskeys.
var errTooManyPasskeys = carenet.Errorf(carenet.Conflict, "a login holds at most %d passkeys; remove one first", MaxPasskeys)

// BeginPasskeyRegistration starts adding a passkey to the caller's own
// login: the options for navigator.credentials.create ask for a
// discoverable credential with its user verified, so that it serves as a
// second factor and as a sign-in of its own, and exclude the credentials
// the login holds already (an authenticator registers once). A passkey is
// a way into the login, so the caller must have signed in recently (in
// the last 10 minutes), as for removing one: otherwise an Unauthenticated
// error asks them to sign in again. The ceremony, bound to the login, is
// answered at most once, within PasskeyCeremonyLifetime, by
// FinishPasskeyRegistration. Conflict when the login holds MaxPasskeys;
// Invalid when the service has no Config.Passkeys.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, actor *Principal) (_ *PasskeyOptions, callErr error) {
	defer s.obs.Call(&ctx, "auth.BeginPasskeyRegistration")(&callErr)
	if actor == nil {
		return nil, errNoPrincipal
	}
	if s.cfg.Passkeys == nil {
		return nil, errPasskeysOff
	}
	now := s.cfg.Clock.Now()
	if err := actor.RequireRecentSignIn(now); err != nil {
		return nil, err
	}
	var out *PasskeyOptions
	err := s.store.Update(ctx, func(tx Tx) error {
		a, err := tx.Accounts().Get(ctx, actor.AccountID)
		if err != nil {
			return err
		}
		list, err := tx.Passkeys().ListByAccount(ctx, a.ID)
		if err != nil {
			return err
		}
		if len(list) >= MaxPasskeys {
			return errTooManyPasskeys
		}
		out, err = s.beginCeremony(ctx, tx, PasskeyRegister, a.ID, now, func() ([]byte, []byte, error) {
			return s.cfg.Passkeys.RegistrationOptions(passkeyUser(a), list)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FinishPasskeyRegistration adds the passkey the authenticator created, in
// answer to the caller's ceremony of BeginPasskeyRegistration, under the
// name the user gave it, and returns it. From then on the login has a
// second factor: Login asks for it (a passkey or, if enrolled, a one-time
// code), and PasskeySignIn signs in with it alone.
//
// A name that is empty, too long or holds control characters is an
// Invalid error naming "name", and a response that is empty or too large
// one naming "response", before anything is read; the caller must have
// signed in recently, as for BeginPasskeyRegistration. A response that
// does not answer a ceremony of the caller's that is still open (used
// already, expired, another's) or does not verify (origin, RP ID,
// challenge, user verification, attestation) is an Invalid error naming
// "response" (RuleIncorrect): the ceremony is used up, and the refusal
// recorded (ActionPasskeyRefused, target the account). A credential
// registered already is a Conflict. The passkey is recorded as
// ActionPasskeyRegistered.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, actor *Principal, name string, response []byte) (_ *Passkey, callErr error) {
	defer s.obs.Call(&ctx, "auth.FinishPasskeyRegistration")(&callErr)
	const op = "auth.FinishPasskeyRegistration"
	if actor == nil {
		return nil, errNoPrincipal
	}
	if s.cfg.Passkeys == nil {
		return nil, errPasskeysOff
	}
	name, err := checkPasskeyName(op, name)
	if err != nil {
		return nil, err
	}
	if bad := checkPasskeyResponse(response); bad != nil {
		return nil, passkeyInvalid(op, "response", bad.rule, bad.msg)
	}
	r, err := s.cfg.Passkeys.ParseRegistration(response)
	if err != nil || len(r.Challenge) == 0 {
		return nil, passkeyInvalid(op, "response", carenet.RuleFormat, "is not an authenticator's answer to a registration")
	}
	now := s.cfg.Clock.Now()
	if err := actor.RequireRecentSignIn(now); err != nil {
		return nil, err
	}
	var out *Passkey
	var refused error
	err = s.store.Update(ctx, func(tx Tx) error {
		out, refused = nil, nil
		a, err := tx.Accounts().Get(ctx, actor.AccountID)
		if err != nil {
			return err
		}
		reason, err := consumeCeremony(ctx, tx, r.Challenge, PasskeyRegister, a.ID, now)
		if err != nil {
			return err
		}
		var p Passkey
		if reason == "" {
			if p, err = s.cfg.Passkeys.VerifyRegistration(passkeyUser(a), r); err != nil {
				reason = "invalid_attestation"
			}
		}
		if reason != "" {
			// The ceremony stays used up; the refusal is recorded.
			refused = passkeyInvalid(op, "response", RuleIncorrect, "was not accepted: start adding the passkey again")
			return s.record(ctx, tx, actor.PersonID, ActionPasskeyRefused, "account", a.ID,
				map[string]string{"reason": reason, "ceremony": string(PasskeyRegister)})
		}
		list, err := tx.Passkeys().ListByAccount(ctx, a.ID)
		if err != nil {
			return err
		}
		if len(list) >= MaxPasskeys {
			return errTooManyPasskeys
		}
		if _, err := tx.Passkeys().ByCredentialID(ctx, p.CredentialID); err == nil {
			return carenet.Errorf(carenet.Conflict, "this passkey is registered already")
		} else if carenet.ErrorCode(err) != carenet.NotFound {
			return err
		}
		p.ID, p.AccountID, p.Name, p.CreatedAt, p.LastUsedAt = s.cfg.IDs.NewID(), a.ID, name, now, nil
		if err := tx.Passkeys().Create(ctx, p); err != nil {
			return err
		}
		out = &p
		return s.record(ctx, tx, actor.PersonID, ActionPasskeyRegistered, "passkey", p.ID, map[string]string{"account": a.ID})
	})
	if err != nil {
		return nil, err
	}
	if refused != nil {
		return nil, refused
	}
	return out, nil
}
