package accessreview

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// Service runs access reviews over a Store.
type Service struct {
	store Store
	clock carenet.Clock
}

// NewService returns a Service over store; a nil clock is
// carenet.SystemClock.
func NewService(store Store, clock carenet.Clock) *Service {
	if clock == nil {
		clock = carenet.SystemClock
	}
	return &Service{store: store, clock: clock}
}

// Report is one access review: what every login listed held at At.
type Report struct {
	// At is when the review was taken.
	At time.Time `json:"at"`
	// Entries are the logins listed, ordered by username.
	Entries []Entry `json:"entries"`
}

// Entry is one login of a review.
type Entry struct {
	// PersonID and AccountID identify the person and their login.
	PersonID  string `json:"person_id"`
	AccountID string `json:"account_id"`
	// Username, Name and Agency say whose login it is.
	Username string `json:"username"`
	Name     string `json:"name"`
	Agency   string `json:"agency,omitempty"`
	// Groups are the login's security groups, in the order applied.
	Groups []Group `json:"groups"`
	// Permissions are the names of the permissions the login holds now,
	// the SDK's and the host's: what its groups grant with its portal
	// switches (auth.GrantedPermissions), in order.
	Permissions []string `json:"permissions"`
	// Portal holds the login's portal switches; Capabilities, what they
	// give (portal.Compute).
	Portal       portal.Access       `json:"portal"`
	Capabilities portal.Capabilities `json:"-"`
	// LiveShares are the video shares live for the person.
	LiveShares []LiveShare `json:"live_shares"`
	// LastLoginAt is the login's last successful login; nil if never.
	LastLoginAt *time.Time `json:"last_login_at"`
}

// GroupNames returns the names of the login's security groups, in the
// order applied.
func (e Entry) GroupNames() []string {
	names := make([]string, len(e.Groups))
	for i, g := range e.Groups {
		names[i] = g.Name
	}
	return names
}

// LastLogin returns LastLoginAt in RFC 3339 UTC, or "" for a login never
// used.
func (e Entry) LastLogin() string {
	if e.LastLoginAt == nil {
		return ""
	}
	return e.LastLoginAt.UTC().Format(time.RFC3339)
}

// Group is a security group as a review names it.
type Group struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Review lists every active login of an active person (one whose end date,
// if any, has not passed) that f keeps, with what it holds now, in one
// read transaction. It needs what every overview of who holds what needs
// (auth.RequireAccessOverview: auth.ViewAudit). Permissions are the SDK's
// and the host's, as the registry of the service that authenticated the
// actor knows them (auth.Principal.Registry; auth.Config.Permissions), so
// a login's effective permissions, and a filter on one, include the
// host's own. A
// filter naming an unknown group, permission or switch, or an idle day in
// the future, is an Invalid error naming the field.
func (s *Service) Review(ctx context.Context, actor *auth.Principal, f Filter) (Report, error) {
	if err := auth.RequireAccessOverview(actor); err != nil {
		return Report{}, err
	}
	now := s.clock.Now()
	return carenet.View(ctx, s.store, func(tx Tx) (Report, error) {
		out := Report{At: now, Entries: []Entry{}}
		groups, err := tx.SecurityGroups().List(ctx)
		if err != nil {
			return Report{}, err
		}
		reg := actor.Registry()
		perm, err := f.check(groups, reg, now)
		if err != nil {
			return Report{}, err
		}
		byID := make(map[string]auth.SecurityGroup, len(groups))
		for _, g := range groups {
			byID[g.ID] = g
		}
		logins, err := tx.AccessReview().ActiveLogins(ctx, now)
		if err != nil {
			return Report{}, err
		}
		for _, l := range logins {
			if !l.Person.ActiveAt(now) {
				continue
			}
			e, held := entry(l, byID, reg, now)
			if f.match(e, held, perm) {
				out.Entries = append(out.Entries, e)
			}
		}
		return out, nil
	})
}

// entry is the review's line for a login, and the permissions it holds,
// SDK and host as reg knows them.
func entry(l LoginFacts, groups map[string]auth.SecurityGroup, reg *auth.PermissionRegistry, now time.Time) (Entry, auth.PermissionSet) {
	a := l.Account
	var held []auth.SecurityGroup
	e := Entry{
		PersonID: a.PersonID, AccountID: a.ID, Username: a.Username,
		Name: l.Person.DisplayName(), Agency: l.Person.Agency,
		Groups: make([]Group, 0, len(a.Groups)), Portal: a.Portal,
		LiveShares: append([]LiveShare{}, l.LiveShares...), LastLoginAt: l.LastLoginAt,
	}
	for _, id := range a.Groups {
		g := groups[id]
		held = append(held, g)
		e.Groups = append(e.Groups, Group{ID: id, Name: g.Name})
	}
	p := reg.PrincipalFrom(a, held, true, now)
	e.Capabilities = p.Portal
	e.Permissions = append(make([]string, 0, p.Permissions.Len()), p.PermissionNames()...)
	return e, p.Permissions
}
