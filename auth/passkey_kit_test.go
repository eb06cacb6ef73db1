package auth_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/passkey"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/passkeytest"
	"github.com/carenet-go/carenet/personnel"
)

// The relying party of the passkey tests.
const (
	rpID     = "carenet.example.org"
	rpOrigin = "https://carenet.example.org"
)

// passkeyEnv is a kit whose service takes passkeys, with a user and the
// software authenticator of the user's browser.
type passkeyEnv struct {
	*carenettest.Env
	user    personnel.Profile
	account string
	// p is the user signed in; authn their browser's authenticator.
	p     *auth.Principal
	authn *passkeytest.Authenticator
}

func relyingParty(t testing.TB) *passkey.RelyingParty {
	t.Helper()
	rp, err := passkey.New(passkey.Config{RPID: rpID, RPDisplayName: "CareNet", Origins: []string{rpOrigin}})
	require.NoError(t, err)
	return rp
}

func newPasskeyEnv(t testing.TB, opts ...carenettest.Option) *passkeyEnv {
	t.Helper()
	rp := relyingParty(t)
	opts = append([]carenettest.Option{carenettest.WithAuthConfig(func(c *auth.Config) { c.Passkeys = rp })}, opts...)
	k := newKit(t, opts...)
	staff := k.Group("Staff", auth.ViewPersonnel)
	u := k.User("Sam", "Staff", "sstaff", userPassword, staff)
	return &passkeyEnv{Env: k, user: u, account: u.Login.AccountID, p: k.LoginAs("sstaff", userPassword).Principal,
		authn: passkeytest.New(rpOrigin)}
}

// attestation begins a passkey registration for p and has a answer it:
// it returns the response that finishes the registration, and the
// credential a made for it.
func (e *passkeyEnv) attestation(p *auth.Principal, a *passkeytest.Authenticator) ([]byte, *passkeytest.Credential) {
	e.T.Helper()
	opts, err := e.Auth.BeginPasskeyRegistration(e.Ctx, p, e.passwordOf(p))
	require.NoError(e.T, err)
	resp, cred, err := a.Register(opts.Options, passkeytest.Tweaks{})
	require.NoError(e.T, err)
	return resp, cred
}

// registerPasskey adds a passkey named name to the principal's login
// through a, and returns it with the authenticator's credential and the
// recovery codes FinishPasskeyRegistration returned.
func (e *passkeyEnv) registerPasskey(p *auth.Principal, a *passkeytest.Authenticator, name string) (*auth.Passkey, *passkeytest.Credential, auth.RecoveryCodes) {
	e.T.Helper()
	resp, cred := e.attestation(p, a)
	pk, codes, err := e.Auth.FinishPasskeyRegistration(e.Ctx, p, name, resp)
	require.NoError(e.T, err)
	return pk, cred, codes
}

// register adds a passkey named name to the principal's login through a,
// and returns it with the authenticator's credential.
func (e *passkeyEnv) register(p *auth.Principal, a *passkeytest.Authenticator, name string) (*auth.Passkey, *passkeytest.Credential) {
	e.T.Helper()
	pk, cred, _ := e.registerPasskey(p, a, name)
	return pk, cred
}

// secondFactor logs in with the password and returns the passkey ceremony
// Login asks to be answered.
func (e *passkeyEnv) secondFactor(username, pw string) []byte {
	e.T.Helper()
	_, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: username, Password: pw})
	require.ErrorIs(e.T, err, auth.ErrSecondFactorRequired)
	var sf *auth.SecondFactorRequired
	require.True(e.T, errors.As(err, &sf), "the error carries the passkey ceremony: %v", err)
	require.NotNil(e.T, sf.Passkey)
	return sf.Passkey.Options
}

// signInOptions begins a passkey sign-in.
func (e *passkeyEnv) signInOptions() []byte {
	e.T.Helper()
	opts, err := e.Auth.BeginPasskeySignIn(e.Ctx)
	require.NoError(e.T, err)
	return opts.Options
}

// passkeyEvents are the events about a passkey, in order.
func (e *passkeyEnv) passkeyEvents(id string) []audit.Event {
	e.T.Helper()
	return e.Events(audit.TargetPasskey, id)
}

func (e *passkeyEnv) passkeys(accountID string) []auth.Passkey {
	e.T.Helper()
	list, err := e.Auth.Passkeys(e.Ctx, e.Admin.Principal, accountID)
	require.NoError(e.T, err)
	return list
}

// passwordOf is the password of the login p is signed in to: the
// administrator's, or the one every other user of these tests has.
func (e *passkeyEnv) passwordOf(p *auth.Principal) string {
	if p.AccountID == e.Admin.Principal.AccountID {
		return adminPassword
	}
	return userPassword
}
