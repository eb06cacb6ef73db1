package main

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// The session cookie's names. With the Secure flag the cookie takes the
// __Host- prefix, which browsers accept only from HTTPS, for path "/" and
// without a Domain, so no other host can plant or read it.
const (
	cookieSecure   = hostPrefix + cookieInsecure
	cookieInsecure = "carenet_session"
)

// hostPrefix is the prefix every cookie of a server with the Secure flag
// takes.
const hostPrefix = "__Host-"

// cookieNamed is the name of the cookie named insecure on a server without
// the Secure flag: with the flag it takes hostPrefix.
func (s *server) cookieNamed(insecure string) string {
	if s.cfg.SecureCookie {
		return hostPrefix + insecure
	}
	return insecure
}

func (s *server) cookieName() string { return s.cookieNamed(cookieInsecure) }

// loginRequest is the login form.
type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	// TOTPCode is the one-time code, for an account with a second factor.
	TOTPCode string `json:"totp_code,omitempty"`
	// Passkey, in place of the code, is the passkey's answer (the JSON of
	// its PublicKeyCredential) to the ceremony the first attempt's error
	// carried.
	Passkey json.RawMessage `json:"passkey,omitempty"`
}

// loginResponse is a successful login: who the user is and where they
// land, and the token when Config.TokenInBody is set.
type loginResponse struct {
	Token     string    `json:"token,omitempty"`
	ExpiresAt time.Time `json:"expires_at"`
	Me        meJSON    `json:"me"`
}

// login checks the credentials with auth.Service.Login and opens a
// session. Every failure to authenticate is the same 401, whether the
// username is unknown or the password wrong; an account with a second
// factor and no code given gets a 401 with second_factor_required set.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	var in loginRequest
	if err := s.decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	// RemoteAddr is also what auth's rate limiter counts failures under.
	// Behind a reverse proxy every request comes from the proxy: a host
	// there sets RateKey to the client address the proxy reports.
	res, err := s.cfg.Auth.Login(r.Context(), auth.LoginRequest{
		Username: in.Username, Password: in.Password, TOTPCode: in.TOTPCode, Passkey: in.Passkey,
		UserAgent: r.UserAgent(), RemoteAddr: r.RemoteAddr,
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSessionCookie(w, res)
	out := loginResponse{ExpiresAt: res.Session.ExpiresAt, Me: meOf(res.Principal)}
	if s.cfg.TokenInBody {
		out.Token = res.Token
	}
	writeJSON(w, http.StatusOK, out)
}

// setSessionCookie hands the browser the session token of res, in an
// HttpOnly, SameSite=Strict cookie (Secure over TLS).
func (s *server) setSessionCookie(w http.ResponseWriter, res *auth.LoginResult) {
	// MaxAge, not Expires: a lifetime relative to now does not depend on
	// the browser's clock agreeing with the server's.
	s.setCookie(w, s.cookieName(), res.Token, max(1, int(res.Session.ExpiresAt.Sub(s.now()).Seconds())))
}

// logout revokes the request's session, if it has one, and clears the
// cookie. Logging out without a session, or twice, is harmless.
func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	if token, err := s.sessionToken(r); err == nil {
		if err := s.cfg.Auth.Logout(r.Context(), token); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookie, SameSite: http.SameSiteStrictMode,
	})
	w.WriteHeader(http.StatusNoContent)
}
