package carenettest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
)

// TestFirstAdministratorOnOwnServices: on services a caller wired, the
// first administrator is created and signed in; one whose username is
// taken, or a login with a wrong password, fails the harness with the
// service's error.
func TestFirstAdministratorOnOwnServices(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
	require.NoError(t, err)
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	h := &carenettest.Harness{}

	admin := carenettest.FirstAdministrator(h, ctx, authSvc, people, "ada", "granite-orchard-lantern-7")
	require.NotNil(t, admin)
	assert.True(t, admin.Can(auth.EditPersonnel), "an administrator")
	p, err := people.Get(ctx, admin, admin.PersonID)
	require.NoError(t, err)
	assert.Equal(t, "Ada Admin", p.GivenName+" "+p.FamilyName)

	assert.Contains(t, fatal(func() {
		carenettest.FirstAdministrator(h, ctx, authSvc, people, "ada", "granite-orchard-lantern-7")
	}), "create the first administrator")
	assert.Contains(t, fatal(func() { carenettest.SignIn(h, ctx, authSvc, "ada", "wrong-password-entirely") }), "ada logs in")
}
