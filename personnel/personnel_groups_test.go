package personnel_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

func TestPersonnelGroups(t *testing.T) {
	k := newKit(t)
	lee := k.Person("Lee", "Officer", personnel.AgencyLawEnforcement)
	cas := k.Person("Cas", "Worker", personnel.AgencyChildProtective)
	doc := k.Person("Doc", "Medic", personnel.AgencyMedical)

	g, err := k.Personnel.CreateGroup(k.Ctx, k.Admin.Principal, "Tuesday MDT", "weekly case review")
	require.NoError(t, err)
	_, err = k.Personnel.CreateGroup(k.Ctx, k.Admin.Principal, "tuesday mdt", "")
	assert.True(t, carenet.Validation(err).Has("name", carenet.RuleTaken))

	for _, p := range []personnel.Profile{lee, cas, doc} {
		require.NoError(t, k.Personnel.AddMember(k.Ctx, k.Admin.Principal, g.ID, p.ID))
	}
	require.NoError(t, k.Personnel.AddMember(k.Ctx, k.Admin.Principal, g.ID, lee.ID), "adding twice is harmless")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(k.Personnel.AddMember(k.Ctx, k.Admin.Principal, g.ID, "nobody")))

	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, doc.ID, "retired")
	require.NoError(t, err)

	members, err := k.Personnel.Members(k.Ctx, k.Admin.Principal, g.ID)
	require.NoError(t, err)
	require.Len(t, members, 3, "inactive members stay listed")
	states := map[string]personnel.State{}
	for _, m := range members {
		states[m.Person.GivenName] = m.Person.State
	}
	assert.Equal(t, personnel.Inactive, states["Doc"], "and are marked")

	active, err := k.Personnel.Expand(k.Ctx, k.Admin.Principal, g.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"Lee Officer", "Cas Worker"}, names(active), "expanding yields active members only, ordered by name")

	require.NoError(t, k.Personnel.RemoveMember(k.Ctx, k.Admin.Principal, g.ID, cas.ID))
	require.NoError(t, k.Personnel.RemoveMember(k.Ctx, k.Admin.Principal, g.ID, cas.ID), "removing twice is harmless")

	renamed, err := k.Personnel.RenameGroup(k.Ctx, k.Admin.Principal, g.ID, 1, "Thursday MDT")
	require.NoError(t, err)
	_, err = k.Personnel.RenameGroup(k.Ctx, k.Admin.Principal, g.ID, 1, "Friday MDT")
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))

	list, err := k.Personnel.Groups(k.Ctx, k.Admin.Principal)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Thursday MDT", list[0].Name)

	k.User("Vic", "Viewer", "vviewer", pw, k.Group("Viewers", auth.ViewPersonnel))
	vic := k.LoginAs("vviewer", pw).Principal
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(k.Personnel.AddMember(k.Ctx, vic, g.ID, cas.ID)))
	_, err = k.Personnel.Expand(k.Ctx, vic, g.ID)
	assert.NoError(t, err, "viewing needs only ViewPersonnel")

	require.NoError(t, k.Personnel.DeleteGroup(k.Ctx, k.Admin.Principal, renamed.ID))
	_, err = k.Personnel.Members(k.Ctx, k.Admin.Principal, g.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	_, err = k.Personnel.Get(k.Ctx, k.Admin.Principal, lee.ID)
	assert.NoError(t, err, "the people stay")
	assert.Equal(t, []any{personnel.EventPersonnelGroupCreated, personnel.EventPersonnelGroupMemberAdded, personnel.EventPersonnelGroupMemberAdded, personnel.EventPersonnelGroupMemberAdded,
		personnel.EventPersonnelGroupMemberRemoved, personnel.EventPersonnelGroupRenamed, personnel.EventPersonnelGroupDeleted}, actions(k.Events(audit.TargetPersonnelGroup, g.ID)))
}
