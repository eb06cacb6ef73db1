package auth_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/passkeytest"
)

func TestPasskeySignIn(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	e.Clock.Advance(time.Hour)

	opts := e.signInOptions()
	var o struct {
		PublicKey struct {
			Allow []struct{ ID string } `json:"allowCredentials"`
			UV    string                `json:"userVerification"`
			RPID  string                `json:"rpId"`
		} `json:"publicKey"`
	}
	require.NoError(t, json.Unmarshal(opts, &o))
	assert.Empty(t, o.PublicKey.Allow, "no username typed: any discoverable credential")
	assert.Equal(t, "required", o.PublicKey.UV)
	assert.Equal(t, rpID, o.PublicKey.RPID)

	resp := e.assert(e.authn, opts, passkeytest.Tweaks{})
	res, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: resp, UserAgent: "browser", RemoteAddr: "192.0.2.7:4000"})
	require.NoError(t, err)
	assert.Equal(t, e.user.ID, res.Principal.PersonID)
	assert.Equal(t, "sstaff", res.Principal.Username)
	assert.True(t, res.Principal.Can(auth.ViewPersonnel))
	assert.Equal(t, "browser", res.Session.UserAgent)
	p, err := e.Auth.Authenticate(e.Ctx, res.Token)
	require.NoError(t, err)
	assert.Equal(t, res.Session.ID, p.SessionID)
	assert.True(t, credentials(t, e.Env, e.account).LastLoginAt.Equal(e.Clock.Now()))

	logins := e.Events(audit.TargetAccount, e.account)
	last := logins[len(logins)-1]
	assert.Equal(t, auth.EventLogin, last.Action)
	assert.Equal(t, "sign_in", last.Details["factor"])
	assert.Equal(t, pk.ID, last.Details["passkey"])
	assert.Equal(t, res.Session.ID, last.Details["session"])
	ev := e.passkeyEvents(pk.ID)
	assert.Equal(t, auth.EventPasskeyUsed, ev[len(ev)-1].Action)
	assert.Equal(t, "sign_in", ev[len(ev)-1].Details["factor"])

	// The answer again: its ceremony is used up.
	_, err = e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: resp})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	ev = e.passkeyEvents(pk.ID)
	assert.Equal(t, auth.EventPasskeyRefused, ev[len(ev)-1].Action)
	assert.Equal(t, "ceremony_unknown", ev[len(ev)-1].Details["reason"])
	assert.Equal(t, 1, credentials(t, e.Env, e.account).FailedLogins, "a replay counts as a failed login")
	e.VerifyAudit()
}

