package auth

import (
	"context"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/totp"
)

// Wherever a one-time code is accepted (Login, RegenerateRecoveryCodes), a
// recovery code stands in for one, once. The code is told apart by its
// shape before anything is read: the configured number of digits is a
// TOTP code, 24 letters and digits (dashes and spaces aside) a recovery
// code, anything else an Invalid error naming the field that counts
// nothing. A wrong code of either shape counts toward the lockout as a
// wrong one-time code; a recovery code, right or wrong, is checked
// against every code of the account at the same cost (matchRecoveryCode),
// after reading them in the same statements whether the password was
// right or not.

// oneTimeCode is a one-time code as given.
type oneTimeCode struct {
	// code is the code as typed; "" for none.
	code string
	// recovery is the hash of the code when it has a recovery code's
	// shape, "" when it is a TOTP code.
	recovery string
}

// isRecovery reports whether the code has a recovery code's shape.
func (o oneTimeCode) isRecovery() bool { return o.recovery != "" }

// kind names the code's shape for audit details.
func (o oneTimeCode) kind() string {
	if o.isRecovery() {
		return "recovery_code"
	}
	return "totp_code"
}

// parseOneTimeCode tells a TOTP code from a recovery code by its shape,
// before anything is read. "" is no code.
func (s *Service) parseOneTimeCode(code string) (oneTimeCode, *codeProblem) {
	if code == "" {
		return oneTimeCode{}, nil
	}
	if h, ok := recoveryCodeHash(code); ok {
		return oneTimeCode{code: code, recovery: h}, nil
	}
	if len(code) > maxRecoveryCodeInput {
		return oneTimeCode{}, &codeProblem{carenet.RuleTooLong, "is too long"}
	}
	if s.checkCodeFormat(code) != nil {
		return oneTimeCode{}, &codeProblem{carenet.RuleFormat, "must be " + strconv.Itoa(s.digits()) +
			" digits from the authenticator app, or a recovery code"}
	}
	return oneTimeCode{code: code}, nil
}

// digits is the length of a TOTP code.
func (s *Service) digits() int {
	if s.cfg.TOTP.Digits == 0 {
		return totp.DefaultDigits
	}
	return s.cfg.TOTP.Digits
}

// readRecoveryCodes reads in tx the recovery codes of the account when o
// has a recovery code's shape, and nothing otherwise. It reads them for
// an unknown account (noAccount) too, so the statements an attempt sends
// say nothing of the account or of the password.
func readRecoveryCodes(ctx context.Context, tx Tx, accountID string, o oneTimeCode) ([]RecoveryCode, error) {
	if !o.isRecovery() {
		return nil, nil
	}
	return tx.RecoveryCodes().List(ctx, accountID)
}

// codeUse is a valid one-time code and what using it changes: a TOTP
// code's time step, or the recovery code to delete and how many the
// account keeps after it.
type codeUse struct {
	step       int64
	recoveryID string
	left       int
}

// checkOneTimeCode checks o against the credentials c and the account's
// recovery codes (readRecoveryCodes) at now.
func (s *Service) checkOneTimeCode(o oneTimeCode, c Credentials, codes []RecoveryCode, now time.Time) (codeUse, bool) {
	if o.isRecovery() {
		id, ok := matchRecoveryCode(codes, o.recovery)
		return codeUse{recoveryID: id, left: len(codes) - 1}, ok
	}
	step, ok := s.checkTOTP(c, o.code, now)
	return codeUse{step: step}, ok
}

// spendOneTimeCode uses up a valid code so it is never accepted again: a
// TOTP code's step goes into c (the caller stores c), a recovery code is
// deleted in tx. details, the audit event's, get what was used.
func (s *Service) spendOneTimeCode(ctx context.Context, tx Tx, c *Credentials, u codeUse, details map[string]string) error {
	if u.recoveryID == "" {
		c.TOTPLastStep = u.step
		s.resealStale(c, details)
		return nil
	}
	if err := tx.RecoveryCodes().Use(ctx, c.AccountID, u.recoveryID); err != nil {
		return err
	}
	details["recovery_code_used"] = "true"
	details["recovery_codes_left"] = itoa(u.left)
	return nil
}

// codeErr is the Invalid error on the field "totp_code" with rule and msg.
func codeErr(rule, msg string) error {
	var p carenet.Problems
	p.Add("totp_code", rule, msg)
	return carenet.E("auth", carenet.Invalid, "the code "+msg, p.Err())
}

// updateWithCode runs op in a write transaction once the one-time code o,
// given by the caller for their own account instead of their current
// password, is settled: while the account is locked, the refusal
// RuleLocked whatever the code (audited, not counted); a wrong code,
// RuleIncorrect, counted toward the lockout as a wrong one-time code at
// login and audited; a valid one is used up and op runs with details
// saying which kind it was. A refusal's count and audit event commit
// alone. via names the operation in the audit events.
func (s *Service) updateWithCode(ctx context.Context, actor *Principal, o oneTimeCode, via string, op func(tx Tx, proof map[string]string) error) error {
	_, err := carenet.Update(ctx, s.store, func(tx Tx) (struct{}, error) {
		c, err := tx.Accounts().Credentials(ctx, actor.AccountID)
		if err != nil {
			return struct{}{}, err
		}
		codes, err := readRecoveryCodes(ctx, tx, c.AccountID, o)
		if err != nil {
			return struct{}{}, err
		}
		now := s.cfg.Clock.Now()
		rules := s.cfg.lockout()
		if rules.blocked(c, now) {
			return refusal(codeErr(RuleLocked, "cannot be checked: the account is locked after repeated failures; try again later"),
				s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventLoginRefused, TargetType: audit.TargetAccount, TargetID: c.AccountID, Details: map[string]string{"reason": outcomeLocked.reason(), "via": via, "code_kind": o.kind()}}))
		}
		use, ok := s.checkOneTimeCode(o, c, codes, now)
		if !ok {
			details := rules.apply(&c, outcomeWrongCode, now)
			details["reason"], details["via"], details["code_kind"] = outcomeWrongCode.reason(), via, o.kind()
			if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
				return struct{}{}, err
			}
			return refusal(codeErr(RuleIncorrect, "is not a valid code"),
				s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventLoginFailed, TargetType: audit.TargetAccount, TargetID: c.AccountID, Details: details}))
		}
		proof := map[string]string{"proof": o.kind()}
		if err := s.spendOneTimeCode(ctx, tx, &c, use, proof); err != nil {
			return struct{}{}, err
		}
		if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, op(tx, proof)
	})
	return err
}

// refusal is what a write transaction that refuses returns: the refusal,
// committing the writes that record it, unless recording it failed.
func refusal(refused, recordErr error) (struct{}, error) {
	if recordErr != nil {
		return struct{}{}, recordErr
	}
	return struct{}{}, carenet.Refusal(refused)
}
