package auth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/passkeytest"
)

// finishRegistration runs a registration ceremony for p through a and
// returns what FinishPasskeyRegistration returned.
func (e *passkeyEnv) finishRegistration(p *auth.Principal, a *passkeytest.Authenticator, name string) (*auth.Passkey, auth.RecoveryCodes) {
	e.T.Helper()
	pk, _, codes := e.registerPasskey(p, a, name)
	return pk, codes
}

// TestPasskeyRegistrationIsAnEnrolment: a user in a group that requires a
// second factor, holding none, signs in to a restricted session and
// registers a passkey from it: the session is a full one at its next
// call, the sessions opened before with the password alone end, and the
// first passkey yields recovery codes, which then stand in for the
// passkey at login. A second passkey yields none and ends no session.
func TestPasskeyRegistrationIsAnEnrolment(t *testing.T) {
	e := newPasskeyEnv(t)
	requireSecondFactor(t, e.Auth, e.Ctx, e.Admin.Principal, e.p.Groups[0], true)
	restricted := e.LoginAs("sstaff", userPassword)
	require.True(t, restricted.Principal.MustEnrolSecondFactor)
	elsewhere := e.LoginAs("sstaff", userPassword)

	pk, codes := e.finishRegistration(restricted.Principal, e.authn, "Laptop")
	require.Len(t, codes, auth.RecoveryCodeCount, "a first second factor comes with recovery codes")

	full, err := e.Auth.Authenticate(e.Ctx, restricted.Token)
	require.NoError(t, err)
	assert.False(t, full.MustEnrolSecondFactor, "the enrolling session is a full one at its next call")
	assert.True(t, full.Can(auth.ViewPersonnel))
	_, err = e.Auth.Authenticate(e.Ctx, elsewhere.Token)
	assert.ErrorIs(t, err, auth.ErrSessionInvalid, "a session opened with the password alone outlived the enrolment")
	ev := e.passkeyEvents(pk.ID)
	require.NotEmpty(t, ev)
	assert.Equal(t, auth.EventPasskeyRegistered, ev[0].Action)
	assert.Equal(t, "10", ev[0].Details["recovery_codes"])
	assert.Equal(t, "2", ev[0].Details["sessions_revoked"], "the one elsewhere and the one the kit opened")
	assert.Equal(t, auth.RecoveryCodeCount, left(t, e.Env, full))

	// A recovery code stands in for the passkey.
	res, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: codes[0]})
	require.NoError(t, err, "a passkey-only account's recovery code")
	assert.True(t, res.RecoveryCodeUsed)
	assert.Equal(t, auth.RecoveryCodeCount-1, res.RecoveryCodesLeft)
	assert.False(t, res.Principal.MustEnrolSecondFactor)

	// A further passkey is no enrolment.
	second, more := e.finishRegistration(full, passkeytest.New(rpOrigin), "Phone")
	assert.Nil(t, more, "a second passkey yields no recovery codes")
	assert.Equal(t, auth.RecoveryCodeCount-1, left(t, e.Env, full), "and leaves the codes the login has")
	_, err = e.Auth.Authenticate(e.Ctx, res.Token)
	require.NoError(t, err, "a second passkey ends no session")
	ev = e.passkeyEvents(second.ID)
	assert.Equal(t, map[string]string{"account": e.account}, ev[0].Details)
}

// TestRegenerateRecoveryCodesOfAPasskeyOnlyAccount: an account whose only
// second factor is a passkey renews its recovery codes with its current
// password, and the old ones stop working.
func TestRegenerateRecoveryCodesOfAPasskeyOnlyAccount(t *testing.T) {
	e := newPasskeyEnv(t)
	_, codes := e.finishRegistration(e.p, e.authn, "Laptop")
	require.Len(t, codes, auth.RecoveryCodeCount)
	fresh, err := e.Auth.RegenerateRecoveryCodes(e.Ctx, e.p, userPassword, "")
	require.NoError(t, err)
	require.Len(t, fresh, auth.RecoveryCodeCount)
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: codes[0]})
	assert.ErrorIs(t, err, auth.ErrLoginFailed, "an old code after new ones")
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: fresh[0]})
	assert.NoError(t, err)
}

// TestPasskeyBesideTOTPIsNoEnrolment: a passkey added to an account that
// has a TOTP enrolment yields no recovery codes, keeps the ones it has,
// and ends no session (they were opened with the one-time code).
func TestPasskeyBesideTOTPIsNoEnrolment(t *testing.T) {
	e := newPasskeyEnv(t, withTOTP)
	res := e.LoginAs("sstaff", userPassword)
	secret := beginTOTP(t, e.Auth, e.Ctx, res.Principal, userPassword)
	codes, err := e.Auth.ConfirmTOTP(e.Ctx, res.Principal, userPassword, code(t, secret, e.Clock.Now()))
	require.NoError(t, err)
	e.Clock.Advance(30 * time.Second)
	other, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: code(t, secret, e.Clock.Now())})
	require.NoError(t, err)

	_, more := e.finishRegistration(res.Principal, e.authn, "Laptop")
	assert.Nil(t, more)
	_, err = e.Auth.Authenticate(e.Ctx, other.Token)
	require.NoError(t, err, "a session opened with the one-time code stays")
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: codes[0]})
	assert.NoError(t, err, "the recovery codes of the enrolment still work")
}

// TestRemovingTheLastPasskeyVoidsRecoveryCodes: recovery codes come with
// a second factor and go with the last one: removing one passkey of two
// keeps them, removing the last voids them, as DisableTOTP does, and the
// event says how many.
func TestRemovingTheLastPasskeyVoidsRecoveryCodes(t *testing.T) {
	e := newPasskeyEnv(t)
	first, codes := e.finishRegistration(e.p, e.authn, "Laptop")
	require.Len(t, codes, auth.RecoveryCodeCount)
	second, _ := e.finishRegistration(e.p, passkeytest.New(rpOrigin), "Phone")

	require.NoError(t, e.Auth.RemovePasskey(e.Ctx, e.p, first.ID))
	assert.Equal(t, auth.RecoveryCodeCount, left(t, e.Env, e.p), "a passkey remains: the codes stay")
	ev := e.passkeyEvents(first.ID)
	assert.Empty(t, ev[len(ev)-1].Details["recovery_codes_voided"])

	require.NoError(t, e.Auth.RemovePasskey(e.Ctx, e.p, second.ID))
	assert.Zero(t, left(t, e.Env, e.p), "the last second factor takes its recovery codes with it")
	ev = e.passkeyEvents(second.ID)
	assert.Equal(t, auth.EventPasskeyRemoved, ev[len(ev)-1].Action)
	assert.Equal(t, "10", ev[len(ev)-1].Details["recovery_codes_voided"])
	_, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: codes[0]})
	assert.ErrorIs(t, err, auth.ErrLoginFailed, "a code of a second factor no longer held")
}
