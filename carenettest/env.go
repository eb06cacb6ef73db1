package carenettest

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// TB is what the kit needs of a test: *testing.T, *testing.B and
// *testing.F satisfy it, and so does a Harness outside tests. It holds
// what testify's require and assert call too (Errorf, FailNow), so a test
// may pass an Env's T to them.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
	FailNow()
	Cleanup(func())
}

// Store is what an Env runs on: every package's transaction boundary over
// one store. *memory.Store and *postgres.Store are both Stores.
type Store interface {
	Audit() carenet.Transactor[audit.Tx]
	Auth() auth.Store
	Personnel() personnel.Store
	Referral() referral.Store
	Video() video.Store
	AccessReview() accessreview.Store
}

var (
	_ Store = (*memory.Store)(nil)
	_ Store = (*postgres.Store)(nil)
)

// Start is the time an Env's clock starts at, unless StartingAt says
// otherwise.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Password is the password of every user the builders make, the
// administrator's included.
const Password = "correct horse battery staple"

// AdminUsername is the username of the administrator every Env starts
// with.
const AdminUsername = "admin"

// FastHasher hashes with tiny argon2id parameters so tests that log in
// often stay fast; every Env's auth service uses it. A test that wires a
// service of its own may use it too. Never for a deployment.
var FastHasher = password.Hasher{Params: password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}

// ticketKey signs the Env's video tickets: fixed, so a test may verify a
// ticket with a Ticketer of its own.
var ticketKey = []byte("carenettest-ticket-key-32-bytes!")

// Env is a ready environment: a store, the services over it on a manual
// clock with predictable IDs, and a logged-in administrator.
type Env struct {
	// T is the test the Env belongs to; builders fail it when a call is
	// refused.
	T TB
	// Ctx is the context builders call the services with.
	Ctx context.Context
	// Clock is the services' clock; Advance it to let time pass.
	Clock *carenet.ManualClock
	// Store is the store the services run on.
	Store Store

	// Auth is the auth service: logins, sessions, security groups.
	Auth *auth.Service
	// Personnel is the personnel service: profiles and portal access.
	Personnel *personnel.Service
	// Referrals is the referral service, with Cases as its intake hook.
	Referrals *referral.Service
	// Videos is the video service, signing tickets with a fixed key.
	Videos *video.Service
	// Audit reads and verifies the audit log.
	Audit *audit.Service

	// Cases is the host's case system the referral service calls when a
	// referral is accepted into a new case (unless WithIntake gave it
	// another).
	Cases *Cases

	// Admin is the administrator every Env starts with, logged in.
	Admin User

	seq    map[string]int
	groups map[string]string
}

// config is what the options set.
type config struct {
	postgres  string
	memory    bool
	store     Store
	start     time.Time
	intake    referral.IntakeHook
	auth      []func(*auth.Config)
	video     []func(*video.Config)
	personnel []func(*personnel.Config)
	referral  []func(*referral.Config)
	noRevoke  bool
}

// Option changes how New builds an Env.
type Option func(*config)

// OnPostgres runs the Env on a new PostgreSQL database on the server
// serverURL names (a postgres:// URL of any database the user may connect
// to, such as postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable),
// whatever StoreEnv says. New creates the database with a random name and
// migrates it; it is dropped when the test ends. The user needs the
// CREATEDB privilege.
func OnPostgres(serverURL string) Option {
	return func(c *config) { c.postgres, c.memory, c.store = serverURL, false, nil }
}

// OnMemory runs the Env on the memory store, whatever StoreEnv says.
func OnMemory() Option {
	return func(c *config) { c.postgres, c.memory, c.store = "", true, nil }
}

// OnStore runs the Env on s, whatever StoreEnv says: a store the test
// made itself, such as a host's own store or one opened with options of
// its own. s must be empty but for the built-in security groups, as a new
// store is; the test closes it.
func OnStore(s Store) Option {
	return func(c *config) { c.postgres, c.memory, c.store = "", false, s }
}

// StartingAt starts the Env's clock at t instead of Start.
func StartingAt(t time.Time) Option {
	return func(c *config) { c.start = t }
}

// WithAuthConfig changes the auth service's configuration before it is
// made. The clock, IDs and fast hasher are set already; f may change them.
func WithAuthConfig(f func(*auth.Config)) Option {
	return func(c *config) { c.auth = append(c.auth, f) }
}

// WithVideoConfig changes the video service's configuration before it is
// made (an agreement text, share durations).
func WithVideoConfig(f func(*video.Config)) Option {
	return func(c *config) { c.video = append(c.video, f) }
}

// WithPersonnelConfig changes the personnel service's configuration
// before it is made. The clock, IDs and the deactivate hook that revokes
// the person's video shares (the Env's Videos) are set already; f may
// change them.
func WithPersonnelConfig(f func(*personnel.Config)) Option {
	return func(c *config) { c.personnel = append(c.personnel, f) }
}

// WithoutShareRevocation leaves a person's video shares alone when they
// are deactivated, as in a host that does not give personnel the video
// service's deactivate hook: the shares stay, and the video service
// refuses them at the moment of use because their grantee has lost
// access.
func WithoutShareRevocation() Option {
	return func(c *config) { c.noRevoke = true }
}

// WithReferences gives the personnel service the host's reference finder:
// what a deactivation reports someone must take over, and what keeps a
// person from being deleted.
func WithReferences(r personnel.ReferenceFinder) Option {
	return WithPersonnelConfig(func(pc *personnel.Config) { pc.References = r })
}

