package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/passkeytest"
)

// TestReauthenticateWithARecoveryCode: a recovery code stands in for the
// one-time code when signing in again, as at login: it works once, the
// event says so and how many are left; used again it is a wrong code,
// counted and audited with its kind; a code of neither shape is refused
// before anything is read.
func TestReauthenticateWithARecoveryCode(t *testing.T) {
	k := totpKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	acct := u.Login.AccountID
	res := k.LoginAs("sstaff", userPassword)
	secret := beginTOTP(t, k.Auth, k.Ctx, res.Principal, userPassword)
	codes, err := k.Auth.ConfirmTOTP(k.Ctx, res.Principal, userPassword, code(t, secret, k.Clock.Now()))
	require.NoError(t, err)
	k.Clock.Advance(auth.DefaultReauthWindow)

	req := auth.ReauthRequest{Token: res.Token, Password: userPassword, TOTPCode: codes[3]}
	fresh, err := k.Auth.Reauthenticate(k.Ctx, req)
	require.NoError(t, err, "a recovery code in place of the one-time code")
	require.NoError(t, fresh.RequireRecentSignIn(k.Clock.Now()))
	ev := k.Events(audit.TargetAccount, acct)
	last := ev[len(ev)-1]
	assert.Equal(t, auth.EventReauthenticated, last.Action)
	assert.Equal(t, "true", last.Details["recovery_code_used"])
	assert.Equal(t, "9", last.Details["recovery_codes_left"])
	assert.Equal(t, 9, left(t, k, fresh))

	_, err = k.Auth.Reauthenticate(k.Ctx, req)
	assert.True(t, carenet.Validation(err).Has("totp_code", auth.RuleIncorrect), "a recovery code works once: %v", err)
	c := credentials(t, k, acct)
	assert.Equal(t, 1, c.FailedLogins)
	assert.Equal(t, 1, c.FailedCodes)
	ev = k.Events(audit.TargetAccount, acct)
	last = ev[len(ev)-1]
	assert.Equal(t, auth.EventLoginFailed, last.Action)
	assert.Equal(t, "recovery_code", last.Details["code_kind"])
	assert.Equal(t, "reauthenticate", last.Details["via"])
	assert.Equal(t, 9, left(t, k, fresh), "a refusal uses up nothing")

	before := readAccountState(t, k, acct)
	_, err = k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword, TOTPCode: "ABCD-EFGH"})
	assert.True(t, carenet.Validation(err).Has("totp_code", carenet.RuleFormat), "neither shape: %v", err)
	assert.Equal(t, before, readAccountState(t, k, acct), "a code of the wrong shape changes nothing")
}