func TestPasskeySignInRefusals(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	removed := passkeytest.New(rpOrigin)
	gone, _ := e.register(e.p, removed, "Old phone")
	require.NoError(t, e.Auth.RemovePasskey(e.Ctx, e.p, gone.ID))

	cases := map[string]struct {
		answer func() []byte
		// reason is the passkey_refused reason; "" when the answer names
		// no registered passkey, and nothing may count.
		reason string
	}{
		"WrongOrigin": {func() []byte {
			return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{Origin: "http://carenet.example.org"})
		}, "invalid_assertion"},
		"WrongRPID": {func() []byte {
			return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{RPID: "evil.example.com"})
		}, "invalid_assertion"},
		"UserNotVerified": {func() []byte {
			return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{Flags: passkeytest.FlagUserPresent})
		}, "invalid_assertion"},
		"BadSignature": {func() []byte {
			return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{CorruptSignature: true})
		}, "invalid_assertion"},
		"RegistrationType": {func() []byte {
			return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{Type: "webauthn.create"})
		}, "invalid_assertion"},
		"ChallengeNeverIssued": {func() []byte {
			return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{Challenge: []byte("thirty-two bytes of a challenge!")})
		}, "ceremony_unknown"},
		"SecondFactorCeremony": {func() []byte {
			return e.assert(e.authn, e.secondFactor("sstaff", userPassword), passkeytest.Tweaks{})
		}, "ceremony_mismatch"},
		"Expired": {func() []byte {
			opts := e.signInOptions()
			e.Clock.Advance(auth.PasskeyCeremonyLifetime)
			return e.assert(e.authn, opts, passkeytest.Tweaks{})
		}, "ceremony_expired"},
		"UserHandleOfAnother": {func() []byte {
			return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{UserHandle: []byte(e.Admin.Principal.AccountID)})
		}, "user_mismatch"},
		"RemovedPasskey": {func() []byte {
			resp, err := removed.Assert(e.signInOptions(), nil, passkeytest.Tweaks{})
			require.NoError(t, err)
			return resp
		}, ""},
		"NeverRegistered": {func() []byte {
			// A stranger's authenticator, with a credential made for a
			// ceremony never finished: the store has never seen it.
			stranger := passkeytest.New(rpOrigin)
			opts, err := e.Auth.BeginPasskeyRegistration(e.Ctx, e.LoginAs("admin", adminPassword).Principal, adminPassword)
			require.NoError(t, err)
			_, _, err = stranger.Register(opts.Options, passkeytest.Tweaks{})
			require.NoError(t, err)
			return e.assert(stranger, e.signInOptions(), passkeytest.Tweaks{})
		}, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resetFailures(t, e.Env, e.account)
			resp := c.answer()
			before := len(e.passkeyEvents(pk.ID))
			beforeAll := len(e.Events(audit.TargetLogin, ""))
			_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: resp})
			require.ErrorIs(t, err, auth.ErrLoginFailed)
			assert.Equal(t, auth.ErrLoginFailed.Error(), err.Error(), "one answer for every refusal")
			ev := e.passkeyEvents(pk.ID)
			if c.reason == "" {
				assert.Len(t, ev, before)
				assert.Zero(t, credentials(t, e.Env, e.account).FailedLogins, "no account is known: nothing counts")
				unknown := e.Events(audit.TargetLogin, "")
				require.Len(t, unknown, beforeAll+1, "recorded as a sign-in naming no account")
				assert.Equal(t, "unknown_passkey", unknown[len(unknown)-1].Details["reason"])
				return
			}
			require.Len(t, ev, before+1)
			assert.Equal(t, auth.EventPasskeyRefused, ev[before].Action)
			assert.Equal(t, c.reason, ev[before].Details["reason"])
			assert.Equal(t, "sign_in", ev[before].Details["factor"])
			assert.Equal(t, 1, credentials(t, e.Env, e.account).FailedLogins, "counted as a failed login")
			logins := e.Events(audit.TargetAccount, e.account)
			assert.Equal(t, auth.EventLoginFailed, logins[len(logins)-1].Action)
			assert.Equal(t, "invalid_passkey", logins[len(logins)-1].Details["reason"])
		})
	}
	// The passkey itself still works.
	_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{})})
	require.NoError(t, err)
}

func TestPasskeySignCountRegressionIsAPossibleClone(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, cred := e.register(e.p, e.authn, "Laptop")
	five := uint32(5)
	_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{SignCount: &five})})
	require.NoError(t, err)
	assert.Equal(t, uint32(5), e.passkeys(e.account)[0].SignCount)

	for _, n := range []uint32{5, 3, 0} {
		resp := e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{SignCount: &n})
		_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: resp})
		require.ErrorIs(t, err, auth.ErrLoginFailed, "a counter of %d after 5", n)
		ev := e.passkeyEvents(pk.ID)
		last := ev[len(ev)-1]
		assert.Equal(t, auth.EventPasskeyRefused, last.Action)
		assert.Equal(t, "possible_clone", last.Details["reason"])
		assert.Equal(t, "5", last.Details["stored_sign_count"])
		assert.Equal(t, uint32(5), e.passkeys(e.account)[0].SignCount, "the stored counter stays")
	}
	assert.Equal(t, 3, credentials(t, e.Env, e.account).FailedLogins, "each counts as a failed login")

	// As a second factor too.
	resetFailures(t, e.Env, e.account)
	four := uint32(4)
	resp := e.assert(e.authn, e.secondFactor("sstaff", userPassword), passkeytest.Tweaks{SignCount: &four})
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, Passkey: resp})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	ev := e.passkeyEvents(pk.ID)
	assert.Equal(t, "possible_clone", ev[len(ev)-1].Details["reason"])

	// The authenticator's own next count goes up again.
	cred.SignCount = 5
	_, err = e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{})})
	require.NoError(t, err)
	assert.Equal(t, uint32(6), e.passkeys(e.account)[0].SignCount)
}

func TestPasskeyWithoutCounterPasses(t *testing.T) {
	e := newPasskeyEnv(t)
	_, cred := e.register(e.p, e.authn, "Synced passkey")
	cred.NoCounter = true
	for range 3 {
		_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{})})
		require.NoError(t, err, "an authenticator that keeps no counter sends 0 each time")
	}
	assert.Zero(t, e.passkeys(e.account)[0].SignCount)
}

