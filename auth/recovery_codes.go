package auth

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// RecoveryCodesLeft is how many unused recovery codes the caller's account
// has: RecoveryCodeCount after enrolment, one fewer after each use, none
// without a second factor.
func (s *Service) RecoveryCodesLeft(ctx context.Context, actor *Principal) (_ int, callErr error) {
	defer s.obs.Call(&ctx, "auth.RecoveryCodesLeft")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return 0, err
	}
	return carenet.View(ctx, s.store, func(tx Tx) (int, error) {
		codes, err := tx.RecoveryCodes().List(ctx, actor.AccountID)
		return len(codes), err
	})
}

// RegenerateRecoveryCodes replaces the caller's recovery codes with
// RecoveryCodeCount new ones, returned to show once: the old ones, used or
// not, stop working. The caller proves it is them with their current
// password, or with a one-time code (a code from the app, or one of their
// recovery codes, used up), not both, so a session alone cannot take the
// account's way back in. The password is checked as DisableTOTP checks it
// (Invalid on "current_password", counted toward the lockout when wrong).
// A code is checked in the change's transaction: a code of neither shape
// is an Invalid error on "totp_code" (rule format) that counts nothing; a
// wrong one is RuleIncorrect on "totp_code", counted toward the lockout as
// a wrong one-time code at login and audited; while the account is locked
// a code is refused (RuleLocked), whatever it is. Conflict if the account
// has no second factor. The new codes are audited
// (EventRecoveryCodesGenerated), with what the caller proved.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, actor *Principal, currentPassword, code string) (_ RecoveryCodes, callErr error) {
	defer s.obs.Call(&ctx, "auth.RegenerateRecoveryCodes")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return nil, err
	}
	otc, err := s.checkProof(currentPassword, code)
	if err != nil {
		return nil, err
	}
	has, err := carenet.View(ctx, s.store, func(tx Tx) (bool, error) {
		a, err := tx.Accounts().Get(ctx, actor.AccountID)
		if err != nil {
			return false, err
		}
		passkeys, err := s.passkeysOf(ctx, tx, a.ID)
		return HasSecondFactor(a, passkeys), err
	})
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, errNoSecondFactor
	}
	codes, stored, err := s.newRecoveryCodes(actor.AccountID)
	if err != nil {
		return nil, err
	}
	replace := func(tx Tx, proof map[string]string) error {
		a, err := tx.Accounts().Get(ctx, actor.AccountID)
		if err != nil {
			return err
		}
		passkeys, err := s.passkeysOf(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if !HasSecondFactor(a, passkeys) {
			return errNoSecondFactor
		}
		n, err := tx.RecoveryCodes().Replace(ctx, a.ID, stored)
		if err != nil {
			return err
		}
		proof["count"], proof["voided"] = itoa(len(stored)), itoa(n)
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventRecoveryCodesGenerated, TargetType: audit.TargetAccount, TargetID: a.ID, Details: proof})
	}
	if currentPassword != "" {
		err = retryChangedErr(func() error {
			_, err := withCurrent(ctx, s, actor, currentPassword, "regenerate_recovery_codes", func(tx Tx) (struct{}, error) {
				return struct{}{}, replace(tx, map[string]string{"proof": "current_password"})
			})
			return err
		})
	} else {
		err = s.updateWithCode(ctx, actor, otc, "regenerate_recovery_codes", replace)
	}
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// errNoSecondFactor refuses recovery codes to an account without a second
// factor.
var errNoSecondFactor = &carenet.Error{Code: carenet.Conflict, Op: "auth.RegenerateRecoveryCodes",
	Message: "recovery codes come with a second factor: set one up first"}

// checkProof checks, before anything is read, that the caller gives their
// current password or a one-time code, not both, each of the right shape,
// and returns the code parsed.
func (s *Service) checkProof(currentPassword, code string) (oneTimeCode, error) {
	switch {
	case currentPassword == "" && code == "":
		var p carenet.Problems
		p.Add("current_password", carenet.RuleRequired, "or a one-time code is required")
		p.Add("totp_code", carenet.RuleRequired, "or the current password is required")
		return oneTimeCode{}, carenet.E("auth", carenet.Invalid, "give your current password or a one-time code", p.Err())
	case currentPassword != "" && code != "":
		var p carenet.Problems
		p.Add("totp_code", carenet.RuleNotAllowed, "must not be given with the current password: give one or the other")
		return oneTimeCode{}, carenet.E("auth", carenet.Invalid, "give your current password or a one-time code, not both", p.Err())
	case currentPassword != "":
		return oneTimeCode{}, checkCurrentInput(currentPassword)
	}
	otc, bad := s.parseOneTimeCode(code)
	if bad != nil {
		return oneTimeCode{}, codeErr(bad.rule, bad.msg)
	}
	return otc, nil
}

// passkeysOf is how many passkeys the account holds (Credentials.Passkeys).
func (s *Service) passkeysOf(ctx context.Context, tx Tx, accountID string) (int, error) {
	c, err := tx.Accounts().Credentials(ctx, accountID)
	return c.Passkeys, err
}
