package auth

import (
	"context"
	"encoding/base32"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/totp"
)

// TOTPEnrollment is a second factor being set up: the secret to show once
// (as text and as an otpauth:// URI for a QR code).
type TOTPEnrollment struct {
	Secret string
	URI    string
}

// BeginTOTP starts enrolling the caller's authenticator app. The caller
// gives their current password, so a session alone (perhaps a stolen one)
// cannot put a second factor between the owner and their account: it is
// checked as ChangePassword checks it (Invalid on "current_password",
// counted toward the lockout when wrong, refused alike whatever the
// password while the account is locked). The secret is stored sealed with
// Config.TOTPKey, replacing any enrolment not yet confirmed, and the start
// is audited; the second factor is required only once ConfirmTOTP has seen
// a code from the app. Conflict if the account already has one; Invalid if
// the service has no TOTPKey. It needs a recent sign-in
// (Principal.RequireRecentSignIn; ErrReauthenticationRequired otherwise,
// before the password is checked).
func (s *Service) BeginTOTP(ctx context.Context, actor *Principal, currentPassword string) (_ *TOTPEnrollment, callErr error) {
	defer s.obs.Call(&ctx, "auth.BeginTOTP")(&callErr)
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return nil, err
	}
	if s.totp == nil {
		return nil, carenet.Errorf(carenet.Invalid, "second factors are not configured")
	}
	if err := checkCurrentInput(currentPassword); err != nil {
		return nil, err
	}
	secret, err := totp.NewSecret()
	if err != nil {
		return nil, err
	}
	sealed, err := s.totp.Seal(secret)
	if err != nil {
		return nil, err
	}
	acct, err := retryChanged(func() (Account, error) {
		return withCurrent(ctx, s, actor, currentPassword, "begin_totp", func(tx Tx) (Account, error) {
			acct, err := tx.Accounts().Get(ctx, actor.AccountID)
			if err != nil {
				return Account{}, err
			}
			if acct.TOTPEnabled {
				return Account{}, carenet.Errorf(carenet.Conflict, "a second factor is already set up; remove it first")
			}
			c, err := tx.Accounts().Credentials(ctx, acct.ID)
			if err != nil {
				return Account{}, err
			}
			c.TOTPSecret = sealed
			c.TOTPLastStep = 0
			if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
				return Account{}, err
			}
			return acct, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventTOTPEnrolStarted, TargetType: audit.TargetAccount, TargetID: acct.ID})
		})
	})
	if err != nil {
		return nil, err
	}
	return &TOTPEnrollment{
		Secret: base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret),
		URI:    totp.KeyURI(s.cfg.TOTPIssuer, acct.Username, secret, s.cfg.TOTP),
	}, nil
}

// ConfirmTOTP finishes enrolment with a code from the app; from then on
// login needs a code. It returns RecoveryCodeCount recovery codes, shown
// to the user once and stored only hashed, each of which stands in once
// for a one-time code (see RegenerateRecoveryCodes). Every other session
// of the account ends (they were opened without the second factor), and
// the caller's own, restricted or not, is a full one at its next
// Authenticate. The current password is checked as BeginTOTP checks it. A
// code that is not the configured number of digits is an Invalid error
// naming "totp_code" (rule format) before anything is read; a wrong one is
// an Invalid error naming "totp_code" (RuleIncorrect). The enrolment is
// audited, with how many codes were made and sessions ended. It needs a
// recent sign-in, as BeginTOTP does.
func (s *Service) ConfirmTOTP(ctx context.Context, actor *Principal, currentPassword, code string) (_ RecoveryCodes, callErr error) {
	defer s.obs.Call(&ctx, "auth.ConfirmTOTP")(&callErr)
	if actor == nil {
		return nil, errNoPrincipal
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return nil, err
	}
	if err := checkCurrentInput(currentPassword); err != nil {
		return nil, err
	}
	if bad := s.checkCodeFormat(code); bad != nil {
		var p carenet.Problems
		p.Add("totp_code", bad.rule, bad.msg)
		return nil, carenet.E("auth.ConfirmTOTP", carenet.Invalid, "", p.Err())
	}
	return retryChanged(func() (RecoveryCodes, error) {
		return withCurrent(ctx, s, actor, currentPassword, "confirm_totp", func(tx Tx) (RecoveryCodes, error) {
			a, err := tx.Accounts().Get(ctx, actor.AccountID)
			if err != nil {
				return nil, err
			}
			c, err := tx.Accounts().Credentials(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			step, ok := s.checkTOTP(c, code, s.cfg.Clock.Now())
			if !ok {
				var p carenet.Problems
				p.Add("totp_code", RuleIncorrect, "is not the current code")
				return nil, carenet.E("auth.ConfirmTOTP", carenet.Invalid, "the code is not the current one", p.Err())
			}
			c.TOTPLastStep = step
			if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
				return nil, err
			}
			now := s.cfg.Clock.Now()
			a.TOTPEnabled = true
			a.UpdatedAt = now
			if _, err := tx.Accounts().Update(ctx, a); err != nil {
				return nil, err
			}
			details := map[string]string{}
			codes, err := s.enrolled(ctx, tx, actor, a.ID, details)
			if err != nil {
				return nil, err
			}
			return codes, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventTOTPEnabled, TargetType: audit.TargetAccount, TargetID: a.ID, Details: details})
		})
	})
}

