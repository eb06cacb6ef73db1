package auth_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// enrolled is a kit with a user "sstaff" whose second factor is enrolled.
type enrolled struct {
	*carenettest.Env
	// accountID is sstaff's account, p the session that enrolled.
	accountID string
	p         *auth.Principal
	secret    []byte
	codes     auth.RecoveryCodes
}

// recoveryKit returns a kit with sstaff enrolled.
func recoveryKit(t *testing.T) enrolled {
	t.Helper()
	k := totpKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	p := k.LoginAs("sstaff", userPassword).Principal
	secret := beginTOTP(t, k.Auth, k.Ctx, p, userPassword)
	codes, err := k.Auth.ConfirmTOTP(k.Ctx, p, userPassword, code(t, secret, k.Clock.Now()))
	require.NoError(t, err)
	return enrolled{Env: k, accountID: u.Login.AccountID, p: p, secret: secret, codes: codes}
}

// loginWith logs sstaff in with the password and code.
func loginWith(k *carenettest.Env, code string) (*auth.LoginResult, error) {
	return k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: code})
}

// left is how many recovery codes p's account has, as RecoveryCodesLeft
// says.
func left(t *testing.T, k *carenettest.Env, p *auth.Principal) int {
	t.Helper()
	n, err := k.Auth.RecoveryCodesLeft(k.Ctx, p)
	require.NoError(t, err)
	return n
}

// TestConfirmTOTPYieldsRecoveryCodes: enrolling a second factor yields
// RecoveryCodeCount distinct codes, which the store keeps only hashed, and
// the enrolment's audit event says how many.
func TestConfirmTOTPYieldsRecoveryCodes(t *testing.T) {
	e := recoveryKit(t)
	k, accountID, codes := e.Env, e.accountID, e.codes
	require.Len(t, codes, auth.RecoveryCodeCount)
	seen := map[string]bool{}
	for _, c := range codes {
		require.Len(t, c, 29, "24 characters in groups of four")
		require.False(t, seen[c])
		seen[c] = true
	}
	var stored []auth.RecoveryCode
	require.NoError(t, k.Store.Auth().View(k.Ctx, func(tx auth.Tx) (err error) {
		stored, err = tx.RecoveryCodes().List(k.Ctx, accountID)
		return err
	}))
	require.Len(t, stored, auth.RecoveryCodeCount)
	for _, s := range stored {
		require.Regexp(t, `^[0-9a-f]{64}$`, s.Hash)
		for _, c := range codes {
			require.NotContains(t, s.Hash, strings.ReplaceAll(c, "-", ""))
		}
	}
	require.Equal(t, auth.RecoveryCodeCount, left(t, k, e.p))
	ev := k.Events(audit.TargetAccount, accountID)
	enabled := ev[len(ev)-1]
	require.Equal(t, auth.EventTOTPEnabled, enabled.Action)
	require.Equal(t, "10", enabled.Details["recovery_codes"])
}

// TestRecoveryCodeStandsInForTheOneTimeCodeOnce: at login a recovery code,
// typed in any case and with or without its dashes, opens a session in
// place of the one-time code, once: the result and the audited login say
// it was used and how many are left, and the same code again fails and
// counts as a wrong code.
func TestRecoveryCodeStandsInForTheOneTimeCodeOnce(t *testing.T) {
	e := recoveryKit(t)
	k, accountID, codes := e.Env, e.accountID, e.codes
	typed := []string{codes[0], strings.ToUpper(codes[1]), strings.ReplaceAll(codes[2], "-", " ")}
	for i, c := range typed {
		res, err := loginWith(k, c)
		require.NoError(t, err, c)
		require.True(t, res.RecoveryCodeUsed)
		require.Equal(t, auth.RecoveryCodeCount-1-i, res.RecoveryCodesLeft)
		require.Equal(t, auth.RecoveryCodeCount-1-i, left(t, k, res.Principal))
		logins, err := k.Audit.List(k.Ctx, audit.Filter{Actions: []audit.Action{auth.EventLogin}, TargetID: accountID})
		require.NoError(t, err)
		last := logins[len(logins)-1]
		require.Equal(t, "true", last.Details["recovery_code_used"])
		require.Equal(t, strconv.Itoa(auth.RecoveryCodeCount-1-i), last.Details["recovery_codes_left"])
		for _, v := range last.Details {
			require.NotContains(t, v, strings.ReplaceAll(codes[i], "-", ""), "the audit event holds the code")
		}
	}
	_, err := loginWith(k, codes[0])
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a recovery code works once")
	c := credentials(t, k, accountID)
	require.Equal(t, 1, c.FailedLogins)
	require.Equal(t, 1, c.FailedCodes, "a used code counts as a wrong one-time code")
	failed, err := k.Audit.List(k.Ctx, audit.Filter{Actions: []audit.Action{auth.EventLoginFailed}, TargetID: accountID})
	require.NoError(t, err)
	require.Equal(t, "wrong_totp_code", failed[len(failed)-1].Details["reason"])
	require.Equal(t, "recovery_code", failed[len(failed)-1].Details["code_kind"])
}

