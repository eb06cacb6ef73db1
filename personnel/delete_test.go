package personnel_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

type hostRefs map[string][]personnel.Reference

func (h hostRefs) References(_ context.Context, id string) ([]personnel.Reference, error) {
	return h[id], nil
}

func TestDeleteUnusedProfile(t *testing.T) {
	k := newKit(t)
	oops := k.Person("Oops", "Typo", personnel.AgencyCAC)
	unusedLogin := k.User("Never", "Used", "neverused", pw)
	for _, id := range []string{oops.ID, unusedLogin.ID} {
		require.NoError(t, k.Personnel.Delete(k.Ctx, k.Admin.Principal, id))
		_, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, id)
		assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
		assert.Equal(t, personnel.EventDeleted, k.Actions(audit.TargetPerson, id)[len(k.Actions(audit.TargetPerson, id))-1])
	}
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "neverused", Password: pw})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the login went with the profile")
	k.User("Again", "Used", "neverused", pw) // the username is free again
}

func TestDeleteUsedProfileIsRefused(t *testing.T) {
	refs := hostRefs{}
	k := newKit(t, carenettest.WithReferences(refs))
	loggedIn := k.User("Sam", "Staff", "sstaff", pw)
	k.LoginAs("sstaff", pw)
	actor := k.User("Ann", "Actor", "aactor", pw)
	ann := k.LoginAs("aactor", pw).Principal
	_, err := k.Personnel.Edit(k.Ctx, ann, loggedIn.ID, 1, personnel.Update{Title: ptr("Advocate")})
	require.NoError(t, err)
	inGroup := k.Person("Gil", "Grouped", personnel.AgencyCAC)
	g, err := k.Personnel.CreateGroup(k.Ctx, k.Admin.Principal, "MDT", "")
	require.NoError(t, err)
	require.NoError(t, k.Personnel.AddMember(k.Ctx, k.Admin.Principal, g.ID, inGroup.ID))
	onCase := k.Person("Cass", "Caseworker", personnel.AgencyChildProtective)
	refs[onCase.ID] = []personnel.Reference{{Kind: "client_profiles", Count: 2}}

	cases := map[string]struct {
		id   string
		kind string
	}{
		"LoggedIn":       {loggedIn.ID, "login_history"},
		"ActedInAudit":   {actor.ID, "audit_events"},
		"PersonnelGroup": {inGroup.ID, "personnel_groups"},
		"HostRecords":    {onCase.ID, "client_profiles"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := k.Personnel.Delete(k.Ctx, k.Admin.Principal, c.id)
			require.Equal(t, carenet.InUse, carenet.ErrorCode(err), "%v", err)
			var refErr *personnel.ReferencedError
			require.True(t, errors.As(err, &refErr))
			var kinds []string
			for _, r := range refErr.References {
				kinds = append(kinds, r.Kind)
			}
			assert.Contains(t, kinds, c.kind)
			assert.Contains(t, carenet.ErrorMessage(err), "deactivate it instead")
			if name == "HostRecords" {
				assert.Equal(t, "this profile has been used (client profiles: 2) and cannot be deleted; deactivate it instead", carenet.ErrorMessage(err))
			}

			got, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, c.id)
			require.NoError(t, err, "the person is still there")
			assert.Equal(t, c.id, got.ID)
			acts := k.Actions(audit.TargetPerson, c.id)
			assert.Equal(t, personnel.EventDeleteRefused, acts[len(acts)-1])
		})
	}
}

func TestDeleteNeedsPermission(t *testing.T) {
	k := newKit(t)
	oops := k.Person("Oops", "Typo", personnel.AgencyCAC)
	k.User("Ed", "Editor", "eeditor", pw, k.Group("Editors", auth.EditPersonnel, auth.DeactivatePersonnel))
	ed := k.LoginAs("eeditor", pw).Principal
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(k.Personnel.Delete(k.Ctx, ed, oops.ID)))
	_, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, oops.ID)
	assert.NoError(t, err)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(k.Personnel.Delete(k.Ctx, k.Admin.Principal, "nobody")))
}
