package auth_test

import (
	"encoding/json"
	"strings"
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

func TestPasskeyRegistration(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "  Laptop  ")
	assert.Equal(t, "Laptop", pk.Name, "the name is trimmed")
	assert.Equal(t, e.account, pk.AccountID)
	assert.True(t, pk.CreatedAt.Equal(e.Clock.Now()))
	assert.Nil(t, pk.LastUsedAt)
	assert.True(t, pk.UserVerified)
	assert.Equal(t, "none", pk.AttestationFormat)
	assert.Equal(t, []string{"internal"}, pk.Transports)

	// Several per login, each from its own authenticator.
	e.Clock.Advance(time.Minute)
	phone := passkeytest.New(rpOrigin)
	pk2, _ := e.register(e.p, phone, "Phone")
	list := e.passkeys(e.account)
	require.Len(t, list, 2)
	assert.Equal(t, []string{pk.ID, pk2.ID}, []string{list[0].ID, list[1].ID}, "oldest first")
	assert.Equal(t, 2, credentials(t, e.Env, e.account).Passkeys)

	own, err := e.Auth.Passkeys(e.Ctx, e.p, e.account)
	require.NoError(t, err)
	assert.Len(t, own, 2, "a user lists their own")

	ev := e.passkeyEvents(pk.ID)
	require.Len(t, ev, 1)
	assert.Equal(t, auth.EventPasskeyRegistered, ev[0].Action)
	assert.Equal(t, e.user.ID, ev[0].ActorID)
	assert.Equal(t, e.account, ev[0].Details["account"])
	e.VerifyAudit()
}

func TestPasskeyRegistrationExcludesRegisteredCredentials(t *testing.T) {
	e := newPasskeyEnv(t)
	_, cred := e.register(e.p, e.authn, "Laptop")
	opts, err := e.Auth.BeginPasskeyRegistration(e.Ctx, e.p, userPassword)
	require.NoError(t, err)
	var o struct {
		PublicKey struct {
			Exclude []struct{ ID string } `json:"excludeCredentials"`
			Rp      struct{ ID string }
			Auth    struct {
				ResidentKey      string `json:"residentKey"`
				UserVerification string `json:"userVerification"`
			} `json:"authenticatorSelection"`
		} `json:"publicKey"`
	}
	require.NoError(t, json.Unmarshal(opts.Options, &o))
	require.Len(t, o.PublicKey.Exclude, 1)
	assert.Equal(t, b64(cred.ID), o.PublicKey.Exclude[0].ID)
	assert.Equal(t, rpID, o.PublicKey.Rp.ID)
	assert.Equal(t, "required", o.PublicKey.Auth.ResidentKey, "a discoverable credential, for sign-in without a username")
	assert.Equal(t, "required", o.PublicKey.Auth.UserVerification)
	_, _, err = e.authn.Register(opts.Options, passkeytest.Tweaks{})
	require.ErrorIs(t, err, passkeytest.ErrExcluded, "the authenticator refuses to register twice")

	// A client that ignores the exclusion is refused by the service.
	other := passkeytest.New(rpOrigin)
	resp, _, err := other.Register(opts.Options, passkeytest.Tweaks{CredentialID: cred.ID})
	require.NoError(t, err)
	_, _, err = e.Auth.FinishPasskeyRegistration(e.Ctx, e.p, "Again", resp)
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "%v", err)
	assert.Len(t, e.passkeys(e.account), 1)
}

func b64(b []byte) string {
	s, _ := json.Marshal(b) // standard base64; the options use base64url
	r := strings.NewReplacer("+", "-", "/", "_", "=", "", `"`, "")
	return r.Replace(string(s))
}

