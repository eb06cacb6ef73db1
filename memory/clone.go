package memory

import (
	"maps"
	"slices"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// The clone functions return a value that shares no memory with their
// argument, its times normalised as the SDK stores them. They serve both
// ways: a value is cloned when stored and again when returned.

func ts(t time.Time) time.Time { return carenet.Timestamp(t) }

func tsPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := carenet.Timestamp(*t)
	return &v
}

func cloneAccount(a auth.Account) auth.Account {
	a.Groups = slices.Clone(a.Groups)
	a.CreatedAt, a.UpdatedAt = ts(a.CreatedAt), ts(a.UpdatedAt)
	return a
}

func cloneCredentials(c auth.Credentials) auth.Credentials {
	c.TOTPSecret = slices.Clone(c.TOTPSecret)
	c.PasswordSetAt, c.LockedUntil, c.LastLoginAt = ts(c.PasswordSetAt), ts(c.LockedUntil), ts(c.LastLoginAt)
	return c
}

func cloneSecurityGroup(g auth.SecurityGroup) auth.SecurityGroup {
	g.CreatedAt, g.UpdatedAt = ts(g.CreatedAt), ts(g.UpdatedAt)
	g.HostPermissions = slices.Clone(g.HostPermissions)
	return g
}

func cloneSession(s auth.Session) auth.Session {
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = ts(s.CreatedAt), ts(s.LastSeenAt), ts(s.ExpiresAt)
	s.AuthenticatedAt = ts(s.AuthenticatedAt)
	s.RevokedAt = tsPtr(s.RevokedAt)
	return s
}

func cloneToken(p auth.PasswordToken) auth.PasswordToken {
	p.CreatedAt, p.ExpiresAt = ts(p.CreatedAt), ts(p.ExpiresAt)
	p.UsedAt = tsPtr(p.UsedAt)
	return p
}

func cloneEvent(e audit.Event) audit.Event {
	e.Details = maps.Clone(e.Details)
	e.At = ts(e.At)
	return e
}

func clonePerson(p personnel.Person) personnel.Person {
	p.StateChangedAt, p.CreatedAt, p.UpdatedAt = ts(p.StateChangedAt), ts(p.CreatedAt), ts(p.UpdatedAt)
	p.StartDate, p.EndDate = tsPtr(p.StartDate), tsPtr(p.EndDate)
	return p
}

func cloneGroup(g personnel.Group) personnel.Group {
	g.CreatedAt, g.UpdatedAt = ts(g.CreatedAt), ts(g.UpdatedAt)
	return g
}
