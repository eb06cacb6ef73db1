package personnel_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

// TestGiveLoginLetsAContactLogIn: a contact given a login later logs in
// with it; a second login for them is refused.
func TestGiveLoginLetsAContactLogIn(t *testing.T) {
	k := newKit(t)
	c := k.Person("Carl", "Contact", personnel.AgencyCAC)
	got, err := k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, c.ID, auth.LoginSpec{Username: "ccontact", Password: pw, Groups: []string{auth.AdministratorGroup}})
	require.NoError(t, err)
	require.NotNil(t, got.Profile.Login)
	assert.True(t, got.Profile.Login.Active)
	k.LoginAs("ccontact", pw)
	assert.Equal(t, personnel.EventLoginGiven, k.Actions(audit.TargetPerson, c.ID)[len(k.Actions(audit.TargetPerson, c.ID))-1])

	_, err = k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, c.ID, auth.LoginSpec{Username: "ccontact2", Password: pw, Groups: []string{auth.AdministratorGroup}})
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))

	bad := k.Person("Bea", "Bad", personnel.AgencyCAC)
	_, err = k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, bad.ID, auth.LoginSpec{Username: "ccontact", Password: pw, Groups: []string{auth.AdministratorGroup}})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "a taken username")
	assert.Equal(t, "login.username", carenet.Validation(err).Problems[0].Field)
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, bad.ID)
	require.NoError(t, err)
	assert.Nil(t, p.Login, "nothing changed")
}

// TestDisableLoginKeepsThePersonActive: only the login goes off; its
// sessions end and it cannot log in, the person stays active; EnableLogin
// brings it back through a new password only.
func TestDisableLoginKeepsThePersonActive(t *testing.T) {
	k := newKit(t)
	u := k.User("Lea", "Leave", "lleave", pw)
	tok := k.LoginAs("lleave", pw).Token
	d, err := k.Personnel.DisableLogin(k.Ctx, k.Admin.Principal, u.ID, "parental leave")
	require.NoError(t, err)
	assert.True(t, d.Changed)
	assert.Equal(t, 1, d.SessionsRevoked)
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, u.ID)
	require.NoError(t, err)
	assert.True(t, p.Active(), "the person stays active")
	assert.False(t, p.Login.Active)
	_, err = k.Auth.Authenticate(k.Ctx, tok)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err), "the session ended")
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "lleave", Password: pw})
	assert.ErrorIs(t, err, auth.ErrLoginFailed)
	again, err := k.Personnel.DisableLogin(k.Ctx, k.Admin.Principal, u.ID, "parental leave")
	require.NoError(t, err)
	assert.False(t, again.Changed)

	r, err := k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, u.ID, "back")
	require.NoError(t, err)
	requireOnlyNewPassword(t, k, "lleave", r.Link)
	_, err = k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, u.ID, "back")
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "already active")
	acts := k.Actions(audit.TargetPerson, u.ID)
	assert.Contains(t, acts, personnel.EventLoginDisabled)
	assert.Contains(t, acts, personnel.EventLoginEnabled)
	k.VerifyAudit()
}

// TestDisableLoginOfNoLoginIsAClearError: a contact has no login to
// disable: ErrNoLogin, NotFound, and nothing recorded.
func TestDisableLoginOfNoLoginIsAClearError(t *testing.T) {
	k := newKit(t)
	c := k.Person("Carl", "Contact", personnel.AgencyCAC)
	before := len(k.Events(audit.TargetPerson, c.ID))
	_, err := k.Personnel.DisableLogin(k.Ctx, k.Admin.Principal, c.ID, "x")
	require.ErrorIs(t, err, personnel.ErrNoLogin)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	assert.Equal(t, "this person has no login", carenet.ErrorMessage(err))
	assert.Len(t, k.Events(audit.TargetPerson, c.ID), before)
	_, err = k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, c.ID, "x")
	require.ErrorIs(t, err, personnel.ErrNoLogin)
}

// TestDisableLoginRespectsRankAndTheLastAdministrator: no one switches off
// the login of someone who outranks them, and the last standing
// administrator's login stays on.
func TestDisableLoginRespectsRankAndTheLastAdministrator(t *testing.T) {
	k := newKit(t)
	requireLoginGuarded(t, k, []auth.Permission{auth.DeactivatePersonnel, auth.ReactivatePersonnel, auth.ViewPersonnel}, func(actor *auth.Principal, id string) error {
		_, err := k.Personnel.DisableLogin(k.Ctx, actor, id, "x")
		return err
	})
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Admin.ID())
	require.NoError(t, err)
	assert.True(t, p.Login.Active)
	_, err = k.Personnel.DisableLogin(k.Ctx, &auth.Principal{}, k.Admin.ID(), "x")
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "needs DeactivatePersonnel")
}

// TestRemovedLoginCannotLogIn: a contact given a login logs in; after the
// login is removed they cannot, their session no longer authenticates, the
// person stays, and they can be given a login again.
func TestRemovedLoginCannotLogIn(t *testing.T) {
	k := newKit(t)
	c := k.Person("Carl", "Contact", personnel.AgencyCAC)
	_, err := k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, c.ID, auth.LoginSpec{Username: "ccontact", Password: pw, Groups: []string{auth.ReferralUserGroup}})
	require.NoError(t, err)
	tok := k.LoginAs("ccontact", pw).Token

	r, err := k.Personnel.RemoveLogin(k.Ctx, k.Admin.Principal, c.ID, "no longer a user")
	require.NoError(t, err)
	assert.Equal(t, personnel.LoginRemoved{Username: "ccontact", SessionsRevoked: 1}, r)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "ccontact", Password: pw})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	_, err = k.Auth.Authenticate(k.Ctx, tok)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, c.ID)
	require.NoError(t, err)
	assert.True(t, p.Active(), "the person stays")
	assert.Nil(t, p.Login)
	ev := k.Events(audit.TargetPerson, c.ID)
	assert.Equal(t, personnel.EventLoginRemoved, ev[len(ev)-1].Action)
	assert.Equal(t, "ccontact", ev[len(ev)-1].Details["username"])

	_, err = k.Personnel.RemoveLogin(k.Ctx, k.Admin.Principal, c.ID, "again")
	require.ErrorIs(t, err, personnel.ErrNoLogin)
	_, err = k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, c.ID, auth.LoginSpec{Username: "ccontact", Password: "amber-meadow-falcon-71", Groups: []string{auth.ReferralUserGroup}})
	require.NoError(t, err)
	k.LoginAs("ccontact", "amber-meadow-falcon-71")
	k.VerifyAudit()
}

// TestRemoveLoginRespectsRankAndTheLastAdministrator: an actor who lacks
// what the login holds cannot remove it, nor can anyone remove the last
// standing administrator's.
func TestRemoveLoginRespectsRankAndTheLastAdministrator(t *testing.T) {
	k := newKit(t)
	requireLoginGuarded(t, k, []auth.Permission{auth.EditPersonnel, auth.ManageSecurityGroups, auth.ViewPersonnel}, func(actor *auth.Principal, id string) error {
		_, err := k.Personnel.RemoveLogin(k.Ctx, actor, id, "x")
		return err
	})
	k.LoginAs("admin", carenettest.Password)
}
