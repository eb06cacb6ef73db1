package personnel_test

import (
	"errors"
	"fmt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// ExampleService_GiveLogin makes a contact a user after creation, and
// later takes the login away while the person stays.
func ExampleService_GiveLogin() {
	ctx, authSvc, people, admin := setup()
	c, _ := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Carl", FamilyName: "Contact", AgencyKind: personnel.AgencyCAC},
	})
	_, err := people.GiveLogin(ctx, admin, c.Profile.ID, auth.LoginSpec{
		Username: "carl", Password: "harbor-velvet-compass-42", Groups: []string{auth.ReferralUserGroup}})
	fmt.Println("login given:", err)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "carl", Password: "harbor-velvet-compass-42"})
	fmt.Println("logs in:", err)

	r, err := people.RemoveLogin(ctx, admin, c.Profile.ID, "no longer a user")
	fmt.Println("removed:", r.Username, r.SessionsRevoked, err)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "carl", Password: "harbor-velvet-compass-42"})
	fmt.Println("logs in:", carenet.ErrorCode(err))
	p, _ := people.Get(ctx, admin, c.Profile.ID)
	fmt.Println("person active:", p.Active(), "login:", p.Login != nil)
	// Output:
	// login given: <nil>
	// logs in: <nil>
	// removed: carl 1 <nil>
	// logs in: unauthenticated
	// person active: true login: false
}

// ExampleService_DisableLogin switches off the login of someone on leave;
// the person stays active.
func ExampleService_DisableLogin() {
	ctx, authSvc, people, admin := setup()
	c, _ := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Lea", FamilyName: "Leave", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "lea", Password: "harbor-velvet-compass-42", Groups: []string{auth.ReferralUserGroup}},
	})
	d, err := people.DisableLogin(ctx, admin, c.Profile.ID, "parental leave")
	fmt.Println(d.Changed, err)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "lea", Password: "harbor-velvet-compass-42"})
	fmt.Println(carenet.ErrorCode(err))
	p, _ := people.Get(ctx, admin, c.Profile.ID)
	fmt.Println(p.Active(), p.Login.Active)

	_, err = people.DisableLogin(ctx, admin, admin.PersonID, "x")
	fmt.Println(errors.Is(err, auth.ErrLastAdministrator))
	// Output:
	// true <nil>
	// unauthenticated
	// true false
	// true
}
