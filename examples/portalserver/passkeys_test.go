package main

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/passkeytest"
)

// The passkey pages, driven as passkey.js drives them, with a software
// authenticator in the browser's place (browser_test.go runs the script
// itself in Chromium).

// addPasskey registers a passkey named name for the signed-in client
// through /passkeys, as the page's script does.
func addPasskey(t *testing.T, c *client, a *passkeytest.Authenticator, name string) {
	t.Helper()
	p := c.getPage("/passkeys")
	p.status(http.StatusOK)
	opts := c.postForm("/passkeys/options", url.Values{"csrf": {p.csrf}, "current_password": {c.password}}).status(http.StatusOK)
	require.Equal(t, "application/json; charset=utf-8", opts.header.Get("Content-Type"))
	resp, _, err := a.Register(opts.body, passkeytest.Tweaks{})
	require.NoError(t, err)
	res := c.postForm("/passkeys", url.Values{"csrf": {p.csrf}, "name": {name}, "passkey": {string(resp)}})
	if res.code == http.StatusOK {
		// A first second factor shows its recovery codes, once.
		require.Contains(t, string(res.body), `id="recovery-codes"`)
		require.Len(t, regexp.MustCompile(`<li><code>[A-Za-z0-9-]+</code></li>`).FindAll(res.body, -1), auth.RecoveryCodeCount)
		return
	}
	res.status(http.StatusSeeOther)
}

func TestPasskeyPages(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.signIn("cdiaz")
	a := passkeytest.New(h.origin)
	addPasskey(t, c, a, "Work laptop")
	list := c.getPage("/passkeys")
	require.Contains(t, string(list.body), "Work laptop")
	require.Regexp(t, `class="last-used">never<`, string(list.body))

	// A passkey alone signs in, with no username typed.
	anon := h.anonymous()
	signin := anon.getPage("/signin")
	opts := anon.postForm("/signin/passkey/options", url.Values{"csrf": {signin.csrf}}).status(http.StatusOK)
	resp, err := a.Assert(opts.body, nil, passkeytest.Tweaks{})
	require.NoError(t, err)
	res := anon.postForm("/signin/passkey", url.Values{"csrf": {signin.csrf}, "passkey": {string(resp)}}).status(http.StatusSeeOther)
	require.Equal(t, "/", res.header.Get("Location"))
	res.cookie(cookieSecure)
	me := anon.get("/api/me").status(http.StatusOK)
	var m meJSON
	me.json(&m)
	require.Equal(t, "cdiaz", m.Username)

	// The same answer again is refused, and says nothing more.
	again := h.anonymous()
	p := again.getPage("/signin")
	again.postForm("/signin/passkey", url.Values{"csrf": {p.csrf}, "passkey": {string(resp)}}).status(http.StatusUnauthorized)

	// With the password, the passkey stands in for the one-time code.
	second := h.anonymous()
	p = second.getPage("/signin")
	step := second.postForm("/signin", url.Values{"csrf": {p.csrf}, "username": {"cdiaz"}, "password": {h.seed.user("cdiaz").Password}}).status(http.StatusOK)
	m2 := regexp.MustCompile(`data-options="([^"]+)"`).FindSubmatch(step.body)
	require.NotNil(t, m2, "the second step offers the passkey: %s", step.body)
	require.NotContains(t, string(step.body), `id="totp_code"`, "no code is enrolled: none is asked for")
	resp, err = a.Assert([]byte(html.UnescapeString(string(m2[1]))), nil, passkeytest.Tweaks{})
	require.NoError(t, err)
	res = second.postForm("/signin/passkey-factor", url.Values{"csrf": {p.csrf}, "passkey": {string(resp)}}).status(http.StatusSeeOther)
	require.Equal(t, "/", res.header.Get("Location"))
	second.get("/api/me").status(http.StatusOK)
}

