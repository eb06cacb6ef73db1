package auth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

// requireSessionEndsAfterUse signs Sam in on k, uses the session uses
// times, every apart, requiring each use to work, then lets last pass and
// requires the session to have ended.
func requireSessionEndsAfterUse(t *testing.T, k *carenettest.Env, uses int, every, last time.Duration, why string) {
	t.Helper()
	k.User("Sam", "Staff", "sstaff", userPassword)
	tok := k.LoginAs("sstaff", userPassword).Token
	for range uses {
		k.Clock.Advance(every)
		_, err := k.Auth.Authenticate(k.Ctx, tok)
		require.NoError(t, err)
	}
	k.Clock.Advance(last)
	_, err := k.Auth.Authenticate(k.Ctx, tok)
	require.ErrorIs(t, err, auth.ErrSessionInvalid, why)
}

func TestAuthenticateIdleTimeout(t *testing.T) {
	// Used every 14 minutes, the session lives on.
	requireSessionEndsAfterUse(t, newKit(t), 4, 14*time.Minute, 15*time.Minute, "15 idle minutes end a session")
}

func TestAuthenticateAbsoluteLifetime(t *testing.T) {
	k := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.SessionLifetime = time.Hour }))
	requireSessionEndsAfterUse(t, k, 5, 10*time.Minute, 10*time.Minute, "however active, a session ends after its lifetime")
}

func TestAuthenticateRejects(t *testing.T) {
	k := newKit(t)
	for name, tok := range map[string]string{
		"Empty":     "",
		"Malformed": "cns_short",
		"Unknown":   auth.SessionTokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"LinkToken": auth.LinkTokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := k.Auth.Authenticate(k.Ctx, tok)
			require.ErrorIs(t, err, auth.ErrSessionInvalid)
			assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
		})
	}
}

func TestLogout(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	a := k.LoginAs("sstaff", userPassword)
	b := k.LoginAs("sstaff", userPassword)
	require.NoError(t, k.Auth.Logout(k.Ctx, a.Token))
	require.NoError(t, k.Auth.Logout(k.Ctx, a.Token), "logging out twice is harmless")
	require.NoError(t, k.Auth.Logout(k.Ctx, "garbage"), "logging out of nothing is harmless")
	_, err := k.Auth.Authenticate(k.Ctx, a.Token)
	require.ErrorIs(t, err, auth.ErrSessionInvalid)
	_, err = k.Auth.Authenticate(k.Ctx, b.Token)
	require.NoError(t, err, "other sessions stay")
	assert.Contains(t, k.Actions(audit.TargetSession, a.Session.ID), auth.EventLogout)
}

func TestPermissionChangeTakesEffectAtNextCall(t *testing.T) {
	k := newKit(t)
	viewers := k.Group("Viewers", auth.ViewPersonnel)
	k.User("Sam", "Staff", "sstaff", userPassword, viewers)
	tok := k.LoginAs("sstaff", userPassword).Token

	p, err := k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.True(t, p.Can(auth.ViewPersonnel))
	assert.False(t, p.Can(auth.EditPersonnel))

	perms := auth.NewPermissionSet(auth.ViewPersonnel, auth.EditPersonnel)
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, viewers, 1, auth.SecurityGroupUpdate{Permissions: &perms})
	require.NoError(t, err)

	p, err = k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.True(t, p.Can(auth.EditPersonnel), "the same session sees the new permission without logging in again")
}

func TestChangePasswordRevokesOtherSessions(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	here := k.LoginAs("sstaff", userPassword)
	there := k.LoginAs("sstaff", userPassword)

	err := k.Auth.ChangePassword(k.Ctx, here.Principal, "wrong-current-pw", "amber-meadow-falcon-71")
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.True(t, carenet.Validation(err).Has("current_password", "incorrect"))

	err = k.Auth.ChangePassword(k.Ctx, here.Principal, userPassword, "password1234")
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "the policy applies")

	require.NoError(t, k.Auth.ChangePassword(k.Ctx, here.Principal, userPassword, "amber-meadow-falcon-71"))
	_, err = k.Auth.Authenticate(k.Ctx, here.Token)
	require.NoError(t, err, "the session that changed the password stays")
	_, err = k.Auth.Authenticate(k.Ctx, there.Token)
	require.ErrorIs(t, err, auth.ErrSessionInvalid, "every other session ends")
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	k.LoginAs("sstaff", "amber-meadow-falcon-71")
}

func TestRevokeSessions(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	k.User("Oli", "Other", "oother", userPassword, k.Group("Plain2", auth.ViewPersonnel))
	s1 := k.LoginAs("sstaff", userPassword)
	k.LoginAs("sstaff", userPassword)
	other := k.LoginAs("oother", userPassword).Principal

	_, err := k.Auth.RevokeSessions(k.Ctx, other, sam.Login.AccountID)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "another's sessions need ResetPasswords")

	list, err := k.Auth.Sessions(k.Ctx, s1.Principal, sam.Login.AccountID)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Empty(t, list[0].TokenHash, "listed sessions carry no token hash")

	n, err := k.Auth.RevokeSessions(k.Ctx, k.Admin.Principal, sam.Login.AccountID)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	_, err = k.Auth.Authenticate(k.Ctx, s1.Token)
	require.ErrorIs(t, err, auth.ErrSessionInvalid)
}

func TestEndDateEndsAccessBeforeTheSweep(t *testing.T) {
	k := newKit(t)
	end := k.Clock.Now().Add(48 * time.Hour)
	c, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ivy", FamilyName: "Intern", AgencyKind: personnel.AgencyCAC, EndDate: &end},
		Login:  &auth.LoginSpec{Username: "iintern", Password: userPassword, Groups: []string{auth.AdministratorGroup}},
	})
	require.NoError(t, err)
	end = *c.Profile.EndDate // midnight of the end date
	k.Clock.Set(end.Add(-10 * time.Minute))
	tok := k.LoginAs("iintern", userPassword).Token

	k.Clock.Set(end.Add(-time.Minute))
	_, err = k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err, "the day before the end date the intern works as usual")

	k.Clock.Set(end)
	_, err = k.Auth.Authenticate(k.Ctx, tok)
	require.ErrorIs(t, err, auth.ErrSessionInvalid, "at the end date the session stops, though no sweep has run")
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "iintern", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	acts := k.Actions(audit.TargetAccount, c.Profile.Login.AccountID)
	assert.Equal(t, auth.EventLoginRefused, acts[len(acts)-1])
	ev := k.Events(audit.TargetAccount, c.Profile.Login.AccountID)
	assert.Equal(t, "end_date_passed", ev[len(ev)-1].Details["reason"])
}
