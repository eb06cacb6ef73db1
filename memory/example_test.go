package memory_test

import (
	"context"
	"fmt"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
)

// Example wires the SDK's services over the embedded store.
func Example() {
	ctx := context.Background()
	store := memory.New()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
	if err != nil {
		panic(err)
	}
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	c, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Profile.DisplayName(), c.Profile.Login.Username, c.Link != nil)
	// Output: Ada Admin ada true
}
