package main

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// The HTML portal: the pages a person uses in a browser, beside the JSON
// API and over the same SDK calls. Pages are html/template files embedded
// in the binary; html/template escapes everything it prints for where it
// prints it. The pages that run passkey ceremonies load one script, the
// site's own /passkey.js (WebAuthn is a browser API: it has no form); the
// Content-Security-Policy of every other page allows no script at all, and
// theirs allows that file alone, with no inline script.
//
//	GET  /                               where the user lands (Dashboard or CareNet)
//	GET  /signin, POST /signin           sign-in; POST /signin/code for the one-time code
//	POST /signin/passkey                 sign-in with a passkey alone (options: POST /signin/passkey/options)
//	POST /signin/passkey-factor          a passkey in place of the one-time code
//	GET  /passkeys                       the user's passkeys; POST /passkeys (options: POST /passkeys/options),
//	                                     POST /passkeys/{id}/rename, POST /passkeys/{id}/remove
//	POST /signout                        sign out
//	GET  /portal                         Dashboard
//	GET  /portal/videos                  My Videos; POST /portal/videos/{share}/{view|download}
//	GET  /portal/referrals               My Referrals; GET /portal/referrals/{id}
//	GET  /portal/referrals/new?kind=le   a new LE or CPS referral; POST /portal/referrals
//	GET  /carenet                        the CareNet staff side

//go:embed templates/*.html templates/portal.css templates/passkey.js
var templateFiles embed.FS

// pageCSP is the Content-Security-Policy of every page: nothing but the
// site's own style sheet and media, forms posted only to the site, never
// framed, no scripts at all.
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// scriptCSP is the Content-Security-Policy of the pages in scriptPages:
// pageCSP, and the site's own scripts (no inline one), which may call the
// site alone.
const scriptCSP = pageCSP + "; script-src 'self'; connect-src 'self'"

// scriptPages are the pages that load /passkey.js.
var scriptPages = map[string]bool{"signin.html": true, "signin_code.html": true, "passkeys.html": true}

// maxFormBytes caps a page's form; a referral's narrative fits easily.
const maxFormBytes = 256 << 10

// parsePages parses each page with the layout it fills in.
func parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"words": words,
		"day":   func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
		"when":  func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 MST") },
		"kind":  func(k referral.Kind) string { return strings.ToUpper(string(k)) },
		"child": func(r referral.Referral) string {
			if len(r.Children) == 0 {
				return "no child named"
			}
			return strings.TrimSpace(r.Children[0].GivenName + " " + r.Children[0].FamilyName)
		},
		"lastMessage": func(r referral.Referral) string {
			for i := len(r.History) - 1; i >= 0; i-- {
				if m := r.History[i].Message; m != "" {
					return m
				}
			}
			return ""
		},
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimPrefix(n, "templates/")
		if name == "layout.html" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", n)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// words turns a stable name ("under_review") into words ("under review").
func words(name any) string {
	return strings.ReplaceAll(fmt.Sprint(name), "_", " ")
}

// routePages adds the pages to mux.
func (s *server) routePages(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.page(s.home))
	mux.HandleFunc("GET /portal.css", s.styleSheet)
	mux.HandleFunc("GET /passkey.js", s.passkeyScript)
	mux.HandleFunc("GET /signin", s.signInForm)
	mux.Handle("POST /signin", s.form(http.HandlerFunc(s.signIn)))
	mux.Handle("POST /signin/code", s.form(http.HandlerFunc(s.signInCode)))
	mux.Handle("POST /signout", s.form(http.HandlerFunc(s.signOut)))
	s.routePasskeys(mux)

	mux.Handle("GET /portal", s.page(s.dashboard))
	mux.Handle("GET /portal/videos", s.page(s.videosPage))
	mux.Handle("POST /portal/videos/{share}/{action}", s.form(s.page(s.videoAccess)))
	mux.Handle("GET /portal/referrals", s.page(s.referralsPage))
	mux.Handle("GET /portal/referrals/new", s.page(s.newReferralPage))
	mux.Handle("POST /portal/referrals", s.form(s.page(s.submitReferralPage)))
	mux.Handle("GET /portal/referrals/{id}", s.page(s.referralPage))
	mux.Handle("GET /carenet", s.page(s.careNetPage))
}

// styleSheet serves the pages' one style sheet.
func (s *server) styleSheet(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, templateFiles, "templates/portal.css")
}

// page authenticates a page's request by its session cookie, as authed
// does for the API, and sends a browser without a session to sign in.
func (s *server) page(h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p *auth.Principal
		c, err := r.Cookie(s.cookieName())
		if err == nil && c.Value != "" {
			p, err = s.cfg.Auth.Authenticate(r.Context(), c.Value)
		}
		if err != nil || p == nil {
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		h(w, r, p)
	})
}

