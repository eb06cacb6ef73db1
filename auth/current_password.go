package auth

import (
	"context"
	"crypto/subtle"
	"errors"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/password"
)

// A signed-in user gives their current password to change it, to remove
// their second factor, and to enrol one (ChangePassword, DisableTOTP,
// BeginTOTP, ConfirmTOTP), so that a session alone, perhaps a stolen one,
// can do none of these. The password is hashed outside any transaction;
// whether it counts is decided in the operation's own write transaction,
// against the credentials stored there (settleCurrent): while the account
// is locked every attempt is refused alike, whatever the password, and a
// wrong one counts toward the login lockout (see Config.MaxFailedLogins).

// Rule codes of the errors on the field "current_password".
const (
	// RuleIncorrect: the current password is wrong.
	RuleIncorrect = "incorrect"
	// RuleLocked: the account is locked after repeated failures.
	RuleLocked = "locked"
)

func currentPasswordErr(rule, msg string) error {
	var p carenet.Problems
	p.Add("current_password", rule, msg)
	return carenet.E("auth", carenet.Invalid, "the current password "+msg, p.Err())
}

func lockedErr() error {
	return currentPasswordErr(RuleLocked, "has been entered wrongly too many times; try again later")
}

// checkCurrentInput refuses an empty or oversized current password before
// anything is read.
func checkCurrentInput(current string) error {
	switch {
	case current == "":
		return currentPasswordErr(carenet.RuleRequired, "is required")
	case len(current) > password.MaxPasswordBytes:
		return currentPasswordErr(carenet.RuleTooLong, "must be at most "+itoa(password.MaxPasswordBytes)+" bytes")
	}
	return nil
}

// currentCheck is a current password checked outside any transaction: the
// credentials it was checked against, and whether it matched (and the
// further hashing run with it succeeded).
type currentCheck struct {
	verified Credentials
	ok       bool
}

// readCredentials reads an account's credentials in a read transaction.
func (s *Service) readCredentials(ctx context.Context, accountID string) (Credentials, error) {
	return carenet.View(ctx, s.store, func(tx Tx) (Credentials, error) {
		return tx.Accounts().Credentials(ctx, accountID)
	})
}

// checkCurrent verifies current against creds, and runs also (more hashing)
// in the same hash slot when it is right. It decides nothing: see
// settleCurrent.
func (s *Service) checkCurrent(ctx context.Context, creds Credentials, current string, also func() error) (currentCheck, error) {
	var ok bool
	err := s.withHashSlot(ctx, func() {
		var herr error
		ok, _, herr = s.cfg.Hasher.Verify(current, creds.PasswordHash)
		ok = ok && herr == nil
		if ok && also != nil {
			ok = also() == nil
		}
	})
	return currentCheck{verified: creds, ok: ok}, err
}

// updateWithCurrent runs op in a write transaction once settleCurrent lets
// it, and otherwise commits the refusal's count and audit event alone and
// returns the refusal. via names the operation in the audit event.
func updateWithCurrent[R any](ctx context.Context, s *Service, actor *Principal, chk currentCheck, via string, op func(tx Tx) (R, error)) (R, error) {
	return carenet.Update(ctx, s.store, func(tx Tx) (R, error) {
		refused, err := s.settleCurrent(ctx, tx, actor, chk, via)
		if err != nil || refused != nil {
			var zero R
			if err == nil {
				err = carenet.Refusal(refused)
			}
			return zero, err
		}
		return op(tx)
	})
}

// noValue adapts an operation that returns only an error to the functions
// that run one returning a value.
func noValue(op func(tx Tx) error) func(tx Tx) (struct{}, error) {
	return func(tx Tx) (struct{}, error) { return struct{}{}, op(tx) }
}

// settleCurrent decides, in the write transaction that acts on it, what a
// checked current password is worth, against the credentials stored now:
// while the account is locked, the refusal RuleLocked whatever the
// password (audited, not counted); a wrong one, RuleIncorrect, counted and
// audited; a stored hash other than the one checked against,
// errCredentialsChanged (see retryChanged). nil, nil lets the operation go
// on.
func (s *Service) settleCurrent(ctx context.Context, tx Tx, actor *Principal, chk currentCheck, via string) (refused, err error) {
	c, err := tx.Accounts().Credentials(ctx, chk.verified.AccountID)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(c.PasswordHash), []byte(chk.verified.PasswordHash)) != 1 {
		return nil, errCredentialsChanged
	}
	now := s.cfg.Clock.Now()
	rules := s.cfg.lockout()
	switch {
	case rules.blocked(c, now):
		err := s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventLoginRefused, TargetType: audit.TargetAccount, TargetID: c.AccountID, Details: map[string]string{"reason": outcomeLocked.reason(), "via": via}})
		return lockedErr(), err
	case !chk.ok:
		details := rules.apply(&c, outcomeWrongPassword, now)
		details["reason"], details["via"] = "wrong_current_password", via
		if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
			return nil, err
		}
		err := s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventLoginFailed, TargetType: audit.TargetAccount, TargetID: c.AccountID, Details: details})
		return currentPasswordErr(RuleIncorrect, "is incorrect"), err
	}
	return nil, nil
}

// retryChanged runs an operation that verifies the current password
// outside its write transaction once more if the stored hash changed in
// between (another login may have upgraded it), and reports a second change
// as a wrong current password.
func retryChanged[R any](op func() (R, error)) (R, error) {
	out, err := op()
	if errors.Is(err, errCredentialsChanged) {
		out, err = op()
	}
	if errors.Is(err, errCredentialsChanged) {
		var zero R
		return zero, currentPasswordErr(RuleIncorrect, "is incorrect")
	}
	return out, err
}

// retryChangedErr is retryChanged for an operation that returns only an
// error.
func retryChangedErr(op func() error) error {
	_, err := retryChanged(func() (struct{}, error) { return struct{}{}, op() })
	return err
}
