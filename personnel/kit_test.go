package personnel_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

const pw = "violet-lantern-harbor-92"

func newKit(t testing.TB, opts ...carenettest.Option) *carenettest.Env {
	return carenettest.New(t, opts...)
}

// requireOnlyNewPassword checks the login of username switched on again
// with link: the old password pw never comes back, and the login takes
// newPw once link is completed with it.
func requireOnlyNewPassword(t *testing.T, k *carenettest.Env, username string, link *auth.IssuedLink) {
	t.Helper()
	require.NotNil(t, link)
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: username, Password: pw})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the old password never comes back")
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, newPw))
	k.LoginAs(username, newPw)
}

// sweptAfterEndDate gives the person the end date end as the
// administrator, lets two days pass and sweeps the end dates. It fails
// the test unless the sweep deactivated that one person without error,
// and returns what the deactivation changed.
func sweptAfterEndDate(t *testing.T, k *carenettest.Env, personID string, end time.Time) personnel.Deactivation {
	t.Helper()
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, personID)
	require.NoError(t, err)
	_, err = k.Personnel.Edit(k.Ctx, k.Admin.Principal, personID, p.Version, personnel.Update{EndDate: &end})
	require.NoError(t, err)
	k.Clock.Advance(48 * time.Hour)
	res, err := k.Personnel.SweepEndDates(k.Ctx)
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	require.NoError(t, res.Items[0].Err)
	return res.Items[0].Result
}

// requireLoginGuarded checks that change, a call that switches off or
// removes a login, is refused when an actor holding only perms aims it at
// the administrator, who outranks them, and when the administrator aims
// it at their own login, the last standing administrator's.
func requireLoginGuarded(t *testing.T, k *carenettest.Env, perms []auth.Permission, change func(actor *auth.Principal, personID string) error) {
	t.Helper()
	k.User("Gus", "Guarded", "gguarded", pw, k.Group("Login managers", perms...))
	require.ErrorIs(t, change(k.LoginAs("gguarded", pw).Principal, k.Admin.ID()), auth.ErrOutranked)
	require.ErrorIs(t, change(k.Admin.Principal, k.Admin.ID()), auth.ErrLastAdministrator)
}