func TestSignCountAccepted(t *testing.T) {
	for _, c := range []struct {
		stored, got uint32
		ok          bool
	}{
		{0, 0, true}, {0, 1, true}, {1, 2, true}, {7, 100, true},
		{1, 1, false}, {2, 1, false}, {5, 0, false}, {0xffffffff, 0xffffffff, false},
	} {
		assert.Equal(t, c.ok, auth.SignCountAccepted(c.stored, c.got), "stored %d, got %d", c.stored, c.got)
	}
}

func TestPasskeySignInCountsTowardTheLockout(t *testing.T) {
	e := newPasskeyEnv(t)
	e.register(e.p, e.authn, "Laptop")
	max := e.Auth.Config().MaxFailedLogins
	for range max {
		resp := e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{CorruptSignature: true})
		_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: resp})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	c := credentials(t, e.Env, e.account)
	assert.Equal(t, max, c.FailedLogins)
	assert.True(t, c.LockedUntil.After(e.Clock.Now()), "locked as after wrong passwords")
	_, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the password alone is refused while locked")

	// A valid passkey is the way in a guesser cannot use, as the right
	// password with a valid code is: it opens the locked account.
	_, err = e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{})})
	require.NoError(t, err)
	c = credentials(t, e.Env, e.account)
	assert.Zero(t, c.FailedLogins)
	assert.True(t, c.LockedUntil.IsZero())
}

func TestPasskeySignInRefusesAnInactiveLogin(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	_, err := e.Personnel.Deactivate(e.Ctx, e.Admin.Principal, e.user.ID, "left the centre")
	require.NoError(t, err)
	before := len(e.passkeyEvents(pk.ID))
	_, err = e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{})})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	logins := e.Events(audit.TargetAccount, e.account)
	assert.Equal(t, auth.EventLoginRefused, logins[len(logins)-1].Action)
	assert.Len(t, e.passkeyEvents(pk.ID), before, "the passkey was not used")
}

func TestPasskeySignInBadInput(t *testing.T) {
	e := newPasskeyEnv(t)
	for name, c := range map[string]struct {
		resp []byte
		rule string
	}{
		"Missing":   {nil, carenet.RuleRequired},
		"Huge":      {make([]byte, auth.MaxPasskeyResponseBytes+1), carenet.RuleTooLong},
		"NotJSON":   {[]byte("not json"), carenet.RuleFormat},
		"NotAnswer": {[]byte(`{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{}}`), carenet.RuleFormat},
	} {
		t.Run(name, func(t *testing.T) {
			before := len(e.Events("", ""))
			_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: c.resp})
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has("passkey", c.rule), "%v", err)
			assert.Len(t, e.Events("", ""), before, "nothing is read or recorded")
		})
	}
	_, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, Passkey: []byte("{}")})
	assert.True(t, carenet.Validation(err).Has("passkey", carenet.RuleFormat), "%v", err)
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: "123456",
		Passkey: e.assert(passkeyAuthn(t, e), e.signInOptions(), passkeytest.Tweaks{})})
	assert.True(t, carenet.Validation(err).Has("passkey", carenet.RuleNotAllowed), "a code or a passkey, not both: %v", err)
}

// passkeyAuthn is an authenticator with a passkey of the env's user.
func passkeyAuthn(t *testing.T, e *passkeyEnv) *passkeytest.Authenticator {
	t.Helper()
	a := passkeytest.New(rpOrigin)
	e.register(e.p, a, "Spare")
	return a
}

func TestPasskeysNotSetUp(t *testing.T) {
	k := newKit(t)
	_, err := k.Auth.BeginPasskeySignIn(k.Ctx)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	_, err = k.Auth.BeginPasskeyRegistration(k.Ctx, k.Admin.Principal, adminPassword)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "admin", Password: adminPassword, Passkey: []byte("{}")})
	assert.True(t, carenet.Validation(err).Has("passkey", carenet.RuleNotAllowed), "%v", err)
	_, err = k.Auth.PasskeySignIn(k.Ctx, auth.PasskeySignInRequest{Passkey: []byte("{}")})
	assert.True(t, carenet.Validation(err).Has("passkey", carenet.RuleNotAllowed), "%v", err)
}

var _ = carenettest.Start
