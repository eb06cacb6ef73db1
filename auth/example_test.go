package auth_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
)

// Example shows a host logging a user in, authenticating each request by
// the session token, and what a failed login looks like.
func Example() {
	ctx := context.Background()
	store := memory.New()
	authSvc, _ := auth.NewService(store.Auth(), auth.Config{})
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	_, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "Ada", Password: "granite-orchard-lantern-7"},
	})
	if err != nil {
		panic(err)
	}

	res, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ADA", Password: "granite-orchard-lantern-7"})
	if err != nil {
		panic(err)
	}
	me, err := authSvc.Authenticate(ctx, res.Token)
	if err != nil {
		panic(err)
	}
	fmt.Println(me.Username, me.Can(auth.DeactivatePersonnel), me.Portal.Landing)

	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: "guess"})
	fmt.Println(errors.Is(err, auth.ErrLoginFailed), carenet.ErrorCode(err), carenet.ErrorMessage(err))
	// Output:
	// ada true carenet
	// true unauthenticated the username or password is incorrect
}

func ExampleNormalizeUsername() {
	u, _ := auth.NormalizeUsername("  J.Smith@Metro.example ")
	fmt.Println(u)
	_, err := auth.NormalizeUsername("j smith")
	fmt.Println(carenet.Validation(err).Problems[0].Rule)
	// Output:
	// j.smith@metro.example
	// format
}

func ExamplePrincipal_Can() {
	p := &auth.Principal{Permissions: auth.NewPermissionSet(auth.ViewPersonnel, auth.ShareVideos)}
	fmt.Println(p.Can(auth.ShareVideos), p.Can(auth.DeletePersonnel))
	fmt.Println(carenet.ErrorMessage(p.Require(auth.DeletePersonnel)))
	// Output:
	// true false
	// you do not have the personnel.delete permission
}

// ExampleNewRateLimiter shows a host tightening the default limiter and
// passing each client's address with the login, so one password sprayed
// over many usernames from one place is refused like any failed login
// (from the fourth attempt, answered as the others are). ExampleRateLimiter
// shows a host's own limiter in its place.
func ExampleNewRateLimiter() {
	ctx := context.Background()
	store := memory.New()
	authSvc, _ := auth.NewService(store.Auth(), auth.Config{
		RateLimiter: auth.NewRateLimiter(auth.RateLimits{PerSource: 3}),
	})
	for _, name := range []string{"ann", "bob", "cyd", "dee"} {
		_, err := authSvc.Login(ctx, auth.LoginRequest{
			Username: name, Password: "Spring2024!!", RemoteAddr: "203.0.113.5:51234",
		})
		fmt.Println(name, errors.Is(err, auth.ErrLoginFailed))
	}
	// Output:
	// ann true
	// bob true
	// cyd true
	// dee true
}
