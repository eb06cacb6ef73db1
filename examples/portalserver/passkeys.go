package main

import (
	"encoding/json"
	"net/http"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// Passkeys in the pages. WebAuthn is a browser API, so each ceremony runs
// in /passkey.js (templates/passkey.js): it fetches the options from the
// server (a POST carrying the form's CSRF token, since it begins a
// ceremony), hands them to navigator.credentials, and posts the
// authenticator's answer in the form's "passkey" field. Every check is the
// SDK's: the ceremony is stored, bound and used once; the answer is
// verified against the origins and RP ID of the app's passkey.Config.
//
//	POST /signin/passkey/options  a sign-in ceremony (JSON)
//	POST /signin/passkey          a passkey alone signs in
//	POST /signin/passkey-factor   a passkey in place of the one-time code
//	GET  /passkeys                the user's passkeys
//	POST /passkeys/options        a registration ceremony (JSON), for the current password
//	POST /passkeys                the new passkey, with its name
//	POST /passkeys/{id}/rename    a new name
//	POST /passkeys/{id}/remove    removed

func (s *server) routePasskeys(mux *http.ServeMux) {
	mux.Handle("POST /signin/passkey/options", s.form(http.HandlerFunc(s.passkeySignInOptions)))
	mux.Handle("POST /signin/passkey", s.form(http.HandlerFunc(s.passkeySignIn)))
	mux.Handle("POST /signin/passkey-factor", s.form(http.HandlerFunc(s.passkeyFactor)))
	mux.Handle("GET /passkeys", s.page(s.passkeysPage))
	mux.Handle("POST /passkeys/options", s.form(s.authed(s.passkeyOptions)))
	mux.Handle("POST /passkeys", s.form(s.page(s.addPasskey)))
	mux.Handle("POST /passkeys/{id}/rename", s.form(s.page(s.renamePasskey)))
	mux.Handle("POST /passkeys/{id}/remove", s.form(s.page(s.removePasskey)))
}

// passkeyScript serves the pages' one script.
func (s *server) passkeyScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	http.ServeFileFS(w, r, templateFiles, "templates/passkey.js")
}

// writeOptions answers with a ceremony's options for the browser.
func writeOptions(w http.ResponseWriter, opts *auth.PasskeyOptions) {
	writeJSON(w, http.StatusOK, json.RawMessage(opts.Options))
}

// passkeySignInOptions begins a passkey sign-in.
func (s *server) passkeySignInOptions(w http.ResponseWriter, r *http.Request) {
	opts, err := s.cfg.Auth.BeginPasskeySignIn(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeOptions(w, opts)
}

// passkeySignIn signs in with the passkey's answer alone. Every failure
// reads the same, as auth.Service.PasskeySignIn's does.
func (s *server) passkeySignIn(w http.ResponseWriter, r *http.Request) {
	res, err := s.cfg.Auth.PasskeySignIn(r.Context(), auth.PasskeySignInRequest{
		Passkey: []byte(r.PostForm.Get("passkey")), UserAgent: r.UserAgent(), RemoteAddr: r.RemoteAddr,
	})
	if err != nil {
		s.render(w, r, statusOf(err), "signin.html", nil, signInPage{Error: errorText(err)})
		return
	}
	s.signedIn(w, r, res)
}

// passkeyFactor is the second step answered with a passkey. Its ceremony
// is used up whatever the outcome: on a failure the user signs in again.
func (s *server) passkeyFactor(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pending(w, r)
	if !ok {
		return
	}
	res, err := s.loginAs(r, auth.LoginRequest{Username: p.Username, Password: p.Password, Passkey: []byte(r.PostForm.Get("passkey"))})
	if err != nil {
		s.setCookie(w, s.pendingName(), "", -1)
		s.render(w, r, statusOf(err), "signin.html", nil, signInPage{Username: p.Username, Error: errorText(err)})
		return
	}
	s.signedIn(w, r, res)
}

// passkeysPage is what passkeys.html shows.
type passkeysPage struct {
	Passkeys []auth.Passkey
	Error    string
	// RecoveryCodes are shown once, after a first passkey.
	RecoveryCodes []string
}

// passkeysPage lists the user's passkeys.
func (s *server) passkeysPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.renderPasskeys(w, r, p, http.StatusOK, "")
}

// renderPasskeys shows the user's passkeys with a message, if any.
func (s *server) renderPasskeys(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, msg string) {
	list, err := s.cfg.Auth.Passkeys(r.Context(), p, p.AccountID)
	if err != nil {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, status, "passkeys.html", p, passkeysPage{Passkeys: list, Error: msg})
}

// passkeyOptions begins adding a passkey.
func (s *server) passkeyOptions(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	opts, err := s.cfg.Auth.BeginPasskeyRegistration(r.Context(), p, r.PostForm.Get("current_password"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeOptions(w, opts)
}

// addPasskey stores the authenticator's new passkey under its name. A
// first second factor comes with recovery codes, shown this once.
func (s *server) addPasskey(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	_, codes, err := s.cfg.Auth.FinishPasskeyRegistration(r.Context(), p, r.PostForm.Get("name"), []byte(r.PostForm.Get("passkey")))
	if err != nil || len(codes) == 0 {
		s.afterPasskeyChange(w, r, p, err)
		return
	}
	list, err := s.cfg.Auth.Passkeys(r.Context(), p, p.AccountID)
	if err != nil {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "passkeys.html", p, passkeysPage{Passkeys: list, RecoveryCodes: codes})
}

func (s *server) renamePasskey(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	_, err := s.cfg.Auth.RenamePasskey(r.Context(), p, r.PathValue("id"), r.PostForm.Get("name"))
	s.afterPasskeyChange(w, r, p, err)
}

// removePasskey removes one of the user's passkeys: a sign-in older than
// the SDK allows is told to sign in again.
func (s *server) removePasskey(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.afterPasskeyChange(w, r, p, s.cfg.Auth.RemovePasskey(r.Context(), p, r.PathValue("id")))
}

// afterPasskeyChange goes back to the list, saying what went wrong, if
// anything.
func (s *server) afterPasskeyChange(w http.ResponseWriter, r *http.Request, p *auth.Principal, err error) {
	switch carenet.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/passkeys", http.StatusSeeOther)
	case carenet.Internal:
		s.renderError(w, r, p, err)
	default:
		s.renderPasskeys(w, r, p, statusOf(err), errorText(err))
	}
}
