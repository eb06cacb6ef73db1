package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/carenettest"
)

// harness is the server over a seeded app, behind a TLS test server so the
// Secure session cookie travels as it would in production.
type harness struct {
	t     *testing.T
	clock *carenet.ManualClock
	app   *app
	seed  *seeded
	srv   *httptest.Server
	// origin is where passkeys are accepted from: the server at localhost.
	origin string
}

// newHarness seeds an app on a manual clock and serves it with the given
// cookie and token settings.
func newHarness(t *testing.T, secureCookie, tokenInBody bool) *harness {
	t.Helper()
	return startHarness(t, true, secureCookie, tokenInBody)
}

// startHarness is newHarness behind TLS, or else over plain HTTP at
// http://localhost:port, the secure context a browser runs passkeys in
// without a certificate it trusts. Passkeys are accepted from the
// server's origin at localhost.
func startHarness(t *testing.T, useTLS, secureCookie, tokenInBody bool) *harness {
	t.Helper()
	clock := carenet.NewManualClock(carenettest.Start)
	srv := httptest.NewUnstartedServer(nil)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	require.NoError(t, err)
	scheme := "http"
	if useTLS {
		scheme = "https"
	}
	origin := scheme + "://localhost:" + port
	a, err := newApp(appConfig{Clock: clock, Hasher: carenettest.FastHasher, Origins: []string{origin}})
	require.NoError(t, err)
	s, err := seed(context.Background(), a)
	require.NoError(t, err)
	h, err := a.handler(secureCookie, tokenInBody, nil)
	require.NoError(t, err)
	srv.Config.Handler = h
	if useTLS {
		srv.StartTLS()
	} else {
		srv.Start()
		srv.URL = origin
	}
	t.Cleanup(srv.Close)
	return &harness{t: t, clock: clock, app: a, seed: s, srv: srv, origin: origin}
}

// client is one browser: its own cookie jar, and the token the login
// answer gave, if any.
type client struct {
	h     *harness
	http  *http.Client
	token string
	// password is the signed-in user's password, once signIn has signed
	// them in.
	password string
	// bearer sends the token as a bearer token instead of the cookie.
	bearer bool
}

// anonymous returns a client without a session.
func (h *harness) anonymous() *client {
	jar, err := cookiejar.New(nil)
	require.NoError(h.t, err)
	// A copy of the server's client (its transport trusts the test
	// certificate) with a jar of its own.
	c := *h.srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &client{h: h, http: &c}
}

// login logs the seeded user in through the API.
func (h *harness) login(username string) *client {
	h.t.Helper()
	c := h.anonymous()
	res := c.post("/api/login", map[string]string{"username": username, "password": h.seed.user(username).Password})
	res.status(http.StatusOK)
	var out loginResponse
	res.json(&out)
	c.token = out.Token
	return c
}

// response is an answer read in full.
type response struct {
	t      *testing.T
	code   int
	header http.Header
	body   []byte
}

// do sends a request; body, unless nil, is sent as JSON (or as is, for a
// string or []byte).
func (c *client) do(method, path string, body any, headers ...string) *response {
	c.h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(c.h.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.h.srv.URL+path, rd)
	require.NoError(c.h.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.bearer && c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	return c.send(req)
}

// send sends req on the client's connection and reads the whole response.
func (c *client) send(req *http.Request) *response {
	c.h.t.Helper()
	res, err := c.http.Do(req)
	require.NoError(c.h.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(c.h.t, err)
	return &response{t: c.h.t, code: res.StatusCode, header: res.Header, body: data}
}

func (c *client) get(path string, headers ...string) *response {
	c.h.t.Helper()
	return c.do(http.MethodGet, path, nil, headers...)
}

func (c *client) post(path string, body any, headers ...string) *response {
	c.h.t.Helper()
	return c.do(http.MethodPost, path, body, headers...)
}

// status requires the answer's status.
func (r *response) status(want int) *response {
	r.t.Helper()
	require.Equal(r.t, want, r.code, "body: %s", r.body)
	return r
}

// json decodes the body into v.
func (r *response) json(v any) {
	r.t.Helper()
	require.NoError(r.t, json.Unmarshal(r.body, v), "body: %s", r.body)
}

// apiError decodes an error answer.
func (r *response) apiError() errorDetail {
	r.t.Helper()
	require.Equal(r.t, "application/json; charset=utf-8", r.header.Get("Content-Type"), "body: %s", r.body)
	var e errorBody
	r.json(&e)
	return e.Error
}

// problem requires an error answer with status and a problem on field
// with rule.
func (r *response) problem(status int, field, rule string) errorDetail {
	r.t.Helper()
	r.status(status)
	e := r.apiError()
	require.Equal(r.t, string(carenet.Invalid), e.Code)
	for _, p := range e.Problems {
		if p.Field == field && p.Rule == rule {
			return e
		}
	}
	r.t.Fatalf("no problem %s/%s in %s", field, rule, r.body)
	return e
}

// advance moves the harness clock.
func (h *harness) advance(d time.Duration) { h.clock.Advance(d) }