// TestRecoveryCodeOfTheWrongShapeCountsNothing: a code that is neither a
// one-time code nor a recovery code's shape is an Invalid error on
// "totp_code" before anything is read: nothing is counted or audited.
func TestRecoveryCodeOfTheWrongShapeCountsNothing(t *testing.T) {
	e := recoveryKit(t)
	k, accountID, codes := e.Env, e.accountID, e.codes
	events := len(k.Events(audit.TargetAccount, accountID))
	for code, rule := range map[string]string{
		codes[0][:len(codes[0])-1]:             carenet.RuleFormat,
		codes[0] + "x":                         carenet.RuleFormat,
		strings.Replace(codes[0], "-", "_", 1): carenet.RuleFormat,
		"12345":                                carenet.RuleFormat,
		"uuuu-uuuu-uuuu-uuuu-uuuu-uuuu":        carenet.RuleFormat,
		strings.Repeat("a", 65):                carenet.RuleTooLong,
	} {
		_, err := loginWith(k, code)
		requireField(t, err, "totp_code", rule)
	}
	require.Zero(t, credentials(t, k, accountID).FailedLogins)
	require.Len(t, k.Events(audit.TargetAccount, accountID), events)
	_, err := loginWith(k, codes[0])
	require.NoError(t, err, "the code still works")
}

// TestWrongRecoveryCodeCountsTowardTheLockout: a wrong code of a recovery
// code's shape, with the right password, counts like a wrong one-time
// code: MaxFailedLogins of them lock the account, and then even the
// right password with a valid code is refused (the password is known to
// someone else).
func TestWrongRecoveryCodeCountsTowardTheLockout(t *testing.T) {
	e := recoveryKit(t)
	k, accountID, codes := e.Env, e.accountID, e.codes
	for i := range k.Auth.Config().MaxFailedLogins {
		_, err := loginWith(k, "zzzz-zzzz-zzzz-zzzz-zzzz-zzz"+string(rune('0'+i)))
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	c := credentials(t, k, accountID)
	require.Equal(t, k.Auth.Config().MaxFailedLogins, c.FailedCodes)
	require.True(t, k.Clock.Now().Before(c.LockedUntil))
	_, err := loginWith(k, codes[0])
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	k.Clock.Advance(2 * time.Hour)
	_, err = loginWith(k, codes[0])
	require.NoError(t, err, "once the lock has passed")
}

// TestRecoveryCodeOpensAnAccountLockedByPasswordGuesses: like a one-time
// code, the right password with a recovery code is the way in a guesser
// of passwords cannot use.
func TestRecoveryCodeOpensAnAccountLockedByPasswordGuesses(t *testing.T) {
	e := recoveryKit(t)
	k, accountID, codes := e.Env, e.accountID, e.codes
	for range k.Auth.Config().MaxFailedLogins {
		_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: "a wrong guess at it"})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	require.True(t, k.Clock.Now().Before(credentials(t, k, accountID).LockedUntil))
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	_, err = loginWith(k, codes[3])
	require.NoError(t, err)
	require.Zero(t, credentials(t, k, accountID).FailedLogins)
}

