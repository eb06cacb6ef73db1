package carenettest

import (
	"context"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// The calls in this file work on services a caller wired itself instead
// of an Env's: a runnable example that shows how a host builds its
// services (pass it a Harness), or a test of a configuration an Env does
// not make.

// FirstAdministrator creates an administrator, Ada Admin of the CAC, with
// a login of the username and password given, as an operator creates the
// first one of a new installation (personnel.Service.CreateAdministrator),
// and signs in as them. It fails t if either call is refused.
func FirstAdministrator(t TB, ctx context.Context, authSvc *auth.Service, people *personnel.Service, username, password string) *auth.Principal {
	t.Helper()
	if _, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: username, Password: password},
	}); err != nil {
		t.Fatalf("carenettest: create the first administrator: %v", err)
		return nil
	}
	return SignIn(t, ctx, authSvc, username, password)
}

// SignIn logs in with the username and password and returns the
// principal. It fails t if the login is refused; to test a refusal, call
// authSvc.Login.
func SignIn(t TB, ctx context.Context, authSvc *auth.Service, username, password string) *auth.Principal {
	t.Helper()
	res, err := authSvc.Login(ctx, auth.LoginRequest{Username: username, Password: password})
	if err != nil {
		t.Fatalf("carenettest: %s logs in: %v", username, err)
		return nil
	}
	return res.Principal
}
