package auth_test

import (
	"context"
	"fmt"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// ExampleLinkDeliverer shows a host that sends password links to their
// holders: the actor's result holds no token, so resetting a partner's
// password is no way into what the partner reaches.
func ExampleLinkDeliverer() {
	ctx := context.Background()
	store := memory.New()
	outbox := auth.LinkDelivererFunc(func(_ context.Context, d auth.Delivery) error {
		// A real host queues an email to the person with a URL holding
		// d.Token; never log the token.
		fmt.Printf("to %s: %s link, %d characters\n", d.Username, d.Purpose, len(d.Token))
		return nil
	})
	authSvc, _ := auth.NewService(store.Auth(), auth.Config{Deliverer: outbox})
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	h := &carenettest.Harness{} // panics if a step of the set-up is refused
	defer h.Close()
	admin := carenettest.FirstAdministrator(h, ctx, authSvc, people, "ada", "granite-orchard-lantern-7")
	c, err := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Pat", FamilyName: "Prosecutor", AgencyKind: personnel.AgencyProsecution},
		Login: &auth.LoginSpec{Username: "pprosecutor", Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Video: true}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("delivered:", c.Link.Delivered, "token for the actor:", c.Link.Token == "")
	// Output:
	// to pprosecutor: set_password link, 47 characters
	// delivered: true token for the actor: true
}

// ExampleRequireReach shows the rule for hosts without a deliverer: a
// clerk who may reset passwords but not see videos may not hold a
// credential for a video portal user with a live share.
func ExampleRequireReach() {
	clerk := &auth.Principal{Permissions: auth.NewPermissionSet(auth.ViewPersonnel, auth.ResetPasswords)}
	prosecutor := auth.Reach{
		Portal:   portal.Capabilities{Set: portal.UsePortal | portal.ViewSharedVideos},
		Holdings: auth.Holdings{LiveShares: 1},
	}
	fmt.Println(auth.RequireReach(clerk, prosecutor) == auth.ErrOutranked)
	fmt.Println(prosecutor.Needs().List())
	// Output:
	// true
	// [videos.view]
}
