package main

import (
	"context"
	"encoding/base32"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
)

func TestLoginSetsAStrictHttpOnlySecureCookie(t *testing.T) {
	h := newHarness(t, true, true)
	c := h.anonymous()
	res := c.post("/api/login", map[string]string{"username": "ROKAFOR", "password": h.seed.user("rokafor").Password}).status(http.StatusOK)
	cookies := (&http.Response{Header: res.header}).Cookies()
	require.Len(t, cookies, 1)
	ck := cookies[0]
	require.Equal(t, "__Host-carenet_session", ck.Name)
	require.True(t, ck.HttpOnly)
	require.True(t, ck.Secure)
	require.Equal(t, http.SameSiteStrictMode, ck.SameSite)
	require.Equal(t, "/", ck.Path)
	require.Empty(t, ck.Domain)
	require.Equal(t, 12*60*60, ck.MaxAge, "the cookie lives as long as the session may")

	var out loginResponse
	res.json(&out)
	require.Equal(t, ck.Value, out.Token, "with TokenInBody the body carries the cookie's token")
	require.Equal(t, "rokafor", out.Me.Username)
	require.Equal(t, "dashboard", out.Me.Landing)

	// The cookie alone authenticates.
	c.get("/api/me").status(http.StatusOK)
}

func TestLoginWithoutTokenInBodyOrSecureFlag(t *testing.T) {
	h := newHarness(t, false, false)
	c := h.anonymous()
	res := c.post("/api/login", map[string]string{"username": "dbrooks", "password": h.seed.user("dbrooks").Password}).status(http.StatusOK)
	var out map[string]any
	res.json(&out)
	require.NotContains(t, out, "token", "the token stays in the HttpOnly cookie")
	cookies := (&http.Response{Header: res.header}).Cookies()
	require.Len(t, cookies, 1)
	require.Equal(t, "carenet_session", cookies[0].Name)
	require.False(t, cookies[0].Secure)
	require.True(t, cookies[0].HttpOnly)
	require.Equal(t, http.SameSiteStrictMode, cookies[0].SameSite)
	c.get("/api/me").status(http.StatusOK)
}

func TestLogoutRevokesTheSession(t *testing.T) {
	h := newHarness(t, true, true)
	c := h.login("rokafor")
	token := c.token
	require.NotEmpty(t, token)
	c.get("/api/me").status(http.StatusOK)

	res := c.post("/api/logout", nil).status(http.StatusNoContent)
	cookies := (&http.Response{Header: res.header}).Cookies()
	require.Len(t, cookies, 1)
	require.Equal(t, -1, cookies[0].MaxAge, "logout clears the cookie")

	// The browser lost its cookie; the token itself is revoked too.
	require.Equal(t, "unauthenticated", c.get("/api/me").status(http.StatusUnauthorized).apiError().Code)
	other := h.anonymous()
	other.token, other.bearer = token, true
	e := other.get("/api/me").status(http.StatusUnauthorized).apiError()
	require.Equal(t, "your session has ended; please log in again", e.Message)

	// Logging out again, or without a session, is harmless.
	other.post("/api/logout", nil).status(http.StatusNoContent)
	h.anonymous().post("/api/logout", nil).status(http.StatusNoContent)
}

func TestBearerTokenAuthenticates(t *testing.T) {
	h := newHarness(t, true, true)
	c := h.login("cdiaz")
	api := h.anonymous()
	api.token, api.bearer = c.token, true
	var me meJSON
	api.get("/api/me").status(http.StatusOK).json(&me)
	require.Equal(t, "cdiaz", me.Username)
}

func TestWrongPasswordIsTheSame401AsUnknownUser(t *testing.T) {
	h := newHarness(t, true, true)
	c := h.anonymous()
	wrong := c.post("/api/login", map[string]string{"username": "rokafor", "password": "not-her-password-at-all"}).status(http.StatusUnauthorized)
	unknown := c.post("/api/login", map[string]string{"username": "nobody", "password": "not-her-password-at-all"}).status(http.StatusUnauthorized)
	require.JSONEq(t, string(wrong.body), string(unknown.body))
	require.Equal(t, wrong.header.Get("WWW-Authenticate"), unknown.header.Get("WWW-Authenticate"))
	e := wrong.apiError()
	require.Equal(t, "unauthenticated", e.Code)
	require.Equal(t, "the username or password is incorrect", e.Message)
	require.False(t, e.SecondFactorRequired)
	require.Empty(t, (&http.Response{Header: wrong.header}).Cookies(), "a failed login sets no cookie")
}

func TestLoginInputProblemsNameTheField(t *testing.T) {
	h := newHarness(t, true, true)
	c := h.anonymous()
	c.post("/api/login", map[string]string{"username": "rokafor", "password": ""}).problem(http.StatusBadRequest, "password", "required")
}

func TestLoginWithASecondFactor(t *testing.T) {
	h := newHarness(t, true, true)
	ctx := context.Background()
	cara := h.principal("cdiaz")
	enrol, err := h.app.Auth.BeginTOTP(ctx, cara, h.seed.user("cdiaz").Password)
	require.NoError(t, err)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(enrol.Secret)
	require.NoError(t, err)
	code := func() string {
		c, err := totp.Generate(secret, h.clock.Now(), totp.Config{})
		require.NoError(t, err)
		return c
	}
	_, err = h.app.Auth.ConfirmTOTP(ctx, cara, h.seed.user("cdiaz").Password, code())
	require.NoError(t, err)
	h.advance(30 * time.Second) // a code is good once

	c := h.anonymous()
	pw := h.seed.user("cdiaz").Password
	e := c.post("/api/login", map[string]string{"username": "cdiaz", "password": pw}).status(http.StatusUnauthorized).apiError()
	require.True(t, e.SecondFactorRequired)
	require.Equal(t, auth.ErrSecondFactorRequired.Message, e.Message)

	bad := "000000"
	if bad == code() {
		bad = "111111"
	}
	wrong := c.post("/api/login", map[string]string{"username": "cdiaz", "password": pw, "totp_code": bad}).status(http.StatusUnauthorized).apiError()
	require.False(t, wrong.SecondFactorRequired)
	require.Equal(t, auth.ErrLoginFailed.Message, wrong.Message)

	c.post("/api/login", map[string]string{"username": "cdiaz", "password": pw, "totp_code": code()}).status(http.StatusOK)
	c.get("/api/me").status(http.StatusOK)
}

func TestEverySessionIsCheckedAgainstTheStore(t *testing.T) {
	h := newHarness(t, true, true)
	rita := h.login("rokafor")
	rita.get("/api/me").status(http.StatusOK)
	_, err := h.app.People.Deactivate(context.Background(), h.principal("ada"), h.seed.user("rokafor").PersonID, "left Metro PD")
	require.NoError(t, err)
	e := rita.get("/api/referrals").status(http.StatusUnauthorized).apiError()
	require.Equal(t, auth.ErrSessionInvalid.Message, e.Message, "a deactivation ends the open session at once")
}