// WithDeactivateHook adds a hook every deactivation runs in its
// transaction, after the one that revokes the person's video shares
// (unless WithoutShareRevocation says there is none).
func WithDeactivateHook(h personnel.DeactivateHook) Option {
	return WithPersonnelConfig(func(pc *personnel.Config) { pc.OnDeactivate = append(pc.OnDeactivate, h) })
}

// WithReferralConfig changes the referral service's configuration before
// it is made. The clock, IDs and intake hook (Cases, or what WithIntake
// gave) are set already; f may change them.
func WithReferralConfig(f func(*referral.Config)) Option {
	return func(c *config) { c.referral = append(c.referral, f) }
}

// WithIntake replaces the Env's case system (Cases) with the host's own
// referral.IntakeHook.
func WithIntake(h referral.IntakeHook) Option {
	return func(c *config) { c.intake = h }
}

// New builds an Env for t: an empty store (the one StoreEnv picks, the
// memory store by default, unless OnPostgres, OnMemory or OnStore says),
// every service over it and an administrator logged in. It fails t if any of it
// cannot be made.
func New(t TB, opts ...Option) *Env {
	t.Helper()
	c := &config{start: Start}
	for _, o := range opts {
		o(c)
	}
	clock := carenet.NewManualClock(c.start)
	e := &Env{T: t, Ctx: context.Background(), Clock: clock, Cases: NewCases(), seq: map[string]int{}, groups: map[string]string{}}
	switch {
	case c.store != nil:
		e.Store = c.store
	case c.postgres != "":
		e.Store = openPostgres(t, c.postgres)
	case c.memory:
		e.Store = memory.New()
	default:
		e.Store = NewStore(t)
	}

	ac := auth.Config{Clock: clock, IDs: carenet.SequentialIDs("auth"), Hasher: FastHasher}
	for _, f := range c.auth {
		f(&ac)
	}
	vc := video.Config{Clock: clock, IDs: carenet.SequentialIDs("video"),
		Tickets: video.TicketConfig{KeyID: "carenettest", Keys: map[string][]byte{"carenettest": ticketKey}}}
	for _, f := range c.video {
		f(&vc)
	}
	rc := referral.Config{Clock: clock, IDs: carenet.SequentialIDs("referral"), Intake: e.Cases}
	if c.intake != nil {
		rc.Intake = c.intake
	}
	for _, f := range c.referral {
		f(&rc)
	}
	var err error
	if e.Auth, err = auth.NewService(e.Store.Auth(), ac); err != nil {
		t.Fatalf("carenettest: auth.NewService: %v", err)
	}
	e.Referrals = referral.NewService(e.Store.Referral(), rc)
	if e.Videos, err = video.NewService(e.Store.Video(), vc); err != nil {
		t.Fatalf("carenettest: video.NewService: %v", err)
	}
	// As a host wires it: a deactivation revokes every video share the
	// person holds.
	pc := personnel.Config{Clock: clock, IDs: carenet.SequentialIDs("person"), OnDeactivate: []personnel.DeactivateHook{e.Videos}}
	if c.noRevoke {
		pc.OnDeactivate = nil
	}
	for _, f := range c.personnel {
		f(&pc)
	}
	e.Personnel = personnel.NewService(e.Store.Personnel(), e.Auth, pc)
	e.Audit = audit.NewService(e.Store.Audit())

	created, err := e.Personnel.CreateAdministrator(e.Ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: AdminUsername, Password: Password},
	})
	if err != nil {
		t.Fatalf("carenettest: create the administrator: %v", err)
	}
	e.Admin = e.login(created.Profile, AdminUsername)
	return e
}

// next returns the next number for kind: 1, 2, ...
func (e *Env) next(kind string) int {
	e.seq[kind]++
	return e.seq[kind]
}

// admin returns the administrator's principal, logging in again if the
// session went idle while the clock moved, and signing in again in it if
// the sign-in is too old for a sensitive action: the builders act as an
// administrator who has just signed in.
func (e *Env) admin() *auth.Principal {
	e.T.Helper()
	e.Admin = e.Refresh(e.Admin)
	if e.Admin.Principal.RequireRecentSignIn(e.Clock.Now()) != nil {
		e.Admin = e.Reauthenticate(e.Admin)
	}
	return e.Admin.Principal
}

// VerifyAudit fails the test unless the audit log's hash chain verifies,
// and returns the number of events.
func (e *Env) VerifyAudit() int64 {
	e.T.Helper()
	// Verify walks the sealed chain: seal what is committed first, so the
	// count does not depend on how far a background sealer has got.
	if sl, ok := e.Store.Audit().(audit.Sealer); ok {
		if _, err := sl.Seal(e.Ctx); err != nil {
			e.T.Fatalf("carenettest: sealing the audit log: %v", err)
		}
	}
	_, n, err := e.Audit.Verify(e.Ctx, audit.Head{})
	if err != nil {
		e.T.Fatalf("carenettest: the audit chain does not verify: %v", err)
	}
	return n
}

// Actions returns the actions of the audit events about a target, in
// order, leaving out the access events of reads (audit.IsRead: who opened
// it), so that what a test asserts is the changes.
func (e *Env) Actions(targetType, targetID string) []audit.Action {
	e.T.Helper()
	events := e.Events(targetType, targetID)
	out := make([]audit.Action, len(events))
	for i, ev := range events {
		out[i] = ev.Action
	}
	return out
}
