package personnel_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// TestNoOneConfersPermissionsTheyLack: a manager who may create people,
// apply security groups and reactivate logins cannot use that to make an
// administrator (of someone else or themselves), to demote one, or to
// obtain the set-password link of one; each refusal is Forbidden and
// changes nothing.
func TestNoOneConfersPermissionsTheyLack(t *testing.T) {
	k := newKit(t)
	managers := k.Group("Managers", auth.ViewPersonnel, auth.CreatePersonnel, auth.ManageSecurityGroups,
		auth.DeactivatePersonnel, auth.ReactivatePersonnel)
	readers := k.Group("Readers", auth.ViewPersonnel)
	mel := k.User("Mel", "Manager", "mmanager", pw, managers)
	mgr := k.LoginAs("mmanager", pw).Principal
	admin := k.User("Ari", "Admin", "aadmin", pw)
	reader := k.User("Rae", "Reader", "rreader", pw, readers)

	outranked := func(name string, err error) {
		t.Helper()
		require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "%s: %v", name, err)
		require.ErrorIs(t, err, auth.ErrOutranked, name)
	}
	groupsOf := func(id string) []string {
		t.Helper()
		p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, id)
		require.NoError(t, err)
		return p.Login.Groups
	}

	// Creating people.
	_, err := k.Personnel.Create(k.Ctx, mgr, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Eve", FamilyName: "Escalate", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "eescalate", Password: pw, Groups: []string{auth.AdministratorGroup}},
	})
	outranked("create an administrator", err)
	page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, personnel.Query{Name: "eve"})
	require.NoError(t, err)
	assert.Empty(t, page.People, "nothing was created")
	_, err = k.Personnel.Create(k.Ctx, mgr, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Nia", FamilyName: "New", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "nnew", Password: pw, Groups: []string{readers}},
	})
	require.NoError(t, err, "a group within the manager's permissions")

	// Applying security groups.
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, mgr, reader.ID, []string{auth.AdministratorGroup})
	outranked("raise another", err)
	assert.Equal(t, []string{readers}, groupsOf(reader.ID))
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, mgr, mel.ID, []string{managers, auth.AdministratorGroup})
	outranked("raise oneself", err)
	assert.Equal(t, []string{managers}, groupsOf(mel.ID))
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, mgr, admin.ID, []string{readers})
	outranked("lower an administrator", err)
	assert.Equal(t, []string{auth.AdministratorGroup}, groupsOf(admin.ID))
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, mgr, reader.ID, []string{readers, managers})
	require.NoError(t, err, "groups within the manager's permissions")

	// Reactivating: the set-password link would go to the manager.
	_, err = k.Personnel.Deactivate(k.Ctx, mgr, admin.ID, "left")
	outranked("taking access away from an administrator", err)
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, admin.ID, "left")
	require.NoError(t, err)
	_, err = k.Personnel.Reactivate(k.Ctx, mgr, admin.ID, "back")
	outranked("reactivate an administrator", err)
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, admin.ID)
	require.NoError(t, err)
	assert.Equal(t, personnel.Inactive, p.State, "still inactive")
	r, err := k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, admin.ID, "back")
	require.NoError(t, err, "an administrator may")
	assert.NotNil(t, r.Link)
}

// TestPortalAccessCannotOutrank: CareNet Access decides whether a login's
// security groups grant anything, and the other switches what it reaches,
// so a portal manager changes the switches only of logins whose groups
// grant nothing the manager lacks, and gives only capabilities whose
// staff permission they hold.
func TestPortalAccessCannotOutrank(t *testing.T) {
	k := newKit(t)
	k.User("Pam", "Portal", "pportal", pw, k.Group("Portal managers", auth.ViewPersonnel, auth.ManagePortalAccess))
	pam := k.LoginAs("pportal", pw).Principal
	admin := k.User("Ari", "Admin", "aadmin", pw)
	partner := k.User("Rita", "Referrer", "rreferrer", pw, auth.ReferralUserGroup)

	videoOnly := portal.Access{Enabled: true, Video: true}
	withCareNet := portal.Access{Enabled: true, Video: true, CareNet: true}
	_, err := k.Personnel.SetPortalAccess(k.Ctx, pam, admin.ID, videoOnly)
	require.ErrorIs(t, err, auth.ErrOutranked, "turning the portal on takes an administrator's CareNet away")
	_, err = k.Personnel.SetPortalAccess(k.Ctx, k.Admin.Principal, admin.ID, videoOnly)
	require.NoError(t, err)
	_, err = k.Personnel.SetPortalAccess(k.Ctx, pam, admin.ID, withCareNet)
	require.ErrorIs(t, err, auth.ErrOutranked, "CareNet Access would give an administrator's permissions back")
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, admin.ID)
	require.NoError(t, err)
	assert.Equal(t, videoOnly, p.Login.Portal, "unchanged")

	_, err = k.Personnel.SetPortalAccess(k.Ctx, pam, admin.ID, portal.Access{Enabled: true, Video: true, Referral: portal.ReferralBoth})
	require.ErrorIs(t, err, auth.ErrOutranked, "any switch of a login that holds more")
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, pam, partner.ID, portal.ReferralOnly)
	require.ErrorIs(t, err, auth.ErrOutranked, "referral access reaches what referrals.submit does")
	k.User("Ray", "Referrals", "rreferrals", pw, k.Group("Referral managers", auth.ViewPersonnel, auth.ManagePortalAccess, auth.SubmitReferrals))
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.LoginAs("rreferrals", pw).Principal, partner.ID, portal.ReferralOnly)
	require.NoError(t, err, "a Referral User's groups grant nothing")
}
