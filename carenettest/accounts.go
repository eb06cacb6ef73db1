package carenettest

import (
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// The calls in this file make exactly the people, logins and groups a
// test names, as the administrator, without the builders' defaults
// (Staff, PortalUser): for tests of the rules themselves, where the names,
// usernames, passwords and groups are the point.

// LoginAs logs in with a username and password and returns the result:
// the session token and the principal. It fails the test if the login is
// refused; to test a refusal, call e.Auth.Login. (Login logs in again a
// User a builder made.)
func (e *Env) LoginAs(username, password string) *auth.LoginResult {
	e.T.Helper()
	res, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: username, Password: password})
	if err != nil {
		e.T.Fatalf("carenettest: %s logs in: %v", username, err)
		return nil
	}
	return res
}

// Fresh returns a copy of p signed in at the Env clock's now, as if its
// user had just signed in again (auth.Service.Reauthenticate), for a test
// that lets time pass and then takes a sensitive action (see
// auth.Principal.RequireRecentSignIn). User, Person and Group act as a
// fresh Admin. Only a test may do this: a host's principals come from
// sessions.
func (e *Env) Fresh(p *auth.Principal) *auth.Principal {
	c := *p
	c.AuthenticatedAt = e.Clock.Now()
	return &c
}

// ReauthenticateToken signs the user of the session token in again with
// the password (auth.Service.Reauthenticate) and returns the renewed
// principal; it fails the test on error. (Reauthenticate does the same
// for a User a builder made.)
func (e *Env) ReauthenticateToken(token, password string) *auth.Principal {
	e.T.Helper()
	p, err := e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: token, Password: password})
	if err != nil {
		e.T.Fatalf("carenettest: reauthenticate: %v", err)
		return nil
	}
	return p
}

// EventCount is the number of events in the audit log, access events
// included: a refusal that changes nothing leaves it as it was.
func (e *Env) EventCount() int {
	e.T.Helper()
	n := 0
	f := audit.Filter{}
	for {
		page, err := e.Audit.List(e.Ctx, f)
		if err != nil {
			e.T.Fatalf("carenettest: audit list: %v", err)
			return n
		}
		n += len(page)
		if len(page) < audit.DefaultLimit {
			return n
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
}

// User makes a CAC staff member with a login: a profile of these names
// whose login has this username and password and is in the security
// groups of these IDs (auth.AdministratorGroup if none). It does not log
// them in (LoginAs does) and returns the profile.
func (e *Env) User(given, family, username, password string, groups ...string) personnel.Profile {
	e.T.Helper()
	if len(groups) == 0 {
		groups = []string{auth.AdministratorGroup}
	}
	c, err := e.Personnel.Create(e.Ctx, e.Fresh(e.Admin.Principal), personnel.NewPerson{
		Fields: personnel.Fields{GivenName: given, FamilyName: family, AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: username, Password: password, Groups: groups},
	})
	if err != nil {
		e.T.Fatalf("carenettest: create user %s: %v", username, err)
	}
	return c.Profile
}

// Person makes a profile without a login (a contact) of these names and
// agency kind, and returns it.
func (e *Env) Person(given, family string, kind personnel.AgencyKind) personnel.Profile {
	e.T.Helper()
	c, err := e.Personnel.Create(e.Ctx, e.Fresh(e.Admin.Principal), personnel.NewPerson{
		Fields: personnel.Fields{GivenName: given, FamilyName: family, AgencyKind: kind},
	})
	if err != nil {
		e.T.Fatalf("carenettest: create %s %s: %v", given, family, err)
	}
	return c.Profile
}

// Group makes a security group of this name holding exactly perms and
// returns its ID, for User's groups or personnel.Service.SetSecurityGroups.
func (e *Env) Group(name string, perms ...auth.Permission) string {
	e.T.Helper()
	g, err := e.Auth.CreateSecurityGroup(e.Ctx, e.Fresh(e.Admin.Principal), name, "", auth.NewPermissionSet(perms...))
	if err != nil {
		e.T.Fatalf("carenettest: create security group %q: %v", name, err)
	}
	return g.ID
}