func TestPasskeyRegistrationRefusals(t *testing.T) {
	e := newPasskeyEnv(t)
	e.User("Olive", "Other", "oother", userPassword)
	otherP := e.LoginAs("oother", userPassword).Principal

	cases := map[string]struct {
		tweaks passkeytest.Tweaks
		// prepare may change the ceremony: it returns the principal that
		// finishes.
		prepare func() *auth.Principal
		reason  string
	}{
		"WrongOrigin":       {tweaks: passkeytest.Tweaks{Origin: "https://evil.example.com"}, reason: "invalid_attestation"},
		"WrongRPID":         {tweaks: passkeytest.Tweaks{RPID: "evil.example.com"}, reason: "invalid_attestation"},
		"UserNotVerified":   {tweaks: passkeytest.Tweaks{Flags: passkeytest.FlagUserPresent}, reason: "invalid_attestation"},
		"AssertionType":     {tweaks: passkeytest.Tweaks{Type: "webauthn.get"}, reason: "invalid_attestation"},
		"UnknownChallenge":  {tweaks: passkeytest.Tweaks{Challenge: []byte("a challenge never issued!")}, reason: "ceremony_unknown"},
		"AnotherUsersBegin": {prepare: func() *auth.Principal { return otherP }, reason: "ceremony_mismatch"},
		"Expired": {prepare: func() *auth.Principal {
			e.Clock.Advance(auth.PasskeyCeremonyLifetime)
			return nil
		}, reason: "ceremony_expired"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := e.LoginAs("sstaff", userPassword).Principal
			opts, err := e.Auth.BeginPasskeyRegistration(e.Ctx, p, e.passwordOf(p))
			require.NoError(t, err)
			finisher := p
			if c.prepare != nil {
				if q := c.prepare(); q != nil {
					finisher = q
				}
			}
			resp, _, err := passkeytest.New(rpOrigin).Register(opts.Options, c.tweaks)
			require.NoError(t, err)
			before := len(e.Events(audit.TargetAccount, finisher.AccountID))
			_, _, err = e.Auth.FinishPasskeyRegistration(e.Ctx, finisher, "Key", resp)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
			assert.True(t, carenet.Validation(err).Has("response", auth.RuleIncorrect), "%v", err)
			assert.Empty(t, e.passkeys(e.account))
			assert.Empty(t, e.passkeys(finisher.AccountID))
			ev := e.Events(audit.TargetAccount, finisher.AccountID)
			require.Len(t, ev, before+1, "the refusal is recorded")
			last := ev[len(ev)-1]
			assert.Equal(t, auth.EventPasskeyRefused, last.Action)
			assert.Equal(t, c.reason, last.Details["reason"])
			assert.Equal(t, "register", last.Details["ceremony"])
		})
	}
}

func TestPasskeyRegistrationChallengeIsSingleUse(t *testing.T) {
	e := newPasskeyEnv(t)
	resp, _ := e.attestation(e.p, e.authn)
	_, _, err := e.Auth.FinishPasskeyRegistration(e.Ctx, e.p, "Laptop", resp)
	require.NoError(t, err)
	_, _, err = e.Auth.FinishPasskeyRegistration(e.Ctx, e.p, "Laptop again", resp)
	assert.True(t, carenet.Validation(err).Has("response", auth.RuleIncorrect), "a replayed registration is refused: %v", err)
	assert.Len(t, e.passkeys(e.account), 1)
}

func TestPasskeyRegistrationBadInput(t *testing.T) {
	e := newPasskeyEnv(t)
	resp, _ := e.attestation(e.p, e.authn)
	for name, c := range map[string]struct {
		name        string
		resp        []byte
		field, rule string
	}{
		"EmptyName":    {"  ", resp, "name", carenet.RuleRequired},
		"LongName":     {strings.Repeat("k", auth.MaxPasskeyNameLength+1), resp, "name", carenet.RuleTooLong},
		"ControlChars": {"Key\x00", resp, "name", carenet.RuleControlChars},
		"NoResponse":   {"Key", nil, "response", carenet.RuleRequired},
		"HugeResponse": {"Key", make([]byte, auth.MaxPasskeyResponseBytes+1), "response", carenet.RuleTooLong},
		"NotAResponse": {"Key", []byte(`{"id":"x"}`), "response", carenet.RuleFormat},
	} {
		t.Run(name, func(t *testing.T) {
			before := len(e.Events(audit.TargetAccount, e.account))
			_, _, err := e.Auth.FinishPasskeyRegistration(e.Ctx, e.p, c.name, c.resp)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has(c.field, c.rule), "%v", err)
			assert.Len(t, e.Events(audit.TargetAccount, e.account), before, "nothing is recorded")
		})
	}
	// The ceremony is still open: bad input changed nothing.
	_, _, err := e.Auth.FinishPasskeyRegistration(e.Ctx, e.p, "Key", resp)
	require.NoError(t, err)
}

