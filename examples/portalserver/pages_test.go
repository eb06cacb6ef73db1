package main

import (
	"context"
	"encoding/base32"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// csrfInput finds the CSRF token of a page's forms.
var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// page is a page read in full, with the CSRF token of its forms.
type page struct {
	*response
	csrf string
}

// getPage reads a page as a browser would, cookies and all.
func (c *client) getPage(path string) page {
	c.h.t.Helper()
	res := c.get(path)
	p := page{response: res}
	if m := csrfInput.FindSubmatch(res.body); m != nil {
		p.csrf = string(m[1])
	}
	return p
}

// postForm posts a form as a browser would.
func (c *client) postForm(path string, form url.Values) *response {
	c.h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.h.srv.URL+path, strings.NewReader(form.Encode()))
	require.NoError(c.h.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.send(req)
}

// signIn signs the seeded user in through the sign-in page.
func (h *harness) signIn(username string) *client {
	h.t.Helper()
	c := h.anonymous()
	p := c.getPage("/signin")
	require.NotEmpty(h.t, p.csrf)
	res := c.postForm("/signin", url.Values{"csrf": {p.csrf}, "username": {username}, "password": {h.seed.user(username).Password}})
	res.status(http.StatusSeeOther)
	c.password = h.seed.user(username).Password
	return c
}

// cookie is the cookie named in the answer's Set-Cookie headers.
func (r *response) cookie(name string) *http.Cookie {
	r.t.Helper()
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	r.t.Fatalf("no cookie %s in %v", name, r.header["Set-Cookie"])
	return nil
}

func TestPageCookiesAreHttpOnlyStrictAndSecureOverTLS(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.anonymous()
	p := c.getPage("/signin")
	res := c.postForm("/signin", url.Values{"csrf": {p.csrf}, "username": {"rokafor"}, "password": {h.seed.user("rokafor").Password}})
	res.status(http.StatusSeeOther)
	for _, ck := range []*http.Cookie{p.cookie(preSessionSecure), res.cookie(cookieSecure)} {
		require.True(t, ck.HttpOnly, ck.Name)
		require.True(t, ck.Secure, ck.Name)
		require.Equal(t, http.SameSiteStrictMode, ck.SameSite, ck.Name)
		require.Equal(t, "/", ck.Path, ck.Name)
	}
	require.Equal(t, "/", res.header.Get("Location"))
}

func TestPagesCarryAStrictContentSecurityPolicy(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.signIn("cdiaz")
	for _, path := range []string{"/portal", "/portal/videos", "/portal/referrals", "/portal/referrals/new?kind=cps", "/carenet", "/nothing"} {
		res := c.get(path)
		require.Equal(t, pageCSP, res.header.Get("Content-Security-Policy"), path)
		require.Equal(t, "nosniff", res.header.Get("X-Content-Type-Options"), path)
		require.NotContains(t, string(res.body), "<script", path)
	}
	require.Contains(t, pageCSP, "default-src 'none'")
	require.NotContains(t, pageCSP, "unsafe")

	// The passkey pages load the site's own script and nothing else: no
	// inline script, no other source.
	for _, res := range []*response{h.anonymous().get("/signin"), c.get("/passkeys")} {
		require.Equal(t, scriptCSP, res.header.Get("Content-Security-Policy"))
		scripts := regexp.MustCompile(`<script[^>]*>[^<]*</script>`).FindAllString(string(res.body), -1)
		require.Equal(t, []string{`<script src="/passkey.js" defer></script>`}, scripts)
		require.Equal(t, 1, strings.Count(string(res.body), "<script"))
		require.NotRegexp(t, `\son[a-z]+=`, string(res.body), "no inline event handlers")
	}
	require.NotContains(t, scriptCSP, "unsafe")
	require.Contains(t, scriptCSP, "script-src 'self'")
	js := h.anonymous().get("/passkey.js")
	js.status(http.StatusOK)
	require.Equal(t, "text/javascript; charset=utf-8", js.header.Get("Content-Type"))
}

func TestPagesRefuseFormsWithoutTheSessionsToken(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.signIn("rokafor")
	token := c.getPage("/portal")
	token.status(http.StatusOK)
	other := h.signIn("rokafor").getPage("/portal")
	require.NotEqual(t, token.csrf, other.csrf, "each session has its own token")

	for name, form := range map[string]url.Values{
		"no token":             {},
		"an empty token":       {"csrf": {""}},
		"another session's":    {"csrf": {other.csrf}},
		"a token a bit off":    {"csrf": {offByOne(token.csrf)}},
		"the token, elsewhere": {"token": {token.csrf}},
	} {
		res := c.postForm("/signout", form)
		require.Equal(t, http.StatusForbidden, res.code, "%s: %s", name, res.body)
		require.Equal(t, http.StatusOK, c.get("/portal").code, "%s: still signed in, nothing changed", name)
	}
	// A referral posted without the token is not submitted.
	before, err := h.app.Referrals.Mine(context.Background(), h.principal("rokafor"), referral.MineQuery{})
	require.NoError(t, err)
	form := url.Values{"kind": {"le"}, "reason": {"r"}, "narrative": {"n"}}
	c.postForm("/portal/referrals", form).status(http.StatusForbidden)
	after, err := h.app.Referrals.Mine(context.Background(), h.principal("rokafor"), referral.MineQuery{})
	require.NoError(t, err)
	require.Len(t, after.Referrals, len(before.Referrals))

	c.postForm("/signout", url.Values{"csrf": {token.csrf}}).status(http.StatusSeeOther)
	require.Equal(t, "/signin", c.get("/portal").status(http.StatusSeeOther).header.Get("Location"), "signed out")
}

// offByOne is s with its last character changed.
func offByOne(s string) string {
	last := byte('A')
	if s[len(s)-1] == last {
		last = 'B'
	}
	return s[:len(s)-1] + string(last)
}

func TestSignInNeedsThePreSessionsToken(t *testing.T) {
	h := newHarness(t, true, false)
	creds := url.Values{"username": {"rokafor"}, "password": {h.seed.user("rokafor").Password}}
	// No pre-session at all, as a form on another site would post.
	res := h.anonymous().postForm("/signin", creds)
	res.status(http.StatusForbidden)
	for _, ck := range res.header.Values("Set-Cookie") {
		require.False(t, strings.HasPrefix(ck, cookieSecure+"="), "no session: %s", ck)
	}
	// Another browser's token.
	c := h.anonymous()
	c.getPage("/signin")
	creds.Set("csrf", h.anonymous().getPage("/signin").csrf)
	c.postForm("/signin", creds).status(http.StatusForbidden)
}

func TestPendingSecondFactorIsBoundToItsBrowserAndExpires(t *testing.T) {
	h := newHarness(t, true, false)
	enrolTOTP(t, h, "dbrooks")
	start := func() (*client, *http.Cookie) {
		c := h.anonymous()
		p := c.getPage("/signin")
		res := c.postForm("/signin", url.Values{"csrf": {p.csrf}, "username": {"dbrooks"}, "password": {h.seed.user("dbrooks").Password}})
		res.status(http.StatusOK)
		require.Contains(t, string(res.body), "one-time code")
		pending := res.cookie(pendingSecure)
		require.True(t, pending.HttpOnly)
		require.NotContains(t, pending.Value, h.seed.user("dbrooks").Password, "sealed, never in clear")
		return c, pending
	}
	code := func(c *client) url.Values {
		return url.Values{"csrf": {c.getPage("/signin").csrf}, "totp_code": {"123456"}}
	}

	// The pending cookie carried to another browser is worthless there.
	_, pending := start()
	thief := h.anonymous()
	form := code(thief)
	u, err := url.Parse(h.srv.URL)
	require.NoError(t, err)
	thief.http.Jar.SetCookies(u, []*http.Cookie{pending})
	res := thief.postForm("/signin/code", form)
	res.status(http.StatusUnauthorized)
	require.Contains(t, string(res.body), "expired")

	// And it expires.
	c, _ := start()
	form = code(c)
	h.advance(pendingLifetime + time.Second)
	res = c.postForm("/signin/code", form)
	res.status(http.StatusUnauthorized)
	require.Contains(t, string(res.body), "expired")
}

func TestPagesEscapeWhatUsersTyped(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.signIn("rokafor")
	p := c.getPage("/portal/referrals/new?kind=le")
	p.status(http.StatusOK)
	res := c.postForm("/portal/referrals", url.Values{"csrf": {p.csrf}, "kind": {"le"}, "idempotency_key": {"k1"},
		"reason": {`<script>alert("x")</script>`}, "children[0].date_of_birth": {"not a date"}})
	res.status(http.StatusBadRequest)
	body := string(res.body)
	require.NotContains(t, body, `<script>alert`)
	require.Contains(t, body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, "what was typed comes back escaped")
	require.Contains(t, body, "must be a date", "the date's problem is shown beside it")
}

func TestDownloadButtonHandsTheBrowserTheFile(t *testing.T) {
	h := newHarness(t, true, false)
	c := h.signIn("cdiaz")
	p := c.getPage("/portal/videos")
	digest := regexp.MustCompile(`name="agreement" value="([0-9a-f]+)"`).FindStringSubmatch(string(p.body))
	require.NotNil(t, digest)
	sh := h.shareOf("cdiaz", video.ViewAndDownload)

	// Without the agreement ticked there is no ticket.
	res := c.postForm("/portal/videos/"+sh.ShareID+"/download", url.Values{"csrf": {p.csrf}})
	require.Equal(t, http.StatusBadRequest, res.code, "%s", res.body)
	require.Empty(t, res.header.Get("Location"))

	res = c.postForm("/portal/videos/"+sh.ShareID+"/download", url.Values{"csrf": {p.csrf}, "agreement": {digest[1]}})
	res.status(http.StatusSeeOther)
	to := res.header.Get("Location")
	require.True(t, strings.HasPrefix(to, "/api/videos/download?ticket="), to)
	file := c.get(to).status(http.StatusOK)
	require.Equal(t, sh.Contents, file.body)
	require.Contains(t, file.header.Get("Content-Disposition"), "attachment")

	// The view-only share of the same user: a forged download is refused.
	viewOnly := h.shareOf("cdiaz", video.ViewOnly)
	res = c.postForm("/portal/videos/"+viewOnly.ShareID+"/download", url.Values{"csrf": {p.csrf}, "agreement": {digest[1]}})
	require.Equal(t, http.StatusForbidden, res.code, "%s", res.body)
	require.Empty(t, res.header.Get("Location"))
	require.NotContains(t, string(res.body), "ticket=")
}

// enrolTOTP gives the seeded user a second factor and returns its secret.
func enrolTOTP(t *testing.T, h *harness, username string) []byte {
	t.Helper()
	p := h.principal(username)
	password := h.seed.user(username).Password
	en, err := h.app.Auth.BeginTOTP(context.Background(), p, password)
	require.NoError(t, err)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(en.Secret)
	require.NoError(t, err)
	code, err := totp.Generate(secret, h.clock.Now(), h.app.Auth.Config().TOTP)
	require.NoError(t, err)
	_, err = h.app.Auth.ConfirmTOTP(context.Background(), p, password, code)
	require.NoError(t, err)
	return secret
}
