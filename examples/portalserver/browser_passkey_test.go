package main

import (
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
)

// virtualAuthenticator gives the tab a platform authenticator of
// Chromium's (the DevTools WebAuthn domain): it keeps discoverable
// credentials, verifies its user and answers at once, as a laptop's
// fingerprint reader would. It returns the authenticator's ID.
func (u *tab) virtualAuthenticator() webauthn.AuthenticatorID {
	u.b.t.Helper()
	_, err := chromedp.Call(u.ctx, webauthn.Enable, webauthn.EnableParams{})
	require.NoError(u.b.t, err)
	res, err := chromedp.Call(u.ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol:                    webauthn.AuthenticatorProtocolCtap2,
			Ctap2version:                webauthn.Ctap2versionCtap21,
			Transport:                   webauthn.AuthenticatorTransportInternal,
			HasResidentKey:              true,
			HasUserVerification:         true,
			IsUserVerified:              true,
			AutomaticPresenceSimulation: true,
		},
	})
	require.NoError(u.b.t, err)
	return res.AuthenticatorID
}

// TestPasskeysInTheBrowser registers a passkey on the Passkeys page and
// signs in with it, alone and as the second factor, through passkey.js and
// Chromium's virtual authenticator. WebAuthn runs only in a secure context
// and never on an IP address: the server is at http://localhost.
func TestPasskeysInTheBrowser(t *testing.T) {
	h := startHarness(t, false, false, false)
	b := newBrowser(t, h)
	u := b.user()
	u.open("/signin")
	id := u.virtualAuthenticator()

	u.signIn("cdiaz")
	require.Equal(t, "/portal", u.path())
	u.open("/passkeys")
	require.Equal(t, []string{"You have no passkeys yet."}, u.texts("#passkeys td"))
	u.run(chromedp.SendKeys(chromedp.CSS("#passkey-name"), "This laptop"),
		chromedp.SendKeys(chromedp.CSS("#passkey-password"), h.seed.user("cdiaz").Password))
	u.submit("#add-passkey")
	require.Equal(t, "/passkeys", u.path(), "%s", u.text())
	require.Equal(t, []string{"This laptop"}, u.texts("#passkeys td.name"))
	require.Equal(t, []string{"never"}, u.texts("#passkeys td.last-used"))
	creds, err := chromedp.Call(u.ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
	require.NoError(t, err)
	require.Len(t, creds.Credentials, 1)
	require.True(t, creds.Credentials[0].IsResidentCredential, "a discoverable credential")
	require.Equal(t, rpID, creds.Credentials[0].RpID)

	// Signed out, the passkey alone signs in: no username typed.
	u.submit("header form button")
	require.Equal(t, "/signin", u.path())
	u.submit("#passkey-signin")
	require.Equal(t, "/portal", u.path(), "%s", u.text())
	require.Equal(t, []string{"cdiaz"}, u.texts("header .username"))

	// With the password, the passkey stands in for the one-time code.
	u.submit("header form button")
	u.signIn("cdiaz")
	require.Equal(t, []string{"Your second factor"}, u.texts("main h1"))
	require.Empty(t, u.texts("header .username"), "not signed in yet")
	u.submit("#use-passkey")
	require.Equal(t, "/portal", u.path(), "%s", u.text())
	require.Equal(t, []string{"cdiaz"}, u.texts("header .username"))

	u.open("/passkeys")
	require.NotEqual(t, []string{"never"}, u.texts("#passkeys td.last-used"), "its last use is shown")
	creds, err = chromedp.Call(u.ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
	require.NoError(t, err)
	var stored auth.Passkey
	require.NoError(t, h.app.Store.Auth().View(t.Context(), func(tx auth.Tx) (err error) {
		stored, err = tx.Passkeys().ByCredentialID(t.Context(), creds.Credentials[0].CredentialID)
		return err
	}))
	require.Equal(t, "This laptop", stored.Name)
	require.Equal(t, uint32(creds.Credentials[0].SignCount), stored.SignCount, "the authenticator's counter, as last accepted")
	require.Greater(t, stored.SignCount, uint32(1), "two assertions advanced it")
}
