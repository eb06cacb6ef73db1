// Command portalserver shows how a host wires the SDK to HTTP: a small
// JSON server for the portal of a Children's Advocacy Center on the
// embedded memory store, with the same portal as HTML pages for people in
// a browser (pages.go), seeded with an administrator, a staff member, a
// portal user of each designation, two shared interview videos and a
// referral.
//
//	go run ./examples/portalserver [-addr 127.0.0.1:8080] [-secure-cookie=false]
//
// It prints the seeded users and their random passwords, then serves:
//
//	POST /api/login                         {"username","password","totp_code"? | "passkey"?} → session cookie (+ token)
//	POST /api/logout                        revokes the session
//	GET  /api/me                            landing page, tabs, capabilities, permissions
//	GET  /api/videos                        My Videos, with the viewer agreement
//	POST /api/videos/shares/{share}/access  {"action":"view"|"download","agreement":digest} → access ticket
//	GET  /api/videos/view?ticket=…          streams the video (ranges served)
//	GET  /api/videos/download?ticket=…      downloads it
//	GET  /api/referrals                     My Referrals (?statuses=&limit=&cursor=)
//	POST /api/referrals                     submit a referral (a referral.Form; Idempotency-Key header)
//	GET  /api/referrals/{id}                open one of mine
//	GET  /api/intake                        the staff intake queue (?statuses=&kinds=&agency=&urgency=…)
//	GET  /api/intake/{id}                   open a referral
//	POST /api/intake/{id}/review            {"version"}
//	POST /api/intake/{id}/request-info      {"version","message"}
//	POST /api/intake/{id}/reject            {"version","reason"}
//	POST /api/intake/{id}/accept            {"version","case_id"} or {"version","new_case":true}
//
// A login whose account has a second factor answers 401 with
// "second_factor_required" (and, for an account with passkeys, "passkey":
// the ceremony to answer); send it again with the code or the passkey's
// answer.
//
// Authenticate with the session cookie or "Authorization: Bearer <token>".
// Errors are JSON: {"error":{"code","message","problems"?}}, with the
// status errors.go maps the SDK's code to; so are an unknown /api/ path
// (404) and a method a path does not take (405, with Allow).
//
// In a browser, open http://127.0.0.1:8080/ and sign in (with
// -secure-cookie=false over plain HTTP): the Dashboard, My Videos, My
// Referrals and the Portal button, each as the user's portal access gives
// them. The pages' forms carry a per-session CSRF token. At
// http://localhost:8080/ (WebAuthn takes a domain, not an address) the
// Passkeys page adds passkeys, and the sign-in page signs in with one.
//
// Try it with curl:
//
//	curl -s -XPOST localhost:8080/api/login -H 'Content-Type: application/json' \
//	     -d '{"username":"rokafor","password":"<printed>"}'
//	curl -s localhost:8080/api/me -H 'Authorization: Bearer <token>'
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	var opts options
	flag.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "address to listen on")
	flag.BoolVar(&opts.secureCookie, "secure-cookie", true, "set the session cookie's Secure flag; turn off to use the cookie over plain HTTP")
	flag.BoolVar(&opts.tokenInBody, "token-in-body", false, "also return the session token in the login answer, for bearer-token clients such as curl (off: a token page scripts can read undoes the HttpOnly cookie)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts.log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(ctx, opts, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portalserver:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	addr         string
	secureCookie bool
	tokenInBody  bool
	log          *slog.Logger
	// app tunes the services (tests use a fast password hasher).
	app appConfig
	// ready, if set, is called once the server listens.
	ready func(addr net.Addr, s *seeded)
}

// run seeds a memory store, prints what it seeded and serves until ctx
// ends, then shuts down gracefully.
func run(ctx context.Context, opts options, w io.Writer) error {
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if opts.app.Origins == nil {
		// Passkeys work on the pages at localhost, on the port listened on.
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		opts.app.Origins = []string{"http://localhost:" + port, "https://localhost:" + port}
	}
	a, err := newApp(opts.app)
	if err != nil {
		return err
	}
	s, err := seed(ctx, a)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	h, err := a.handler(opts.secureCookie, opts.tokenInBody, opts.log)
	if err != nil {
		return err
	}
	printSeeded(w, s, ln.Addr(), opts.secureCookie)
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		// No WriteTimeout: a download of a long interview may take a while.
	}
	if opts.ready != nil {
		opts.ready(ln.Addr(), s)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(w, "stopped")
	return nil
}

// printSeeded lists the users, passwords and shares seed made.
func printSeeded(w io.Writer, s *seeded, addr net.Addr, secureCookie bool) {
	fmt.Fprintln(w, "Seeded users (passwords are new on every start):")
	for _, u := range s.Users {
		fmt.Fprintf(w, "  %-9s password %s  %s\n", u.Username, u.Password, u.Role)
	}
	fmt.Fprintln(w, "Seeded video shares:")
	for _, sh := range s.Shares {
		fmt.Fprintf(w, "  share %s  %q with %s (%s)\n", sh.ShareID, sh.Title, sh.Grantee, sh.Mode)
	}
	fmt.Fprintf(w, "Seeded referral %s, submitted by rokafor\n", s.ReferralID)
	if !secureCookie {
		fmt.Fprintln(w, "The session cookie is sent without the Secure flag: use this only for local trials.")
	}
	fmt.Fprintf(w, "Listening on http://%s\n", addr)
	fmt.Fprintf(w, "Sign in with a browser at http://%s/signin\n", addr)
	if _, port, err := net.SplitHostPort(addr.String()); err == nil {
		fmt.Fprintf(w, "Passkeys (WebAuthn takes a domain, not an address) work at http://localhost:%s/signin\n", port)
	}
}
