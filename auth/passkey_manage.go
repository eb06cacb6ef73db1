package auth

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// errPasskeyNotFound is the answer for a passkey that does not exist or is
// not the caller's to change.
var errPasskeyNotFound = &carenet.Error{Code: carenet.NotFound, Message: "passkey not found"}

// Passkeys lists a login's passkeys, oldest first, with their names and
// when they were registered and last used: the caller's own, or, with
// ResetPasswords, those of a login the caller outranks (RequireOutrank,
// ErrOutranked otherwise), as for its sessions.
func (s *Service) Passkeys(ctx context.Context, actor *Principal, accountID string) (_ []Passkey, callErr error) {
	defer s.obs.Call(&ctx, "auth.Passkeys")(&callErr)
	if err := requireAccountLook(actor, accountID); err != nil {
		return nil, err
	}
	return carenet.View(ctx, s.store, func(tx Tx) ([]Passkey, error) {
		if err := requireAccountLookIn(ctx, tx, actor, accountID); err != nil {
			return nil, err
		}
		return tx.Passkeys().ListByAccount(ctx, accountID)
	})
}

// RenamePasskey gives one of the caller's own passkeys a new name (the
// field "name": required, at most MaxPasskeyNameLength characters, no
// control characters; Invalid otherwise, before anything is read) and
// returns it. NotFound for a passkey that is not the caller's. Recorded as
// EventPasskeyRenamed; the same name again changes nothing.
func (s *Service) RenamePasskey(ctx context.Context, actor *Principal, passkeyID, name string) (_ *Passkey, callErr error) {
	defer s.obs.Call(&ctx, "auth.RenamePasskey")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return nil, err
	}
	name, err := checkPasskeyName("auth.RenamePasskey", name)
	if err != nil {
		return nil, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (*Passkey, error) {
		p, err := tx.Passkeys().Get(ctx, passkeyID)
		if carenet.ErrorCode(err) == carenet.NotFound || err == nil && p.AccountID != actor.AccountID {
			return nil, errPasskeyNotFound
		}
		if err != nil {
			return nil, err
		}
		if p.Name == name {
			return &p, nil
		}
		p.Name = name
		if err := tx.Passkeys().Update(ctx, p); err != nil {
			return nil, err
		}
		return &p, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPasskeyRenamed, TargetType: audit.TargetPasskey, TargetID: p.ID, Details: map[string]string{"account": p.AccountID}})
	})
}

// RemovePasskey takes a passkey off its login: one of the caller's own,
// or, with ResetPasswords (a lost authenticator), one of a login whose
// reach the caller covers: taking away a second factor is a way into a
// login, so it takes what a password link for it would (RequireCredential;
// ErrOutranked otherwise). The caller must have signed in recently (in the
// last 10 minutes); otherwise an Unauthenticated error asks them to sign
// in again. NotFound for a passkey that does not exist, or that is
// another's and the caller lacks ResetPasswords. Recorded as
// EventPasskeyRemoved. The login's ceremonies in flight then refuse the
// passkey: its credential is no longer found. With the login's last
// second factor (no TOTP enrolment, no other passkey) its recovery codes
// go too, as with DisableTOTP, and the event says how many
// ("recovery_codes_voided").
func (s *Service) RemovePasskey(ctx context.Context, actor *Principal, passkeyID string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.RemovePasskey")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return err
	}
	now := s.cfg.Clock.Now()
	if err := actor.RequireRecentSignIn(now); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		p, err := tx.Passkeys().Get(ctx, passkeyID)
		if carenet.ErrorCode(err) == carenet.NotFound {
			return errPasskeyNotFound
		}
		if err != nil {
			return err
		}
		if p.AccountID != actor.AccountID {
			if !actor.Can(ResetPasswords) {
				return errPasskeyNotFound
			}
			a, err := tx.Accounts().Get(ctx, p.AccountID)
			if err != nil {
				return err
			}
			if err := RequireCredential(ctx, tx, actor, a, now); err != nil {
				return err
			}
		}
		if err := tx.Passkeys().Delete(ctx, p.ID); err != nil {
			return err
		}
		details := map[string]string{"account": p.AccountID}
		if err := s.voidRecoveryCodesWithoutSecondFactor(ctx, tx, p.AccountID, details); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPasskeyRemoved, TargetType: audit.TargetPasskey, TargetID: p.ID, Details: details})
	})
}

// voidRecoveryCodesWithoutSecondFactor deletes, in tx, the recovery codes
// of an account left without a second factor (HasSecondFactor): they come
// with one, and stand in for it. details, the removal's event's, say how
// many went.
func (s *Service) voidRecoveryCodesWithoutSecondFactor(ctx context.Context, tx Tx, accountID string, details map[string]string) error {
	a, err := tx.Accounts().Get(ctx, accountID)
	if err != nil {
		return err
	}
	passkeys, err := s.passkeysOf(ctx, tx, accountID)
	if err != nil {
		return err
	}
	if HasSecondFactor(a, passkeys) {
		return nil
	}
	n, err := tx.RecoveryCodes().Replace(ctx, accountID, nil)
	if err != nil {
		return err
	}
	details["recovery_codes_voided"] = itoa(n)
	return nil
}
