// Package testkit wires the SDK's services over a store for tests: a manual
// clock, sequential IDs, cheap password hashing and a logged-in
// administrator. The store is the memory store, or PostgreSQL when StoreEnv
// says so. Only tests import it.
package testkit

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

// Start is the time a Kit's clock starts at.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// AdminPassword is the administrator's password in every Kit.
const AdminPassword = "correct horse battery staple"

// FastHasher hashes with tiny argon2id parameters, so tests that log in
// many times stay fast. Never use it outside tests.
var FastHasher = password.Hasher{Params: password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}

// Kit is a store with the services over it.
type Kit struct {
	T         testing.TB
	Ctx       context.Context
	Clock     *carenet.ManualClock
	Store     Store
	Auth      *auth.Service
	Personnel *personnel.Service
	Audit     *audit.Service
	// Admin is a logged-in administrator; AdminID is their person ID.
	Admin   *auth.Principal
	AdminID string
}

// Option changes a Kit's configuration before its services are made.
type Option func(*config)

// config is what Options change.
type config struct {
	auth         auth.Config
	people       personnel.Config
	revokeShares bool
}

// WithAuthConfig changes the auth configuration.
func WithAuthConfig(f func(*auth.Config)) Option {
	return func(c *config) { f(&c.auth) }
}

// WithReferences sets the host's reference finder.
func WithReferences(r personnel.ReferenceFinder) Option {
	return func(c *config) { c.people.References = r }
}

// WithPersonnelConfig changes the personnel configuration.
func WithPersonnelConfig(f func(*personnel.Config)) Option {
	return func(c *config) { f(&c.people) }
}

// WithShareRevocation wires personnel as a host does: every deactivation
// revokes the video shares the person holds, through a video service of
// the Kit's own (its IDs are "vr-...").
func WithShareRevocation() Option {
	return func(c *config) { c.revokeShares = true }
}

// WithDeactivateHook adds a deactivate hook.
func WithDeactivateHook(h personnel.DeactivateHook) Option {
	return func(c *config) { c.people.OnDeactivate = append(c.people.OnDeactivate, h) }
}

// New returns a Kit with an administrator logged in.
func New(t testing.TB, opts ...Option) *Kit {
	t.Helper()
	k := &Kit{T: t, Ctx: context.Background(), Clock: carenet.NewManualClock(Start), Store: NewStore(t)}
	c := config{
		auth:   auth.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("id"), Hasher: FastHasher},
		people: personnel.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("p")},
	}
	for _, o := range opts {
		o(&c)
	}
	if c.revokeShares {
		revoker, err := video.NewService(k.Store.Video(), video.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("vr"),
			Tickets: video.TicketConfig{KeyID: "testkit", Keys: map[string][]byte{"testkit": []byte("testkit-ticket-key-of-32-bytes!!")}}})
		if err != nil {
			t.Fatalf("video.NewService: %v", err)
		}
		c.people.OnDeactivate = append(c.people.OnDeactivate, revoker)
	}
	var err error
	if k.Auth, err = auth.NewService(k.Store.Auth(), c.auth); err != nil {
		t.Fatalf("auth.NewService: %v", err)
	}
	k.Personnel = personnel.NewService(k.Store.Personnel(), k.Auth, c.people)
	k.Audit = audit.NewService(k.Store.Audit())
	admin, err := k.Personnel.CreateAdministrator(k.Ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "admin", Password: AdminPassword},
	})
	if err != nil {
		t.Fatalf("CreateAdministrator: %v", err)
	}
	k.AdminID = admin.Profile.ID
	k.Admin = k.Login("admin", AdminPassword).Principal
	return k
}

// Login logs in and fails the test on error.
func (k *Kit) Login(username, pw string) *auth.LoginResult {
	k.T.Helper()
	res, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: username, Password: pw})
	if err != nil {
		k.T.Fatalf("login %s: %v", username, err)
	}
	return res
}

// Fresh returns a copy of p signed in at the Kit clock's now, as if its
// user had just signed in again (auth.Service.Reauthenticate), for a test
// that lets time pass and then takes a sensitive action (see
// auth.Principal.RequireRecentSignIn). The Kit's own Person, User and
// Group act as a fresh Admin.
func (k *Kit) Fresh(p *auth.Principal) *auth.Principal {
	c := *p
	c.AuthenticatedAt = k.Clock.Now()
	return &c
}

