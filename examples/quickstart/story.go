package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// backend is what the story needs of a store: the transaction boundary of
// each package it uses. *memory.Store and *postgres.Store both have it.
type backend interface {
	Auth() auth.Store
	Personnel() personnel.Store
	Audit() carenet.Transactor[audit.Tx]
	Video() video.Store
	Referral() referral.Store
}

// storyStart is the moment the story begins, on the story's own clock.
var storyStart = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

// errNotEmpty is tell's error for a store that already holds events: the
// story creates its cast with fixed usernames and counts on an empty log.
var errNotEmpty = errors.New("the store is not empty: the story needs a store of its own (a new database)")

// tell tells the story over stores, writing the transcript to w. The store
// must be empty (errNotEmpty otherwise). tell returns nil only if every step
// behaved as expected; the error names the first step that did not.
func tell(ctx context.Context, w io.Writer, stores backend, opts ...option) error {
	c, err := newCast(w, stores, opts...)
	if err != nil {
		return err
	}
	first, err := c.audit.List(ctx, audit.Filter{Limit: 1})
	if err != nil {
		return step("read the audit log", err)
	}
	if len(first) > 0 {
		return errNotEmpty
	}
	// Each chapter is a moment of the centre's life, a few minutes after
	// the one before; its staff requests start afresh.
	for i, chapter := range []func(context.Context) error{
		c.setUp,
		c.hire,
		c.portalUsers,
		c.referral,
		c.video,
		c.endDate,
		c.deleteUsed,
		c.custody,
		c.auditChain,
	} {
		if i > 0 {
			c.clock.Advance(3 * time.Minute)
			if err := c.staff(ctx); err != nil {
				return err
			}
		}
		if err := chapter(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nAll %d steps behaved as expected.\n", c.step)
	return nil
}

// cast is the story's services, its people and what they made, and the
// transcript.
type cast struct {
	w    io.Writer
	step int

	clock     *carenet.ManualClock
	logger    *slog.Logger
	observer  carenet.Observer
	auth      *auth.Service
	people    *personnel.Service
	audit     *audit.Service
	referrals *referral.Service
	videos    *video.Service
	intake    *intake

	// names maps person IDs to display names, for the custody report;
	// personIDs maps usernames to person IDs.
	names     map[string]string
	personIDs map[string]string

	// tokens are the session tokens of the users logged in, by username.
	tokens map[string]string
	// ada is the administrator, sam the staff member, as of their last
	// request (see as).
	ada, sam *auth.Principal
	// advocates and partners are the security groups Ada creates.
	advocates, partners auth.SecurityGroup
	// ivy is the intern; ivyToken her session before her end date.
	ivy      personnel.Profile
	ivyToken string
	// interviewCase is the case the referral was accepted into;
	// interview is the video Sam records for it.
	interviewCase string
	interview     video.Video
}

// Passwords of the story. Every user but the administrator has the same.
const (
	adminPassword = "granite-orchard-lantern-7"
	userPassword  = "harbor-velvet-compass-42"
)

func newCast(w io.Writer, stores backend, opts ...option) (*cast, error) {
	c := &cast{
		w:         w,
		clock:     carenet.NewManualClock(storyStart),
		names:     map[string]string{},
		personIDs: map[string]string{},
		tokens:    map[string]string{},
	}
	for _, o := range opts {
		o(c)
	}
	c.intake = newIntake(c.clock)
	var err error
	if c.auth, err = auth.NewService(stores.Auth(), auth.Config{Clock: c.clock, Logger: c.logger, Observer: c.observer}); err != nil {
		return nil, err
	}
	c.audit = audit.NewService(stores.Audit())
	c.referrals = referral.NewService(stores.Referral(), referral.Config{Clock: c.clock, Intake: c.intake, Logger: c.logger, Observer: c.observer})
	// A host loads its ticket keys from its secret store; the story makes
	// one for its run.
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	c.videos, err = video.NewService(stores.Video(), video.Config{
		Clock:    c.clock,
		Logger:   c.logger,
		Observer: c.observer,
		Tickets:  video.TicketConfig{KeyID: "story", Keys: map[string][]byte{"story": key}},
	})
	if err != nil {
		return nil, err
	}
	// A deactivation revokes every video share the person holds.
	c.people = personnel.NewService(stores.Personnel(), c.auth, personnel.Config{Clock: c.clock,
		Logger: c.logger, Observer: c.observer,
		OnDeactivate: []personnel.DeactivateHook{c.videos}})
	return c, nil
}

// section starts a part of the transcript.
func (c *cast) section(title string) { fmt.Fprintf(c.w, "\n== %s\n", title) }

// ok prints a step that behaved as expected.
func (c *cast) ok(format string, args ...any) {
	c.step++
	fmt.Fprintf(c.w, "  %2d. %s\n", c.step, fmt.Sprintf(format, args...))
}

// note prints a line under the last step.
func (c *cast) note(format string, args ...any) {
	fmt.Fprintf(c.w, "        %s\n", fmt.Sprintf(format, args...))
}

// expect returns an error saying what went wrong unless cond holds.
func expect(cond bool, format string, args ...any) error {
	if !cond {
		return fmt.Errorf(format, args...)
	}
	return nil
}

// step wraps err with what the story was doing.
func step(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// login logs a user in with their password and keeps their session token.
func (c *cast) login(ctx context.Context, username, password string) (*auth.LoginResult, error) {
	res, err := c.auth.Login(ctx, auth.LoginRequest{Username: username, Password: password})
	if err != nil {
		return nil, step(username+" logs in", err)
	}
	c.tokens[strings.ToLower(username)] = res.Token
	return res, nil
}

// reauthenticate signs a logged-in user in again in the session they have
// open, as a host does when a sensitive action answers
// carenet.ReauthenticationRequired, and returns their renewed principal.
func (c *cast) reauthenticate(ctx context.Context, username, password string) (*auth.Principal, error) {
	p, err := c.auth.Reauthenticate(ctx, auth.ReauthRequest{Token: c.tokens[username], Password: password})
	return p, step(username+" signs in again", err)
}

// as is a request by a logged-in user: as a host does on every request, it
// authenticates their session token afresh.
func (c *cast) as(ctx context.Context, username string) (*auth.Principal, error) {
	p, err := c.auth.Authenticate(ctx, c.tokens[username])
	return p, step(username+"'s session", err)
}

// staff starts a request by each staff member logged in: Ada, and Sam
// once he is. One whose session went idle logs in again.
func (c *cast) staff(ctx context.Context) error {
	var err error
	if c.ada, err = c.request(ctx, "ada", adminPassword); err != nil {
		return err
	}
	if _, ok := c.tokens["srivera"]; ok {
		c.sam, err = c.request(ctx, "srivera", userPassword)
	}
	return err
}

// request authenticates a user's session, logging them in again if it has
// ended.
func (c *cast) request(ctx context.Context, username, password string) (*auth.Principal, error) {
	p, err := c.auth.Authenticate(ctx, c.tokens[username])
	if carenet.ErrorCode(err) == carenet.Unauthenticated {
		res, err := c.login(ctx, username, password)
		if err != nil {
			return nil, err
		}
		return res.Principal, nil
	}
	return p, step(username+"'s session", err)
}

// name returns a person's display name for the transcript.
func (c *cast) name(personID string) string {
	if n, ok := c.names[personID]; ok {
		return n
	}
	if personID == "" {
		return "(system)"
	}
	return personID
}