// withCurrent checks the caller's current password and runs op in the
// write transaction that settles it (see updateWithCurrent).
func withCurrent[R any](ctx context.Context, s *Service, actor *Principal, current, via string, op func(tx Tx) (R, error)) (R, error) {
	creds, err := s.readCredentials(ctx, actor.AccountID)
	if err != nil {
		var zero R
		return zero, err
	}
	chk, err := s.checkCurrent(ctx, creds, current, nil)
	if err != nil {
		var zero R
		return zero, err
	}
	return updateWithCurrent(ctx, s, actor, chk, via, op)
}

// DisableTOTP removes an account's second factor, or an enrolment not yet
// confirmed: the caller's own, or, with ResetPasswords (a lost phone),
// that of an account whose reach the caller covers: removing a second
// factor is a way into a login, so it takes what a password link for it
// would (RequireReach on its permissions, portal capabilities and
// holdings; ErrOutranked otherwise). For their own account the caller gives their
// current password, so a session alone (perhaps a stolen one) cannot
// remove the second factor: it is checked as ChangePassword checks it
// (Invalid on "current_password", counted toward the lockout when wrong).
// For another's account currentPassword is ignored. With the account's
// last second factor its recovery codes go too. It is audited; with
// nothing to remove it changes nothing. Should a security group of the
// account require a second factor, its next session may only enrol a new
// one. Either way it needs a
// recent sign-in (Principal.RequireRecentSignIn;
// ErrReauthenticationRequired otherwise, before anything is read).
func (s *Service) DisableTOTP(ctx context.Context, actor *Principal, accountID, currentPassword string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.DisableTOTP")(&callErr)
	if actor == nil {
		return errNoPrincipal
	}
	if actor.AccountID != accountID {
		if err := actor.Require(ResetPasswords); err != nil {
			return err
		}
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return err
	}
	return retryChangedErr(func() error { return s.disableTOTP(ctx, actor, accountID, currentPassword) })
}

// disableTOTP is one attempt of DisableTOTP.
func (s *Service) disableTOTP(ctx context.Context, actor *Principal, accountID, currentPassword string) error {
	remove := func(tx Tx) error {
		a, err := tx.Accounts().Get(ctx, accountID)
		if err != nil {
			return err
		}
		if err := RequireCredential(ctx, tx, actor, a, s.cfg.Clock.Now()); err != nil {
			return err
		}
		c, err := tx.Accounts().Credentials(ctx, a.ID)
		if err != nil {
			return err
		}
		if !a.TOTPEnabled && len(c.TOTPSecret) == 0 {
			return nil
		}
		c.TOTPSecret = nil
		c.TOTPLastStep = 0
		if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
			return err
		}
		wasEnabled := a.TOTPEnabled
		if wasEnabled {
			a.TOTPEnabled = false
			a.UpdatedAt = s.cfg.Clock.Now()
			if _, err := tx.Accounts().Update(ctx, a); err != nil {
				return err
			}
		}
		details := map[string]string{"was_enabled": boolString(wasEnabled)}
		if err := s.voidRecoveryCodesWithoutSecondFactor(ctx, tx, a.ID, details); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventTOTPDisabled, TargetType: audit.TargetAccount, TargetID: a.ID, Details: details})
	}
	if err := actor.RequireFull(); err != nil {
		return err
	}
	if actor.AccountID == accountID {
		if err := checkCurrentInput(currentPassword); err != nil {
			return err
		}
		_, err := withCurrent(ctx, s, actor, currentPassword, "disable_totp", noValue(remove))
		return err
	}
	return s.store.Update(ctx, remove)
}