// Reauthenticate signs the user of the session token in again with the
// password (auth.Service.Reauthenticate) and fails the test on error.
func (k *Kit) Reauthenticate(token, pw string) *auth.Principal {
	k.T.Helper()
	p, err := k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: token, Password: pw})
	if err != nil {
		k.T.Fatalf("reauthenticate: %v", err)
	}
	return p
}

// EventCount is the number of events in the audit log, access events
// included: a refusal that changes nothing leaves it as it was.
func (k *Kit) EventCount() int {
	k.T.Helper()
	n := 0
	f := audit.Filter{}
	for {
		page, err := k.Audit.List(k.Ctx, f)
		if err != nil {
			k.T.Fatalf("audit list: %v", err)
		}
		n += len(page)
		if len(page) < audit.DefaultLimit {
			return n
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
}

// Person creates a profile (a contact without a login) and returns it.
func (k *Kit) Person(given, family string, kind personnel.AgencyKind) personnel.Profile {
	k.T.Helper()
	c, err := k.Personnel.Create(k.Ctx, k.Fresh(k.Admin), personnel.NewPerson{
		Fields: personnel.Fields{GivenName: given, FamilyName: family, AgencyKind: kind},
	})
	if err != nil {
		k.T.Fatalf("create %s %s: %v", given, family, err)
	}
	return c.Profile
}

// User creates a profile with a login in the given security groups (the
// Administrator group if none) and returns it.
func (k *Kit) User(given, family, username, pw string, groups ...string) personnel.Profile {
	k.T.Helper()
	if len(groups) == 0 {
		groups = []string{auth.AdministratorGroup}
	}
	c, err := k.Personnel.Create(k.Ctx, k.Fresh(k.Admin), personnel.NewPerson{
		Fields: personnel.Fields{GivenName: given, FamilyName: family, AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: username, Password: pw, Groups: groups},
	})
	if err != nil {
		k.T.Fatalf("create user %s: %v", username, err)
	}
	return c.Profile
}

// Group creates a security group with the permissions and returns its ID.
func (k *Kit) Group(name string, perms ...auth.Permission) string {
	k.T.Helper()
	g, err := k.Auth.CreateSecurityGroup(k.Ctx, k.Fresh(k.Admin), name, "", auth.NewPermissionSet(perms...))
	if err != nil {
		k.T.Fatalf("create group %s: %v", name, err)
	}
	return g.ID
}

// Events returns the audit events about a target, in order, but the
// access events of reads (audit.IsRead): Reads returns those.
func (k *Kit) Events(targetType, targetID string) []audit.Event {
	k.T.Helper()
	ev, err := k.Audit.List(k.Ctx, audit.Filter{TargetType: targetType, TargetID: targetID})
	if err != nil {
		k.T.Fatalf("audit list: %v", err)
	}
	return slices.DeleteFunc(ev, func(e audit.Event) bool { return audit.IsRead(e.Action) })
}

// RequireRead fails the test unless exactly one access event with action
// was recorded since there were before of them, naming actor and the
// target, at a time.
func (k *Kit) RequireRead(action audit.Action, before int, actor, targetType, targetID string) {
	k.T.Helper()
	reads := k.Reads(action)
	if len(reads) != before+1 {
		k.T.Fatalf("%d %s events, want %d: one per read", len(reads), action, before+1)
	}
	e := reads[len(reads)-1]
	if e.ActorID != actor || e.TargetType != targetType || e.TargetID != targetID || e.At.IsZero() {
		k.T.Fatalf("%s event: actor %q, target %s %q, at %v; want actor %q, target %s %q and a time",
			action, e.ActorID, e.TargetType, e.TargetID, e.At, actor, targetType, targetID)
	}
}

// Reads returns the access events recorded with action, in order.
func (k *Kit) Reads(action audit.Action) []audit.Event {
	k.T.Helper()
	ev, err := k.Audit.List(k.Ctx, audit.Filter{Actions: []audit.Action{action}})
	if err != nil {
		k.T.Fatalf("audit list: %v", err)
	}
	return ev
}

// Actions returns the actions of the events about a target, in order.
func (k *Kit) Actions(targetType, targetID string) []audit.Action {
	var out []audit.Action
	for _, e := range k.Events(targetType, targetID) {
		out = append(out, e.Action)
	}
	return out
}

// VerifyAudit fails the test if the audit chain does not verify.
func (k *Kit) VerifyAudit() {
	k.T.Helper()
	if _, _, err := k.Audit.Verify(k.Ctx, audit.Head{}); err != nil {
		k.T.Fatalf("audit chain: %v", err)
	}
}
