package auth

import (
	"time"

	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// errTooManyPasskeys refuses a passkey past MaxPasskeys.
var errTooManyPasskeys = carenet.Errorf(carenet.Conflict, "a login holds at most %d passkeys; remove one first", MaxPasskeys)

// BeginPasskeyRegistration starts adding a passkey to the caller's own
// login: the options for navigator.credentials.create ask for a
// discoverable credential with its user verified, so that it serves as a
// second factor and as a sign-in of its own, and exclude the credentials
// the login holds already (an authenticator registers once). A passkey is
// a way into the login, so the caller must have signed in recently
// (Principal.RequireRecentSignIn; ErrReauthenticationRequired otherwise),
// as for removing one, and must give their current password, as
// BeginTOTP asks: a session alone (perhaps a stolen one) cannot put a way
// in on the login that outlives a password change. A wrong password is an
// Invalid error on "current_password" (RuleIncorrect) and counts, audited,
// toward the login lockout; while the account is locked it is refused
// (RuleLocked). The ceremony, bound to the login, is
// answered at most once, within PasskeyCeremonyLifetime, by
// FinishPasskeyRegistration. Conflict when the login holds MaxPasskeys;
// Invalid when the service has no Config.Passkeys.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, actor *Principal, currentPassword string) (_ *PasskeyOptions, callErr error) {
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
	if err := checkCurrentInput(currentPassword); err != nil {
		return nil, err
	}
	return retryChanged(func() (*PasskeyOptions, error) {
		return withCurrent(ctx, s, actor, currentPassword, "begin_passkey_registration", func(tx Tx) (*PasskeyOptions, error) {
			return s.beginRegistration(ctx, tx, actor, now)
		})
	})
}