// TestRecoveryCodeWithoutASecondFactorFails: a recovery code's shape given
// to an account without a second factor is an unexpected code, counted.
func TestRecoveryCodeWithoutASecondFactorFails(t *testing.T) {
	k := totpKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	_, err := loginWith(k, "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz")
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	require.Equal(t, 1, credentials(t, k, u.Login.AccountID).FailedLogins)
}

// TestRecoveryCodeWorksOnceAtLoginsAtOnce: logins racing with the same
// recovery code open one session between them.
func TestRecoveryCodeWorksOnceAtLoginsAtOnce(t *testing.T) {
	e := recoveryKit(t)
	k, codes := e.Env, e.codes
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = loginWith(k, codes[5])
		}()
	}
	wg.Wait()
	carenettest.RequireOneWon(t, errs, auth.ErrLoginFailed)
}

// TestRecoveryCodeUsedWhileALoginHashes: a code spent by another login
// between a login's read and its write fails that login.
func TestRecoveryCodeUsedWhileALoginHashes(t *testing.T) {
	e := recoveryKit(t)
	k, codes := e.Env, e.codes
	svc := racingService(t, k, auth.Config{TOTPKey: totpKey}, func() {
		_, err := loginWith(k, codes[4])
		require.NoError(t, err, "the first use of the code")
	})
	_, err := svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: codes[4]})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the same code cannot open a second session")
}

// TestRegenerateRecoveryCodesVoidsTheOld: new codes, made with the current
// password, a code from the app or a recovery code (used up), replace all
// the old ones, used or not; each time audited with the proof.
func TestRegenerateRecoveryCodesVoidsTheOld(t *testing.T) {
	e := recoveryKit(t)
	k := e.Env
	_, err := loginWith(k, e.codes[0])
	require.NoError(t, err)
	require.Equal(t, auth.RecoveryCodeCount-1, left(t, k, e.p))

	byPassword, err := k.Auth.RegenerateRecoveryCodes(k.Ctx, e.p, userPassword, "")
	require.NoError(t, err)
	require.Len(t, byPassword, auth.RecoveryCodeCount)
	require.Equal(t, auth.RecoveryCodeCount, left(t, k, e.p))
	k.Clock.Advance(30 * time.Second)
	byApp, err := k.Auth.RegenerateRecoveryCodes(k.Ctx, e.p, "", code(t, e.secret, k.Clock.Now()))
	require.NoError(t, err)
	byCode, err := k.Auth.RegenerateRecoveryCodes(k.Ctx, e.p, "", byApp[3])
	require.NoError(t, err)
	require.Equal(t, auth.RecoveryCodeCount, left(t, k, e.p))

	for _, old := range [][]string{e.codes[1:], byPassword, byApp} {
		for _, c := range old[:3] {
			_, err := loginWith(k, c)
			require.ErrorIs(t, err, auth.ErrLoginFailed, "a voided code %s", c)
		}
	}
	k.Clock.Advance(2 * time.Hour) // past the lock the voided codes set
	_, err = loginWith(k, byCode[9])
	require.NoError(t, err)

	var proofs []string
	for _, ev := range k.Events(audit.TargetAccount, e.accountID) {
		if ev.Action == auth.EventRecoveryCodesGenerated {
			require.Equal(t, "10", ev.Details["count"])
			proofs = append(proofs, ev.Details["proof"]+"/"+ev.Details["voided"])
		}
	}
	require.Equal(t, []string{"current_password/9", "totp_code/10", "recovery_code/9"}, proofs)
}

