package auth_test

import (
	"context"
	"fmt"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
)

// ExamplePermissionRegistry shows a host registering its own permission
// at start-up, granting it through a security group and gating its own
// screen with it.
func ExamplePermissionRegistry() {
	ctx := context.Background()
	reg := auth.NewPermissionRegistry()
	clientsView, err := reg.Register("clients.view", "Open client profiles.")
	if err != nil {
		panic(err)
	}
	_, err = reg.Register("personnel.view", "")
	fmt.Println(err)

	store := memory.New()
	authSvc, _ := auth.NewService(store.Auth(), auth.Config{Permissions: reg})
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	h := &carenettest.Harness{} // panics if a step of the set-up is refused
	defer h.Close()
	admin := carenettest.FirstAdministrator(h, ctx, authSvc, people, "ada", "granite-orchard-lantern-7")
	g, err := authSvc.CreateSecurityGroup(ctx, admin, "Clinicians", "", auth.NewPermissionSet(auth.ViewPersonnel, clientsView))
	if err != nil {
		panic(err)
	}
	fmt.Println(g.HostPermissions, admin.Can(clientsView))
	// Output:
	// auth.PermissionRegistry.Register: invalid: name: is one of the SDK's permissions
	// [clients.view] true
}
