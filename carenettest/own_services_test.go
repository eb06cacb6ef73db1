package carenettest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
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
	h := &carenettest.Harness{}
	ctx, store := context.Background(), memory.New()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
	require.NoError(t, err)
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})

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

// TestStaffServicesRunOnTheClockGiven: the staff services run on the
// clock given, with sequential IDs, and their administrator is signed in.
func TestStaffServicesRunOnTheClockGiven(t *testing.T) {
	h := &carenettest.Harness{}
	clock := carenet.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	authSvc, people, admin := carenettest.StaffServices(h, context.Background(), memory.New(), clock, "ada", "granite-orchard-lantern-7")
	require.NotNil(t, authSvc)
	require.NotNil(t, people)
	assert.Equal(t, clock.Now(), admin.AuthenticatedAt)
	assert.True(t, strings.HasPrefix(admin.PersonID, "p-0000"), admin.PersonID)
	assert.True(t, strings.HasPrefix(admin.AccountID, "a-0000"), admin.AccountID)
}
