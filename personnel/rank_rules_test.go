package personnel_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// TestNoActionAgainstALoginThatOutranksTheActor: a clerk who may
// deactivate, edit, delete and switch portals, but holds a few of the
// permissions an administrator holds, can neither deactivate the
// administrator (alone or in bulk), nor end-date them, nor change their
// portal switches, nor delete them: each is ErrOutranked and changes
// nothing; the administrator's session still works. The same actions on a
// login within the clerk's permissions succeed.
func TestNoActionAgainstALoginThatOutranksTheActor(t *testing.T) {
	k := newKit(t)
	clerks := k.Group("Clerks", auth.ViewPersonnel, auth.EditPersonnel, auth.DeactivatePersonnel,
		auth.ManagePortalAccess, auth.DeletePersonnel)
	k.User("Cle", "Clerk", "cclerk", pw, clerks)
	clerk := k.LoginAs("cclerk", pw).Principal
	admin := k.User("Ari", "Admin", "aadmin", pw)
	session := k.LoginAs("aadmin", pw).Token
	fresh := k.User("Nev", "Never", "nnever", pw) // an administrator who never logged in
	reader := k.User("Rae", "Reader", "rreader", pw, k.Group("Readers", auth.ViewPersonnel))
	nextMonth := k.Clock.Now().AddDate(0, 1, 0)

	before := len(k.Actions(audit.TargetPerson, admin.ID))
	for name, try := range map[string]func(id string) error{
		"deactivate": func(id string) error {
			_, err := k.Personnel.Deactivate(k.Ctx, clerk, id, "left")
			return err
		},
		"deactivate in bulk": func(id string) error {
			res, err := k.Personnel.DeactivateMany(k.Ctx, clerk, []string{id}, "cohort ended")
			require.NoError(t, err)
			return res.Items[0].Err
		},
		"end-date": func(id string) error {
			p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, id)
			require.NoError(t, err)
			_, err = k.Personnel.Edit(k.Ctx, clerk, id, p.Version, personnel.Update{EndDate: &nextMonth})
			return err
		},
		"switch the portal": func(id string) error {
			_, err := k.Personnel.SetPortalAccess(k.Ctx, clerk, id, portal.Access{Enabled: true, CareNet: true})
			return err
		},
	} {
		err := try(admin.ID)
		require.ErrorIs(t, err, auth.ErrOutranked, name)
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), name)
		require.NoError(t, try(reader.ID), "%s: within the clerk's permissions", name)
		if name != "end-date" && name != "switch the portal" {
			_, err := k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, reader.ID, "back")
			require.NoError(t, err)
		}
	}
	require.ErrorIs(t, k.Personnel.Delete(k.Ctx, clerk, fresh.ID), auth.ErrOutranked, "delete")

	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, admin.ID)
	require.NoError(t, err)
	assert.True(t, p.Active())
	assert.Nil(t, p.EndDate)
	assert.Equal(t, portal.Access{}, p.Login.Portal)
	assert.Len(t, k.Actions(audit.TargetPerson, admin.ID), before, "nothing recorded")
	_, err = k.Auth.Authenticate(k.Ctx, session)
	require.NoError(t, err, "the administrator's session still works")
	_, err = k.Personnel.Get(k.Ctx, k.Admin.Principal, fresh.ID)
	require.NoError(t, err, "not deleted")
}

// TestTheLastStandingAdministratorRemains: no one, an administrator
// included, deactivates, demotes, end-dates, switches CareNet away from or
// deletes the last active administrator without an end date: each is
// ErrLastAdministrator (Conflict) and changes nothing. With another one
// standing, each goes through.
func TestTheLastStandingAdministratorRemains(t *testing.T) {
	k := newKit(t)
	readers := k.Group("Readers", auth.ViewPersonnel)
	nextYear := k.Clock.Now().AddDate(1, 0, 0)
	last := func(name string, err error) {
		t.Helper()
		require.ErrorIs(t, err, auth.ErrLastAdministrator, name)
		assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), name)
	}
	tries := map[string]func(actor *auth.Principal, id string) error{
		"deactivate": func(actor *auth.Principal, id string) error {
			_, err := k.Personnel.Deactivate(k.Ctx, actor, id, "left")
			return err
		},
		"deactivate in bulk": func(actor *auth.Principal, id string) error {
			res, err := k.Personnel.DeactivateMany(k.Ctx, actor, []string{id}, "cohort ended")
			require.NoError(t, err)
			return res.Items[0].Err
		},
		"demote": func(actor *auth.Principal, id string) error {
			_, err := k.Personnel.SetSecurityGroups(k.Ctx, actor, id, []string{readers})
			return err
		},
		"end-date": func(actor *auth.Principal, id string) error {
			p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, id)
			require.NoError(t, err)
			_, err = k.Personnel.Edit(k.Ctx, actor, id, p.Version, personnel.Update{EndDate: &nextYear})
			return err
		},
		"switch CareNet away": func(actor *auth.Principal, id string) error {
			_, err := k.Personnel.SetPortalAccess(k.Ctx, actor, id, portal.Access{Enabled: true, Video: true})
			return err
		},
	}
	for name, try := range tries {
		last(name, try(k.Admin.Principal, k.Admin.ID()))
	}
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Admin.ID())
	require.NoError(t, err)
	assert.True(t, p.Active())
	assert.Nil(t, p.EndDate)
	assert.Equal(t, []string{auth.AdministratorGroup}, p.Login.Groups)
	assert.Equal(t, portal.Access{}, p.Login.Portal)
	k.LoginAs("admin", "correct horse battery staple")

	// With another standing administrator, each goes through.
	n := 0
	for name, try := range tries {
		n++
		ari := k.User("Ari", "Admin", fmt.Sprintf("ari%d", n), pw)
		require.NoError(t, try(k.Admin.Principal, ari.ID), name)
	}

	// Deleting: the last one, never used, whoever deletes.
	nev := k.User("Nev", "Never", "nnever", pw)
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Admin.ID(), "handing over")
	require.NoError(t, err, "Nev stands")
	last("delete", k.Personnel.Delete(k.Ctx, k.Admin.Principal, nev.ID))
	_, err = k.Personnel.Get(k.Ctx, k.Admin.Principal, nev.ID)
	require.NoError(t, err, "not deleted")
}

// TestTheSweepIsNotBlockedByRank: the system ends an administrator whose
// end date has passed (set while another administrator stood), whatever
// their permissions.
func TestTheSweepIsNotBlockedByRank(t *testing.T) {
	k := newKit(t)
	ari := k.User("Ari", "Admin", "aadmin", pw)
	d := sweptAfterEndDate(t, k, ari.ID, k.Clock.Now().AddDate(0, 0, 1))
	assert.True(t, d.LoginDisabled)
}

// TestTwoAdministratorsCannotRemoveEachOther: two administrators who
// deactivate each other at the same moment do not both succeed: the
// check that one remains runs one after the other.
func TestTwoAdministratorsCannotRemoveEachOther(t *testing.T) {
	for range 3 {
		k := newKit(t)
		ari := k.User("Ari", "Admin", "aadmin", pw)
		ariP := k.LoginAs("aadmin", pw).Principal
		each := []struct {
			actor *auth.Principal
			id    string
		}{{k.Admin.Principal, ari.ID}, {ariP, k.Admin.ID()}}
		errs := carenettest.Race(len(each), func(i int) error {
			_, err := k.Personnel.Deactivate(k.Ctx, each[i].actor, each[i].id, "left")
			return err
		})
		carenettest.RequireOneWon(t, errs, auth.ErrLastAdministrator)
	}
}
