package carenettest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

const clerkPassword = "violet-lantern-harbor-92"

// TestUserHoldsTheGroupsNamedAndLogsInAs: User makes exactly the login a
// test names, Group exactly the permissions, and LoginAs signs in with
// the username and password.
func TestUserHoldsTheGroupsNamedAndLogsInAs(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		clerks := env.Group("Clerks", auth.ViewPersonnel)
		cal := env.User("Cal", "Clerk", "cclerk", clerkPassword, clerks)
		assert.Equal(t, "Cal Clerk", cal.DisplayName())
		require.NotNil(t, cal.Login)
		assert.Equal(t, []string{clerks}, cal.Login.Groups)

		res := env.LoginAs("cclerk", clerkPassword)
		assert.Equal(t, cal.ID, res.Principal.PersonID)
		assert.NotEmpty(t, res.Token)
		assert.True(t, res.Principal.Can(auth.ViewPersonnel))
		assert.False(t, res.Principal.Can(auth.EditPersonnel), "the group holds what Group gave it and no more")
		p, err := env.Auth.Authenticate(env.Ctx, res.Token)
		require.NoError(t, err)
		assert.Equal(t, cal.ID, p.PersonID)

		ada := env.User("Ada", "Second", "asecond", clerkPassword)
		assert.Equal(t, []string{auth.AdministratorGroup}, ada.Login.Groups, "no groups named: Administrator")
		assert.True(t, env.LoginAs("asecond", clerkPassword).Principal.Can(auth.ManageSecurityGroups))

		contact := env.Person("Pat", "Partner", personnel.AgencyOther)
		assert.Nil(t, contact.Login, "a person has no login")
		assert.Equal(t, personnel.AgencyOther, contact.AgencyKind)
		got, err := env.Personnel.Get(env.Ctx, env.Admin.Principal, contact.ID)
		require.NoError(t, err)
		assert.Equal(t, "Pat Partner", got.DisplayName())
	})
}

// TestLoginAsFailsTheTestWhenRefused: a wrong password fails the test
// with the username; the refusal itself is e.Auth.Login's to test.
func TestLoginAsFailsTheTestWhenRefused(t *testing.T) {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h, carenettest.OnMemory())
	env.User("Cal", "Clerk", "cclerk", clerkPassword)
	msg := fatal(func() { env.LoginAs("cclerk", "not-the-password-at-all") })
	assert.Contains(t, msg, "carenettest: cclerk logs in")
	msg = fatal(func() { env.User("Dup", "Licate", "cclerk", clerkPassword) })
	assert.Contains(t, msg, "carenettest: create user cclerk")
	msg = fatal(func() { env.Group("") })
	assert.Contains(t, msg, "carenettest: create security group")
}