// TestRegenerateRecoveryCodesRefusals: each refusal changes no code and
// is a clear error: no proof or two proofs, a code of the wrong shape (not
// counted), a wrong password or a wrong code (counted toward the lockout,
// and audited), a locked account, an account without a second factor.
func TestRegenerateRecoveryCodesRefusals(t *testing.T) {
	e := recoveryKit(t)
	k := e.Env
	try := func(pw, code string) error {
		t.Helper()
		_, err := k.Auth.RegenerateRecoveryCodes(k.Ctx, e.p, pw, code)
		return err
	}
	failures := func() (int, int) {
		c := credentials(t, k, e.accountID)
		return c.FailedLogins, c.FailedCodes
	}
	err := try("", "")
	requireField(t, err, "current_password", carenet.RuleRequired)
	requireField(t, err, "totp_code", carenet.RuleRequired)
	requireField(t, try(userPassword, e.codes[0]), "totp_code", carenet.RuleNotAllowed)
	requireField(t, try("", "12345"), "totp_code", carenet.RuleFormat)
	requireField(t, try("", strings.Repeat("z", 80)), "totp_code", carenet.RuleTooLong)
	f, c := failures()
	require.Zero(t, f+c, "input of the wrong shape counts nothing")

	requireField(t, try("a wrong guess at it", ""), "current_password", auth.RuleIncorrect)
	requireField(t, try("", "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz"), "totp_code", auth.RuleIncorrect)
	requireField(t, try("", "000000"), "totp_code", auth.RuleIncorrect)
	f, c = failures()
	require.Equal(t, 3, f)
	require.Equal(t, 2, c, "wrong codes count as wrong one-time codes")
	requireField(t, try("", "zzzz-zzzz-zzzz-zzzz-zzzz-zzz1"), "totp_code", auth.RuleIncorrect)
	requireField(t, try("", "zzzz-zzzz-zzzz-zzzz-zzzz-zzz2"), "totp_code", auth.RuleIncorrect)
	requireField(t, try("", e.codes[0]), "totp_code", auth.RuleLocked)
	requireField(t, try(userPassword, ""), "current_password", auth.RuleLocked)
	require.Equal(t, auth.RecoveryCodeCount, left(t, k, e.p), "no refusal used or replaced a code")

	var reasons []string
	for _, ev := range k.Events(audit.TargetAccount, e.accountID) {
		if ev.Details["via"] == "regenerate_recovery_codes" {
			reasons = append(reasons, string(ev.Action)+":"+ev.Details["reason"])
		}
	}
	require.Equal(t, []string{
		"auth.login_failed:wrong_current_password", "auth.login_failed:wrong_totp_code", "auth.login_failed:wrong_totp_code",
		"auth.login_failed:wrong_totp_code", "auth.login_failed:wrong_totp_code", "auth.login_refused:locked", "auth.login_refused:locked",
	}, reasons)

	// Without a second factor there are no codes to make.
	u := k.User("Nia", "None", "nnone", userPassword)
	nia := k.LoginAs("nnone", userPassword).Principal
	_, err = k.Auth.RegenerateRecoveryCodes(k.Ctx, nia, userPassword, "")
	require.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
	require.Zero(t, left(t, k, nia))
	require.Equal(t, []audit.Action{auth.EventAccountCreated, auth.EventLogin}, k.Actions(audit.TargetAccount, u.Login.AccountID))
}

// TestRemovingTheSecondFactorVoidsRecoveryCodes: DisableTOTP, by the user
// or by an administrator, takes the recovery codes with the second factor,
// audited; a re-enrolment yields new ones.
func TestRemovingTheSecondFactorVoidsRecoveryCodes(t *testing.T) {
	e := recoveryKit(t)
	k := e.Env
	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, k.Admin.Principal, e.accountID, ""))
	require.Zero(t, left(t, k, e.p))
	ev := k.Events(audit.TargetAccount, e.accountID)
	require.Equal(t, auth.EventTOTPDisabled, ev[len(ev)-1].Action)
	require.Equal(t, "10", ev[len(ev)-1].Details["recovery_codes_voided"])
	res, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.NoError(t, err, "no second factor: the password alone")
	_, err = loginWith(k, e.codes[0])
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a code of a removed second factor")

	secret := beginTOTP(t, k.Auth, k.Ctx, res.Principal, userPassword)
	codes, err := k.Auth.ConfirmTOTP(k.Ctx, res.Principal, userPassword, code(t, secret, k.Clock.Now()))
	require.NoError(t, err)
	require.Equal(t, auth.RecoveryCodeCount, left(t, k, res.Principal))
	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, res.Principal, e.accountID, userPassword))
	require.Zero(t, left(t, k, res.Principal))
	_, err = loginWith(k, codes[0])
	require.ErrorIs(t, err, auth.ErrLoginFailed)
}
