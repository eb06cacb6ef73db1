package main

import (
	"context"
	"crypto/rand"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// Config wires the server to the SDK's services and the host's storage.
type Config struct {
	// Auth logs users in and authenticates every request's session.
	Auth *auth.Service
	// Videos serves My Videos, access tickets and their verification.
	Videos *video.Service
	// Referrals serves My Referrals, submissions and the intake queue.
	Referrals *referral.Service
	// Blobs holds the video files, by Video.StorageKey.
	Blobs BlobStore
	// Cases is the host's case system, for the client list (clients.go);
	// nil lists none.
	Cases CaseList
	// SecureCookie sets the session cookie's Secure flag (and names it
	// with the __Host- prefix). Turn it off only to try the server over
	// plain HTTP.
	SecureCookie bool
	// TokenInBody also returns the session token in the login answer, for
	// API clients that send it as "Authorization: Bearer <token>". A
	// browser-only host leaves it off, so scripts never see the token.
	TokenInBody bool
	// MaxBodyBytes caps every request body (DefaultMaxBodyBytes when 0).
	MaxBodyBytes int64
	// Log receives internal errors; nil discards them.
	Log *slog.Logger
}

// server holds the configuration the handlers share. It has no other
// state: everything lives in the SDK's store and the blob store.
type server struct {
	cfg Config
	log *slog.Logger
	// pages are the HTML pages, parsed once (pages.go).
	pages map[string]*template.Template
	// csrfKey derives the pages' CSRF tokens; sealKey seals a sign-in
	// waiting for its one-time code. Both are fresh random bytes, so they
	// die with the process, as its access-ticket key does.
	csrfKey, sealKey []byte
}

// newServer checks cfg and returns the portal's HTTP handler.
func newServer(cfg Config) (http.Handler, error) {
	var p carenet.Problems
	if cfg.Auth == nil {
		p.Add("Auth", carenet.RuleRequired, "is required")
	}
	if cfg.Videos == nil {
		p.Add("Videos", carenet.RuleRequired, "is required")
	}
	if cfg.Referrals == nil {
		p.Add("Referrals", carenet.RuleRequired, "is required")
	}
	if cfg.Blobs == nil {
		p.Add("Blobs", carenet.RuleRequired, "is required")
	}
	if cfg.MaxBodyBytes < 0 {
		p.Add("MaxBodyBytes", carenet.RuleRange, "must not be negative")
	}
	if err := p.Err(); err != nil {
		return nil, carenet.E("portalserver.newServer", carenet.Invalid, "", err)
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, log: cfg.Log, pages: pages, csrfKey: make([]byte, 32), sealKey: make([]byte, 32)}
	_, _ = rand.Read(s.csrfKey) // crypto/rand.Read never fails (it panics).
	_, _ = rand.Read(s.sealKey)
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/login", s.login)
	mux.HandleFunc("POST /api/logout", s.logout)
	mux.Handle("GET /api/me", s.authed(s.me))
	mux.Handle("GET /api/clients", s.authed(s.clients))

	mux.Handle("GET /api/videos", s.authed(s.myVideos))
	mux.Handle("POST /api/videos/shares/{share}/access", s.authed(s.requestAccess))
	mux.HandleFunc("GET /api/videos/view", s.stream(video.View))
	mux.HandleFunc("GET /api/videos/download", s.stream(video.Download))

	mux.Handle("GET /api/referrals", s.authed(s.myReferrals))
	mux.Handle("POST /api/referrals", s.authed(s.submitReferral))
	mux.Handle("GET /api/referrals/{id}", s.authed(s.myReferral))

	mux.Handle("GET /api/intake", s.authed(s.intakeQueue))
	mux.Handle("GET /api/intake/{id}", s.authed(s.intakeOpen))
	mux.Handle("POST /api/intake/{id}/review", s.authed(s.intakeReview()))
	mux.Handle("POST /api/intake/{id}/request-info", s.authed(s.intakeRequestInfo()))
	mux.Handle("POST /api/intake/{id}/reject", s.authed(s.intakeReject()))
	mux.Handle("POST /api/intake/{id}/accept", s.authed(s.intakeAccept()))

	s.routePages(mux)
	return s.guard(s.unrouted(mux)), nil
}

// guard sets the headers every answer carries and turns a panic in a
// handler into a generic 500.
func (s *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, r, carenet.Errorf(carenet.Internal, "panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// errNoSession answers a request that carries no session token.
var errNoSession = &carenet.Error{Code: carenet.Unauthenticated, Op: "portalserver", Message: "log in first"}

// authedHandler is a handler for an authenticated caller.
type authedHandler func(w http.ResponseWriter, r *http.Request, p *auth.Principal)

// authed authenticates the request's session through auth.Service on
// every call, so a logout, a deactivation or a changed permission set
// takes effect at once, and passes the principal on.
func (s *server) authed(h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.principal(r.Context(), r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h(w, r, p)
	})
}

// principal authenticates the request's session token.
func (s *server) principal(ctx context.Context, r *http.Request) (*auth.Principal, error) {
	token, err := s.sessionToken(r)
	if err != nil {
		return nil, err
	}
	return s.cfg.Auth.Authenticate(ctx, token)
}

// sessionToken is the token of "Authorization: Bearer <token>", or else
// of the session cookie. Another authorization scheme is refused.
func (s *server) sessionToken(r *http.Request) (string, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return "", auth.ErrSessionInvalid
		}
		return strings.TrimSpace(token), nil
	}
	c, err := r.Cookie(s.cookieName())
	if errors.Is(err, http.ErrNoCookie) || (err == nil && c.Value == "") {
		return "", errNoSession
	}
	if err != nil {
		return "", auth.ErrSessionInvalid
	}
	return c.Value, nil
}
