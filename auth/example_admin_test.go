package auth_test

import (
	"context"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// signedInAdministrator creates the first administrator, Ada, through
// people and signs her in through authSvc, as a host does once its store
// is new; it panics if either fails.
func signedInAdministrator(ctx context.Context, authSvc *auth.Service, people *personnel.Service) *auth.Principal {
	if _, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: "granite-orchard-lantern-7"},
	}); err != nil {
		panic(err)
	}
	res, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: "granite-orchard-lantern-7"})
	if err != nil {
		panic(err)
	}
	return res.Principal
}
