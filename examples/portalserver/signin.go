package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// Sign-in for people, in one or two steps: the username and password,
// then, for an account with a second factor, the one-time code from the
// authenticator app or a passkey (passkeys.go). A passkey alone signs in
// too, with no username typed. auth.Service.Login checks all three at once, so
// between the steps the browser keeps the first step's answers in a
// cookie sealed with AES-GCM under a key of the process (it can neither
// read nor change them), bound to its pre-session cookie and good for
// pendingLifetime. The server keeps nothing.

// The cookie that carries a sign-in waiting for its one-time code.
const (
	pendingSecure   = hostPrefix + pendingInsecure
	pendingInsecure = "carenet_pending"
)

// pendingLifetime is how long the second step may wait for its code.
const pendingLifetime = 5 * time.Minute

func (s *server) pendingName() string { return s.cookieNamed(pendingInsecure) }

// pendingSignIn is a first step that passed, waiting for its code.
type pendingSignIn struct {
	Username  string    `json:"u"`
	Password  string    `json:"p"`
	ExpiresAt time.Time `json:"e"`
}

// seal encrypts v for the browser, bound to binding (additional data).
func (s *server) seal(v pendingSignIn, binding string) (string, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	aead, err := s.aead()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, []byte(binding))), nil
}

// unseal opens what seal made for the same binding; false when it was
// changed, made for another browser or has expired.
func (s *server) unseal(text, binding string) (pendingSignIn, bool) {
	var v pendingSignIn
	raw, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return v, false
	}
	aead, err := s.aead()
	if err != nil || len(raw) < aead.NonceSize() {
		return v, false
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(binding))
	if err != nil || json.Unmarshal(plain, &v) != nil {
		return v, false
	}
	return v, s.now().Before(v.ExpiresAt)
}

func (s *server) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.sealKey)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (s *server) now() time.Time { return s.cfg.Auth.Config().Clock.Now() }

// signInPage is what the sign-in templates show.
type signInPage struct {
	Username string
	Error    string
	// Passkey is the JSON of the passkey ceremony the second step may
	// answer (the options for navigator.credentials.get); TOTP says a
	// one-time code will do.
	Passkey string
	TOTP    bool
}

// signInForm shows the sign-in form, or takes a signed-in user home.
func (s *server) signInForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.principal(r.Context(), r); err == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin.html", nil, signInPage{})
}

// signIn is the first step: the username and password.
func (s *server) signIn(w http.ResponseWriter, r *http.Request) {
	in := signInPage{Username: r.PostForm.Get("username")}
	req := auth.LoginRequest{Username: in.Username, Password: r.PostForm.Get("password")}
	res, err := s.loginAs(r, req)
	if errors.Is(err, auth.ErrSecondFactorRequired) {
		next := secondStep(err)
		binding := s.csrfBinding(r)
		sealed, err := s.seal(pendingSignIn{Username: req.Username, Password: req.Password, ExpiresAt: s.now().Add(pendingLifetime)}, binding)
		if err != nil {
			s.renderError(w, r, nil, err)
			return
		}
		s.setCookie(w, s.pendingName(), sealed, int(pendingLifetime.Seconds()))
		s.render(w, r, http.StatusOK, "signin_code.html", nil, next)
		return
	}
	if err != nil {
		in.Error = errorText(err)
		s.render(w, r, statusOf(err), "signin.html", nil, in)
		return
	}
	s.signedIn(w, r, res)
}

// secondStep is what the second step's page offers for the error Login
// answered the first with: the passkey ceremony it began, if the account
// has passkeys, and the one-time code if it has one.
func secondStep(err error) signInPage {
	var sf *auth.SecondFactorRequired
	if !errors.As(err, &sf) || sf.Passkey == nil {
		return signInPage{TOTP: true}
	}
	return signInPage{Passkey: string(sf.Passkey.Options), TOTP: sf.TOTP}
}

// pending is the first step of the browser's sign-in waiting for its
// second; false, with the browser sent back to sign in, when there is
// none or it expired.
func (s *server) pending(w http.ResponseWriter, r *http.Request) (pendingSignIn, bool) {
	c, err := r.Cookie(s.pendingName())
	var p pendingSignIn
	ok := err == nil
	if ok {
		p, ok = s.unseal(c.Value, s.csrfBinding(r))
	}
	if !ok {
		s.setCookie(w, s.pendingName(), "", -1)
		s.render(w, r, http.StatusUnauthorized, "signin.html", nil, signInPage{Error: "Your sign-in expired. Please sign in again."})
	}
	return p, ok
}

// signInCode is the second step: the one-time code.
func (s *server) signInCode(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pending(w, r)
	if !ok {
		return
	}
	res, err := s.loginAs(r, auth.LoginRequest{Username: p.Username, Password: p.Password, TOTPCode: r.PostForm.Get("totp_code")})
	if err != nil {
		// A wrong code counts toward the account's lockout; the user may
		// try again while the sign-in is pending.
		s.render(w, r, statusOf(err), "signin_code.html", nil, signInPage{Error: carenet.ErrorMessage(err), TOTP: true})
		return
	}
	s.signedIn(w, r, res)
}

// loginAs calls auth.Service.Login with what the browser tells of itself.
func (s *server) loginAs(r *http.Request, req auth.LoginRequest) (*auth.LoginResult, error) {
	req.UserAgent, req.RemoteAddr = r.UserAgent(), r.RemoteAddr
	return s.cfg.Auth.Login(r.Context(), req)
}

// signedIn sets the session cookie, drops the sign-in's own cookies and
// takes the user to where they land.
func (s *server) signedIn(w http.ResponseWriter, r *http.Request, res *auth.LoginResult) {
	s.setSessionCookie(w, res)
	s.setCookie(w, s.pendingName(), "", -1)
	s.setCookie(w, s.preSessionName(), "", -1)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// signOut revokes the session and goes back to the sign-in form.
func (s *server) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
		if err := s.cfg.Auth.Logout(r.Context(), c.Value); err != nil {
			s.renderError(w, r, nil, err)
			return
		}
	}
	s.setCookie(w, s.cookieName(), "", -1)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
