package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// Cross-site request forgery protection for the HTML pages.
//
// Every form carries a token the server derives from the browser's
// session: HMAC-SHA256 under a key of the process over the session token
// (or, before sign-in, over a random pre-session cookie). A forged form on
// another site cannot know it, and it changes with every session. The
// server stores nothing: it derives the token again on each POST and
// compares the two in constant time (hmac.Equal). The cookies are also
// SameSite=Strict, so a browser does not send them with a request another
// site starts; the token is the defence that does not depend on the
// browser.
//
// The JSON API needs none of this: it reads only application/json bodies,
// which a cross-site form cannot send without a CORS preflight the server
// never grants, or a bearer token, which a browser never adds by itself.

// The pre-session cookie's names, as for the session cookie.
const (
	preSessionSecure   = hostPrefix + preSessionInsecure
	preSessionInsecure = "carenet_presession"
)

// csrfField is the name of the form field that carries the token.
const csrfField = "csrf"

func (s *server) preSessionName() string { return s.cookieNamed(preSessionInsecure) }

// setCookie sets a cookie for the whole site with the flags every cookie
// of the portal has: HttpOnly (scripts never read it), SameSite=Strict and
// Secure when the server runs over TLS. maxAge < 0 deletes it.
func (s *server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.SecureCookie, SameSite: http.SameSiteStrictMode,
	})
}

// randomToken returns n random bytes, URL-safe base64 encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error (it panics if it cannot read).
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfBinding is the secret the request's CSRF token is derived from: its
// session cookie, or else its pre-session cookie; "" when it has neither.
func (s *server) csrfBinding(r *http.Request) string {
	if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
		return "session:" + c.Value
	}
	if c, err := r.Cookie(s.preSessionName()); err == nil && c.Value != "" {
		return "pre:" + c.Value
	}
	return ""
}

// ensurePreSession gives a browser without a session a pre-session cookie,
// so the sign-in form has a token too (a forged sign-in would otherwise
// log the victim in as the attacker). It returns the binding to use for
// the page being rendered.
func (s *server) ensurePreSession(w http.ResponseWriter, r *http.Request) string {
	if b := s.csrfBinding(r); b != "" {
		return b
	}
	v := randomToken(32)
	s.setCookie(w, s.preSessionName(), v, 0)
	return "pre:" + v
}

// csrfToken is the token for the binding.
func (s *server) csrfToken(binding string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte("carenet csrf\x00" + binding))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF reports whether the form of r carries the token of its
// session. r's form must already be parsed.
func (s *server) checkCSRF(r *http.Request) bool {
	b := s.csrfBinding(r)
	if b == "" {
		return false
	}
	got := r.PostForm.Get(csrfField)
	return hmac.Equal([]byte(got), []byte(s.csrfToken(b)))
}