// beginRegistration stores a registration ceremony for the actor's login
// in tx and returns its options.
func (s *Service) beginRegistration(ctx context.Context, tx Tx, actor *Principal, now time.Time) (*PasskeyOptions, error) {
	a, err := tx.Accounts().Get(ctx, actor.AccountID)
	if err != nil {
		return nil, err
	}
	list, err := tx.Passkeys().ListByAccount(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	if len(list) >= MaxPasskeys {
		return nil, errTooManyPasskeys
	}
	return s.beginCeremony(ctx, tx, PasskeyRegister, a.ID, now, func() ([]byte, []byte, error) {
		return s.cfg.Passkeys.RegistrationOptions(passkeyUser(a), list)
	})
}

// FinishPasskeyRegistration adds the passkey the authenticator created, in
// answer to the caller's ceremony of BeginPasskeyRegistration, under the
// name the user gave it, and returns it. From then on the login has a
// second factor: Login and Reauthenticate ask for it (a passkey or, if
// enrolled, a one-time code), and PasskeySignIn signs in with it alone.
//
// A passkey that gives the login its first second factor
// (HasSecondFactor was false) is an enrolment, as ConfirmTOTP is: it
// returns RecoveryCodeCount recovery codes, shown to the user once and
// stored only hashed, each of which stands in once for the second factor
// (a user who loses the authenticator then has a way in without an
// administrator), and every other session of the account ends (they were
// opened without a second factor); the caller's own, restricted or not
// (Principal.MustEnrolSecondFactor), is a full one at its next
// Authenticate. A further passkey, or one added beside a TOTP enrolment,
// returns no codes (nil), leaves the recovery codes the login has as they
// are (RegenerateRecoveryCodes renews them) and ends no session: the
// other sessions were opened with a second factor already.
//
// A name that is empty, too long or holds control characters is an
// Invalid error naming "name", and a response that is empty or too large
// one naming "response", before anything is read; the caller must have
// signed in recently, as for BeginPasskeyRegistration. A response that
// does not answer a ceremony of the caller's that is still open (used
// already, expired, another's) or does not verify (origin, RP ID,
// challenge, user verification, attestation) is an Invalid error naming
// "response" (RuleIncorrect): the ceremony is used up, and the refusal
// recorded (EventPasskeyRefused, target the account). A credential
// registered already is a Conflict. The passkey is recorded as
// EventPasskeyRegistered; a first second factor's event says how many
// recovery codes were made ("recovery_codes") and sessions ended
// ("sessions_revoked").
func (s *Service) FinishPasskeyRegistration(ctx context.Context, actor *Principal, name string, response []byte) (_ *Passkey, _ RecoveryCodes, callErr error) {
	defer s.obs.Call(&ctx, "auth.FinishPasskeyRegistration")(&callErr)
	const op = "auth.FinishPasskeyRegistration"
	if actor == nil {
		return nil, nil, errNoPrincipal
	}
	if s.cfg.Passkeys == nil {
		return nil, nil, errPasskeysOff
	}
	name, err := checkPasskeyName(op, name)
	if err != nil {
		return nil, nil, err
	}
	if bad := checkPasskeyResponse(response); bad != nil {
		return nil, nil, passkeyInvalid(op, "response", bad.rule, bad.msg)
	}
	r, err := s.cfg.Passkeys.ParseRegistration(response)
	if err != nil || len(r.Challenge) == 0 {
		return nil, nil, passkeyInvalid(op, "response", carenet.RuleFormat, "is not an authenticator's answer to a registration")
	}
	now := s.cfg.Clock.Now()
	if err := actor.RequireRecentSignIn(now); err != nil {
		return nil, nil, err
	}
	type added struct {
		p     *Passkey
		codes RecoveryCodes
	}
	res, err := carenet.Update(ctx, s.store, func(tx Tx) (added, error) {
		a, err := tx.Accounts().Get(ctx, actor.AccountID)
		if err != nil {
			return added{}, err
		}
		reason, err := consumeCeremony(ctx, tx, r.Challenge, PasskeyRegister, a.ID, now)
		if err != nil {
			return added{}, err
		}
		var p Passkey
		if reason == "" {
			if p, err = s.cfg.Passkeys.VerifyRegistration(passkeyUser(a), r); err != nil {
				reason = "invalid_attestation"
			}
		}
		if reason != "" {
			// The ceremony stays used up; the refusal is recorded.
			if err := s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPasskeyRefused, TargetType: audit.TargetAccount, TargetID: a.ID, Details: map[string]string{"reason": reason, "ceremony": string(PasskeyRegister)}}); err != nil {
				return added{}, err
			}
			return added{}, carenet.Refusal(passkeyInvalid(op, "response", RuleIncorrect, "was not accepted: start adding the passkey again"))
		}
		list, err := tx.Passkeys().ListByAccount(ctx, a.ID)
		if err != nil {
			return added{}, err
		}
		if len(list) >= MaxPasskeys {
			return added{}, errTooManyPasskeys
		}
		if _, err := tx.Passkeys().ByCredentialID(ctx, p.CredentialID); err == nil {
			return added{}, carenet.Errorf(carenet.Conflict, "this passkey is registered already")
		} else if carenet.ErrorCode(err) != carenet.NotFound {
			return added{}, err
		}
		p.ID, p.AccountID, p.Name, p.CreatedAt, p.LastUsedAt = s.cfg.IDs.NewID(), a.ID, name, now, nil
		if err := tx.Passkeys().Create(ctx, p); err != nil {
			return added{}, err
		}
		details := map[string]string{"account": a.ID}
		var codes RecoveryCodes
		if !HasSecondFactor(a, len(list)) {
			if codes, err = s.enrolled(ctx, tx, actor, a.ID, details); err != nil {
				return added{}, err
			}
		}
		return added{&p, codes}, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPasskeyRegistered, TargetType: audit.TargetPasskey, TargetID: p.ID, Details: details})
	})
	return res.p, res.codes, err
}

// enrolled does, in tx, what giving the account of actor its first second
// factor does besides: it replaces the account's recovery codes with new
// ones, returned in clear, and ends every session of the account but the
// actor's; details, the enrolment event's, say how many of each.
func (s *Service) enrolled(ctx context.Context, tx Tx, actor *Principal, accountID string, details map[string]string) (RecoveryCodes, error) {
	codes, stored, err := s.newRecoveryCodes(accountID)
	if err != nil {
		return nil, err
	}
	if _, err := tx.RecoveryCodes().Replace(ctx, accountID, stored); err != nil {
		return nil, err
	}
	n, err := RevokeSessions(ctx, tx.Sessions(), accountID, s.cfg.Clock.Now(), "second_factor_enabled", actor.SessionID)
	if err != nil {
		return nil, err
	}
	details["recovery_codes"], details["sessions_revoked"] = itoa(len(stored)), itoa(n)
	return codes, nil
}
