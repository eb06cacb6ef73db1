package carenettest

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// The calls in this file work on services a caller wired itself instead
// of an Env's: a runnable example that shows how a host builds its
// services (pass it a Harness), or a test of a configuration an Env does
// not make.

// StaffServices wires the auth and personnel services over store on
// clock, with sequential IDs ("a-000001", ... for auth's records,
// "p-000001", ... for people), and creates the first administrator,
// signed in, with the username and password given (FirstAdministrator).
// It fails t if a step is refused. An example of another package's
// service builds that service over the same store beside them.
func StaffServices(t TB, ctx context.Context, store Store, clock carenet.Clock, username, password string) (*auth.Service, *personnel.Service, *auth.Principal) {
	t.Helper()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{Clock: clock, IDs: carenet.SequentialIDs("a")})
	if err != nil {
		t.Fatalf("carenettest: the auth service: %v", err)
		return nil, nil, nil
	}
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{Clock: clock, IDs: carenet.SequentialIDs("p")})
	return authSvc, people, FirstAdministrator(t, ctx, authSvc, people, username, password)
}

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
