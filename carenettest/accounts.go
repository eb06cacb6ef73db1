package carenettest

import (
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

// User makes a CAC staff member with a login: a profile of these names
// whose login has this username and password and is in the security
// groups of these IDs (auth.AdministratorGroup if none). It does not log
// them in (LoginAs does) and returns the profile.
func (e *Env) User(given, family, username, password string, groups ...string) personnel.Profile {
	e.T.Helper()
	if len(groups) == 0 {
		groups = []string{auth.AdministratorGroup}
	}
	c, err := e.Personnel.Create(e.Ctx, e.Admin.Principal, personnel.NewPerson{
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
	c, err := e.Personnel.Create(e.Ctx, e.Admin.Principal, personnel.NewPerson{
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
	g, err := e.Auth.CreateSecurityGroup(e.Ctx, e.Admin.Principal, name, "", auth.NewPermissionSet(perms...))
	if err != nil {
		e.T.Fatalf("carenettest: create security group %q: %v", name, err)
	}
	return g.ID
}