// TestReauthenticateWithAPasskey: an account whose second factor is a
// passkey does not sign in again with its password alone: the answer is
// an Invalid error on "totp_code" that carries the passkey ceremony
// (*SecondFactorRequired); the passkey's answer to it, with the password,
// signs in again, and the passkey's use is recorded. The same answer
// again is refused (the ceremony is used up) and counts toward the
// lockout; a passkey given for an account without a second factor counts
// too.
func TestReauthenticateWithAPasskey(t *testing.T) {
	e := newPasskeyEnv(t)
	res := e.LoginAs("sstaff", userPassword)
	pk, cred := e.register(res.Principal, e.authn, "Laptop")
	e.Clock.Advance(auth.DefaultReauthWindow)

	req := auth.ReauthRequest{Token: res.Token, Password: userPassword}
	_, err := e.Auth.Reauthenticate(e.Ctx, req)
	require.Error(t, err, "a passkey-only account signed in again with its password alone")
	assert.True(t, carenet.Validation(err).Has("totp_code", carenet.RuleRequired), "%v", err)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.ErrorIs(t, err, auth.ErrSecondFactorRequired)
	var sf *auth.SecondFactorRequired
	require.True(t, errors.As(err, &sf), "the refusal carries the passkey ceremony: %v", err)
	require.NotNil(t, sf.Passkey)
	assert.False(t, sf.TOTP)
	assert.Zero(t, credentials(t, e.Env, e.account).FailedLogins, "asking for the passkey counts nothing")
	ev := e.Events(audit.TargetAccount, e.account)
	assert.Equal(t, auth.EventLoginCodeRequired, ev[len(ev)-1].Action)
	assert.Equal(t, "passkey", ev[len(ev)-1].Details["factor"])
	p, err := e.Auth.Authenticate(e.Ctx, res.Token)
	require.NoError(t, err)
	requireReauth(t, p.RequireRecentSignIn(e.Clock.Now()), "the password alone renews nothing")

	answer, err := e.authn.Assert(sf.Passkey.Options, cred, passkeytest.Tweaks{})
	require.NoError(t, err)
	req.Passkey = answer
	fresh, err := e.Auth.Reauthenticate(e.Ctx, req)
	require.NoError(t, err)
	assert.Equal(t, e.Clock.Now(), fresh.AuthenticatedAt)
	require.NoError(t, fresh.RequireRecentSignIn(e.Clock.Now()))
	ev = e.Events(audit.TargetAccount, e.account)
	last := ev[len(ev)-1]
	assert.Equal(t, auth.EventReauthenticated, last.Action)
	assert.Equal(t, pk.ID, last.Details["passkey"])
	pev := e.passkeyEvents(pk.ID)
	assert.Equal(t, auth.EventPasskeyUsed, pev[len(pev)-1].Action)
	assert.Equal(t, string(auth.PasskeySecondFactor), pev[len(pev)-1].Details["factor"])

	e.Clock.Advance(time.Minute)
	_, err = e.Auth.Reauthenticate(e.Ctx, req)
	assert.True(t, carenet.Validation(err).Has("passkey", auth.RuleIncorrect), "a ceremony answers once: %v", err)
	assert.Equal(t, 1, credentials(t, e.Env, e.account).FailedLogins, "counted")
	assert.Equal(t, 1, credentials(t, e.Env, e.account).FailedCodes)
	ev = e.Events(audit.TargetAccount, e.account)
	assert.Equal(t, auth.EventLoginFailed, ev[len(ev)-1].Action)
	assert.Equal(t, "wrong_passkey", ev[len(ev)-1].Details["reason"])

	_, err = e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword, TOTPCode: "123456", Passkey: answer})
	assert.True(t, carenet.Validation(err).Has("passkey", carenet.RuleNotAllowed), "a code and a passkey: %v", err)

	e.User("Pat", "Plain", "pplain", userPassword)
	plain := e.LoginAs("pplain", userPassword)
	other, err := e.authn.Assert(e.signInOptions(), cred, passkeytest.Tweaks{})
	require.NoError(t, err)
	_, err = e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: plain.Token, Password: userPassword, Passkey: other})
	assert.True(t, carenet.Validation(err).Has("passkey", carenet.RuleNotAllowed), "a passkey without a second factor: %v", err)
	assert.Equal(t, 1, credentials(t, e.Env, plain.Principal.AccountID).FailedLogins, "counted, as at login")
}

// TestReauthenticateWithTOTPOrPasskey: an account holding both kinds is
// offered the passkey and told it has a one-time code too, and either
// answers.
func TestReauthenticateWithTOTPOrPasskey(t *testing.T) {
	e := newPasskeyEnv(t, withTOTP)
	res := e.LoginAs("sstaff", userPassword)
	secret := beginTOTP(t, e.Auth, e.Ctx, res.Principal, userPassword)
	require.NoError(t, errOf(e.Auth.ConfirmTOTP(e.Ctx, res.Principal, userPassword, code(t, secret, e.Clock.Now()))))
	_, cred := e.register(res.Principal, e.authn, "Laptop")
	e.Clock.Advance(auth.DefaultReauthWindow)

	_, err := e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword})
	var sf *auth.SecondFactorRequired
	require.True(t, errors.As(err, &sf), "%v", err)
	assert.True(t, sf.TOTP)
	fresh, err := e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword, TOTPCode: code(t, secret, e.Clock.Now())})
	require.NoError(t, err, "the one-time code answers as well")
	require.NoError(t, fresh.RequireRecentSignIn(e.Clock.Now()))

	e.Clock.Advance(auth.DefaultReauthWindow)
	_, err = e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword})
	require.True(t, errors.As(err, &sf), "%v", err)
	answer, err := e.authn.Assert(sf.Passkey.Options, cred, passkeytest.Tweaks{})
	require.NoError(t, err)
	_, err = e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword, Passkey: answer})
	require.NoError(t, err, "and so does the passkey")
}