// signInWithPasskey signs in through /signin/passkey with a's passkey.
func signInWithPasskey(t *testing.T, h *harness, a *passkeytest.Authenticator) *client {
	t.Helper()
	c := h.anonymous()
	p := c.getPage("/signin")
	opts := c.postForm("/signin/passkey/options", url.Values{"csrf": {p.csrf}}).status(http.StatusOK)
	resp, err := a.Assert(opts.body, nil, passkeytest.Tweaks{})
	require.NoError(t, err)
	c.postForm("/signin/passkey", url.Values{"csrf": {p.csrf}, "passkey": {string(resp)}}).status(http.StatusSeeOther)
	return c
}

func TestPasskeyPagesRenameAndRemove(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.signIn("cdiaz")
	a := passkeytest.New(h.origin)
	addPasskey(t, c, a, "Laptop")
	m := regexp.MustCompile(`<tr data-passkey="([^"]+)">`).FindSubmatch(c.getPage("/passkeys").body)
	require.NotNil(t, m)
	id := string(m[1])
	p := c.getPage("/passkeys")
	c.postForm("/passkeys/"+id+"/rename", url.Values{"csrf": {p.csrf}, "name": {"Home laptop"}}).status(http.StatusSeeOther)
	require.Contains(t, string(c.getPage("/passkeys").body), "Home laptop")
	bad := c.postForm("/passkeys/"+id+"/rename", url.Values{"csrf": {p.csrf}, "name": {" "}}).status(http.StatusBadRequest)
	require.Contains(t, string(bad.body), "name is required")

	// A fresh sign-in, with the passkey, removes it.
	fresh := signInWithPasskey(t, h, a)
	fp := fresh.getPage("/passkeys")
	fresh.postForm("/passkeys/"+id+"/remove", url.Values{"csrf": {fp.csrf}}).status(http.StatusSeeOther)
	require.Contains(t, string(fresh.getPage("/passkeys").body), "You have no passkeys yet.")

	// The passkey no longer signs in; the password alone does again.
	anon := h.anonymous()
	sp := anon.getPage("/signin")
	opts := anon.postForm("/signin/passkey/options", url.Values{"csrf": {sp.csrf}}).status(http.StatusOK)
	resp, err := a.Assert(opts.body, nil, passkeytest.Tweaks{})
	require.NoError(t, err)
	anon.postForm("/signin/passkey", url.Values{"csrf": {sp.csrf}, "passkey": {string(resp)}}).status(http.StatusUnauthorized)
	h.signIn("cdiaz")
}

func TestPasskeyFormsNeedTheCSRFToken(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.signIn("cdiaz")
	c.getPage("/passkeys")
	for _, path := range []string{"/passkeys/options", "/passkeys", "/signin/passkey/options", "/signin/passkey", "/signin/passkey-factor"} {
		res := c.postForm(path, url.Values{"name": {"x"}, "passkey": {"{}"}})
		require.Equal(t, http.StatusForbidden, res.code, path)
	}
	require.Contains(t, string(c.getPage("/passkeys").body), "You have no passkeys yet.", "nothing was begun or added")
}

// TestLoginAPIWithAPasskey: the JSON login of an account with a passkey
// answers the password with the ceremony, and takes the passkey's answer.
func TestLoginAPIWithAPasskey(t *testing.T) {
	h := newHarness(t, true, true)
	a := passkeytest.New(h.origin)
	addPasskey(t, h.signIn("cdiaz"), a, "Laptop")
	c := h.anonymous()
	creds := map[string]any{"username": "cdiaz", "password": h.seed.user("cdiaz").Password}
	e := c.post("/api/login", creds).status(http.StatusUnauthorized).apiError()
	require.True(t, e.SecondFactorRequired)
	require.NotEmpty(t, e.Passkey, "the ceremony to answer")
	resp, err := a.Assert(e.Passkey, nil, passkeytest.Tweaks{})
	require.NoError(t, err)
	creds["passkey"] = json.RawMessage(resp)
	c.post("/api/login", creds).status(http.StatusOK)
	c.post("/api/login", creds).status(http.StatusUnauthorized) // its ceremony is used up
}