// form reads a page's posted form and refuses it, changing nothing, when
// it lacks the session's CSRF token.
func (s *server) form(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.renderError(w, r, nil, invalid("body", carenet.RuleFormat, "the form could not be read"))
			return
		}
		if !s.checkCSRF(r) {
			s.renderError(w, r, nil, errCSRF)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// errCSRF refuses a form posted without this session's token.
var errCSRF = &carenet.Error{Code: carenet.Forbidden, Op: "portalserver", Message: "this form did not come from this session; reload the page and try again"}

// view is what every page's layout gets.
type view struct {
	// Me is the signed-in user; nil on the sign-in pages.
	Me *auth.Principal
	// Tabs are the portal tabs the user sees, on the portal side.
	Tabs []tabLink
	// Switch is the Portal button, for a user with CareNet Access: it
	// leads to the other side.
	Switch *tabLink
	// CSRF is the token every form of the page posts back.
	CSRF string
	// Script says the page loads /passkey.js.
	Script bool
	// Data is the page's own.
	Data any
}

// tabLink is a link in the page's header.
type tabLink struct {
	Name, Path string
	Current    bool
}

// tabPaths are where the portal's tabs lead.
var tabPaths = map[portal.Tab]string{
	portal.TabDashboard:   "/portal",
	portal.TabMyVideos:    "/portal/videos",
	portal.TabMyReferrals: "/portal/referrals",
}

// render answers with the page name filled with data for p (nil before
// sign-in).
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *auth.Principal, data any) {
	v := view{Me: p, Data: data, Script: scriptPages[name]}
	if p == nil {
		v.CSRF = s.csrfToken(s.ensurePreSession(w, r))
	} else {
		v.CSRF = s.csrfToken(s.csrfBinding(r))
		v.Tabs, v.Switch = navigation(p, r.URL.Path)
	}
	t, ok := s.pages[name]
	if !ok {
		s.writeError(w, r, carenet.Errorf(carenet.Internal, "no page %q", name))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if v.Script {
		h.Set("Content-Security-Policy", scriptCSP)
	} else {
		h.Set("Content-Security-Policy", pageCSP)
	}
	w.WriteHeader(status)
	if err := t.ExecuteTemplate(w, "layout", v); err != nil {
		// The status is sent; the page is cut short.
		s.log.ErrorContext(r.Context(), "render page", "page", name, "error", err.Error())
	}
}

// navigation is the header of a page at path for p: the portal tabs on the
// portal side, and the Portal button to the other side when p has it.
func navigation(p *auth.Principal, path string) ([]tabLink, *tabLink) {
	onPortal := strings.HasPrefix(path, "/portal")
	var tabs []tabLink
	if onPortal {
		for _, t := range p.Portal.Tabs.List() {
			to := tabPaths[t]
			current := path == to || (to != "/portal" && strings.HasPrefix(path, to+"/"))
			tabs = append(tabs, tabLink{Name: t.String(), Path: to, Current: current})
		}
	}
	if !p.Portal.Has(portal.SwitchPortalCareNet) {
		return tabs, nil
	}
	if onPortal {
		return tabs, &tabLink{Name: "CareNet", Path: "/carenet"}
	}
	return tabs, &tabLink{Name: "Portal", Path: "/portal"}
}

// errorPage is what error.html shows.
type errorPage struct {
	Status  int
	Message string
}

// renderError answers with a page saying why, with the status errors.go
// maps err's code to; an internal error is logged and shown generically,
// as for the API.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, p *auth.Principal, err error) {
	if carenet.ErrorCode(err) == carenet.Internal {
		s.log.ErrorContext(r.Context(), "page failed", "method", r.Method, "path", r.URL.Path, "error", err.Error())
	}
	status := statusOf(err)
	s.render(w, r, status, "error.html", p, errorPage{Status: status, Message: carenet.ErrorMessage(err)})
}

// errorText is err in words safe to show, with each problem of an
// invalid input.
func errorText(err error) string {
	msg := carenet.ErrorMessage(err)
	if v := carenet.Validation(err); v != nil {
		for _, p := range v.Problems {
			msg += "; " + p.Field + " " + p.Message
		}
	}
	return msg
}

// home sends the user where they land: the Dashboard, or CareNet for a
// staff user without the portal.
func (s *server) home(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	switch p.Portal.Landing {
	case portal.LandingDashboard:
		http.Redirect(w, r, "/portal", http.StatusSeeOther)
	case portal.LandingCareNet:
		http.Redirect(w, r, "/carenet", http.StatusSeeOther)
	default:
		s.renderError(w, r, p, errNoAccess)
	}
}

// errNoAccess answers a user the portal gives nothing.
var errNoAccess = &carenet.Error{Code: carenet.Forbidden, Op: "portalserver", Message: "your account has no access to the portal or to CareNet"}

// dashboard is the tab every portal user lands on.
func (s *server) dashboard(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if err := p.RequireCapability(portal.UsePortal); err != nil {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard.html", p, meOf(p))
}

// careNetPage stands for the full CareNet program, the staff side: this
// example shows only who the user is and what they may do there.
func (s *server) careNetPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if err := p.RequireCapability(portal.UseCareNet); err != nil {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "carenet.html", p, meOf(p))
}