func TestPasskeyAsSecondFactor(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	e.Clock.Advance(time.Minute)

	opts := e.secondFactor("sstaff", userPassword)
	var o struct {
		PublicKey struct {
			Allow []struct{ ID string } `json:"allowCredentials"`
			UV    string                `json:"userVerification"`
		} `json:"publicKey"`
	}
	require.NoError(t, json.Unmarshal(opts, &o))
	assert.Len(t, o.PublicKey.Allow, 1, "the ceremony allows the login's passkeys")
	assert.Equal(t, "preferred", o.PublicKey.UV, "the password is the other factor")

	resp, err := e.authn.Assert(opts, nil, passkeytest.Tweaks{Flags: passkeytest.FlagUserPresent})
	require.NoError(t, err)
	res, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, Passkey: resp})
	require.NoError(t, err)
	assert.Equal(t, e.user.ID, res.Principal.PersonID)

	got := e.passkeys(e.account)[0]
	require.NotNil(t, got.LastUsedAt)
	assert.True(t, got.LastUsedAt.Equal(e.Clock.Now()))
	assert.Equal(t, uint32(1), got.SignCount)

	ev := e.passkeyEvents(pk.ID)
	require.Len(t, ev, 2)
	assert.Equal(t, auth.EventPasskeyUsed, ev[1].Action)
	assert.Equal(t, "second_factor", ev[1].Details["factor"])
	assert.Equal(t, "1", ev[1].Details["sign_count"])
	logins := e.Events(audit.TargetAccount, e.account)
	last := logins[len(logins)-1]
	assert.Equal(t, auth.EventLogin, last.Action)
	assert.Equal(t, pk.ID, last.Details["passkey"])
	assert.Equal(t, auth.EventLoginCodeRequired, logins[len(logins)-2].Action)
	assert.Equal(t, "passkey", logins[len(logins)-2].Details["factor"])

	// The password alone no longer opens the login.
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrSecondFactorRequired)

	// The same answer again: the ceremony is used up. It counts as a
	// wrong second factor.
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, Passkey: resp})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	c := credentials(t, e.Env, e.account)
	assert.Equal(t, 1, c.FailedLogins)
	assert.Equal(t, 1, c.FailedCodes, "a replay with the right password says the password is known")
	ev = e.passkeyEvents(pk.ID)
	assert.Equal(t, auth.EventPasskeyRefused, ev[len(ev)-1].Action)
	assert.Equal(t, "ceremony_unknown", ev[len(ev)-1].Details["reason"])
	e.VerifyAudit()
}

func TestPasskeySecondFactorRefusals(t *testing.T) {
	e := newPasskeyEnv(t)
	e.register(e.p, e.authn, "Laptop")
	stranger := passkeytest.New(rpOrigin)
	strangerP := e.LoginAs("admin", adminPassword).Principal
	e.register(strangerP, stranger, "Admin's key")

	cases := map[string]struct {
		answer func(opts []byte) []byte
		reason string
		known  bool
	}{
		"WrongOrigin": {answer: func(o []byte) []byte {
			return e.assert(e.authn, o, passkeytest.Tweaks{Origin: "https://carenet.example.org.evil.com"})
		}, reason: "invalid_assertion", known: true},
		"WrongRPID": {answer: func(o []byte) []byte { return e.assert(e.authn, o, passkeytest.Tweaks{RPID: "example.org"}) }, reason: "invalid_assertion", known: true},
		"BadSignature": {answer: func(o []byte) []byte {
			return e.assert(e.authn, o, passkeytest.Tweaks{CorruptSignature: true})
		}, reason: "invalid_assertion", known: true},
		"UserNotPresent": {answer: func(o []byte) []byte {
			return e.assert(e.authn, o, passkeytest.Tweaks{Flags: passkeytest.FlagUserVerified})
		}, reason: "invalid_assertion", known: true},
		"SignInCeremony": {answer: func([]byte) []byte { return e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{}) }, reason: "ceremony_mismatch", known: true},
		"AnotherLoginsPasskey": {answer: func(o []byte) []byte {
			// The admin's authenticator answers this login's ceremony.
			resp, err := stranger.Assert(o, stranger.Credentials()[0], passkeytest.Tweaks{})
			require.NoError(t, err)
			return resp
		}, reason: "unknown_passkey"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resetFailures(t, e.Env, e.account)
			opts := e.secondFactor("sstaff", userPassword)
			resp := c.answer(opts)
			before := len(e.Events(audit.TargetPasskey, e.passkeys(e.account)[0].ID))
			_, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, Passkey: resp})
			require.ErrorIs(t, err, auth.ErrLoginFailed)
			cr := credentials(t, e.Env, e.account)
			assert.Equal(t, 1, cr.FailedLogins, "counted as a failed login")
			assert.Equal(t, 1, cr.FailedCodes, "as a wrong second factor")
			logins := e.Events(audit.TargetAccount, e.account)
			assert.Equal(t, auth.EventLoginFailed, logins[len(logins)-1].Action)
			assert.Equal(t, "wrong_passkey", logins[len(logins)-1].Details["reason"])
			ev := e.Events(audit.TargetPasskey, e.passkeys(e.account)[0].ID)
			if !c.known {
				assert.Len(t, ev, before, "nothing is recorded against a passkey not presented")
				return
			}
			require.Len(t, ev, before+1)
			assert.Equal(t, auth.EventPasskeyRefused, ev[before].Action)
			assert.Equal(t, c.reason, ev[before].Details["reason"])
		})
	}
}

// assert answers opts with a's first credential and tweaks.
func (e *passkeyEnv) assert(a *passkeytest.Authenticator, opts []byte, tw passkeytest.Tweaks) []byte {
	e.T.Helper()
	resp, err := a.Assert(opts, nil, tw)
	require.NoError(e.T, err)
	return resp
}

// resetFailures clears the account's failures and lock.
func resetFailures(t *testing.T, k *carenettest.Env, accountID string) {
	t.Helper()
	changeCredentials(t, k, accountID, func(c *auth.Credentials) {
		c.FailedLogins, c.FailedCodes, c.LockedUntil = 0, 0, time.Time{}
	})
}
