package personnel_test

import (
	"context"
	"fmt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
)

// setup returns the services over a memory store and a logged-in
// administrator.
func setup() (context.Context, *auth.Service, *personnel.Service, *auth.Principal) {
	ctx := context.Background()
	store := memory.New()
	authSvc, _ := auth.NewService(store.Auth(), auth.Config{})
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	// A Harness panics if a step of the set-up is refused.
	admin := carenettest.FirstAdministrator(&carenettest.Harness{}, ctx, authSvc, people, "ada", "granite-orchard-lantern-7")
	return ctx, authSvc, people, admin
}

// ExampleService_Deactivate offboards someone who leaves: one call makes
// the profile inactive, disables the login, replaces the password and ends
// every session.
func ExampleService_Deactivate() {
	ctx, authSvc, people, admin := setup()
	c, _ := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ivy", FamilyName: "Intern", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ivy", Password: "harbor-velvet-compass-42", Groups: []string{auth.AdministratorGroup}},
	})
	session, _ := authSvc.Login(ctx, auth.LoginRequest{Username: "ivy", Password: "harbor-velvet-compass-42"})

	d, err := people.Deactivate(ctx, admin, c.Profile.ID, "internship ended")
	fmt.Println(err, d.PersonDeactivated, d.LoginDisabled, d.SessionsRevoked)

	_, err = authSvc.Authenticate(ctx, session.Token)
	fmt.Println(carenet.ErrorCode(err))
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "ivy", Password: "harbor-velvet-compass-42"})
	fmt.Println(carenet.ErrorCode(err))
	// Output:
	// <nil> true true 1
	// unauthenticated
	// unauthenticated
}

// ExampleService_Create shows every problem of a form reported at once.
func ExampleService_Create() {
	ctx, _, people, admin := setup()
	_, err := people.Create(ctx, admin, personnel.NewPerson{Fields: personnel.Fields{
		GivenName: "Dana", AgencyKind: "police", Email: "dana@",
	}})
	for _, p := range carenet.Validation(err).Problems {
		fmt.Println(p.Field, p.Rule)
	}
	// Output:
	// family_name required
	// agency_kind one_of
	// email format
}

// ExampleService_Search finds people by the start of their names, without
// regard to case or accents.
func ExampleService_Search() {
	ctx, _, people, admin := setup()
	for _, n := range [][2]string{{"Zoë", "Ångström"}, {"Zack", "Adams"}, {"Ann", "Zorn"}} {
		_, _ = people.Create(ctx, admin, personnel.NewPerson{Fields: personnel.Fields{GivenName: n[0], FamilyName: n[1], AgencyKind: personnel.AgencyCAC}})
	}
	page, _ := people.Search(ctx, admin, personnel.Query{Name: "zo"})
	for _, p := range page.People {
		fmt.Println(p.DisplayName())
	}
	// Output:
	// Zoë Ångström
	// Ann Zorn
}

// ExampleService_Delete shows the guard: a profile that was used is never
// deleted.
func ExampleService_Delete() {
	ctx, _, people, admin := setup()
	page, _ := people.Search(ctx, admin, personnel.Query{Username: "ada"})
	err := people.Delete(ctx, admin, page.People[0].ID)
	fmt.Println(carenet.ErrorCode(err))
	// Output:
	// in_use
}
