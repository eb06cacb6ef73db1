package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// TestResetPasswordsCannotOutrank: the ResetPasswords permission resets
// the password or second factor only of users whose security groups grant
// nothing the helper lacks; an administrator's login cannot be taken over
// through it, and a refusal changes nothing.
func TestResetPasswordsCannotOutrank(t *testing.T) {
	k := newKit(t)
	helpdesk := k.Group("Helpdesk", auth.ResetPasswords, auth.ViewPersonnel)
	readers := k.Group("Readers", auth.ViewPersonnel)
	k.User("Hal", "Helpdesk", "hhelpdesk", userPassword, helpdesk)
	hal := k.LoginAs("hhelpdesk", userPassword).Principal
	reader := k.User("Rae", "Reader", "rreader", userPassword, readers)
	peer := k.User("Pat", "Peer", "ppeer", userPassword, helpdesk)
	admin := k.User("Ari", "Admin", "aadmin", userPassword) // Administrator

	for name, c := range map[string]struct {
		accountID string
		allowed   bool
	}{
		"fewer permissions":       {reader.Login.AccountID, true},
		"the same":                {peer.Login.AccountID, true},
		"an administrator":        {admin.Login.AccountID, false},
		"the first administrator": {k.Admin.Principal.AccountID, false},
	} {
		t.Run(name, func(t *testing.T) {
			before := len(k.Actions(audit.TargetAccount, c.accountID))
			link, err := k.Auth.IssuePasswordLink(k.Ctx, hal, c.accountID)
			totpErr := k.Auth.DisableTOTP(k.Ctx, hal, c.accountID, userPassword)
			if c.allowed {
				require.NoError(t, err)
				require.NotEmpty(t, link.Token)
				require.NoError(t, totpErr)
				return
			}
			require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "%v", err)
			require.Nil(t, link)
			require.Equal(t, carenet.Forbidden, carenet.ErrorCode(totpErr), "%v", totpErr)
			assert.Len(t, k.Actions(audit.TargetAccount, c.accountID), before, "nothing was issued or recorded")
		})
	}

	// An administrator holds every permission, so resets anyone's.
	_, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, admin.Login.AccountID)
	require.NoError(t, err)
	// One's own login is no way round it either: no link for it (a
	// session alone must not set its password), while removing one's own
	// second factor with the current password stays allowed.
	link, err := k.Auth.IssuePasswordLink(k.Ctx, hal, hal.AccountID)
	require.ErrorIs(t, err, auth.ErrOwnLink)
	require.Nil(t, link)
	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, hal, hal.AccountID, userPassword))
}

func TestPermissionSetCovers(t *testing.T) {
	both := auth.NewPermissionSet(auth.ViewPersonnel, auth.ResetPasswords)
	one := auth.NewPermissionSet(auth.ViewPersonnel)
	assert.True(t, both.Covers(one))
	assert.True(t, both.Covers(both))
	assert.True(t, one.Covers(auth.PermissionSet{}))
	assert.False(t, one.Covers(both))
	assert.False(t, auth.PermissionSet{}.Covers(one))
}

// TestSecurityGroupsCannotOutrank: managing security groups defines and
// changes only groups within the manager's own permissions, so a manager
// cannot widen the group they are in.
func TestSecurityGroupsCannotOutrank(t *testing.T) {
	k := newKit(t)
	managers := k.Group("Managers", auth.ManageSecurityGroups, auth.ViewPersonnel)
	k.User("Mel", "Manager", "mmanager", userPassword, managers)
	mel := k.LoginAs("mmanager", userPassword).Principal

	_, err := k.Auth.CreateSecurityGroup(k.Ctx, mel, "Everything", "", auth.NewPermissionSet(auth.ViewPersonnel, auth.DeletePersonnel))
	require.ErrorIs(t, err, auth.ErrOutranked)
	readers, err := k.Auth.CreateSecurityGroup(k.Ctx, mel, "Readers", "", auth.NewPermissionSet(auth.ViewPersonnel))
	require.NoError(t, err)

	groups, err := k.Auth.SecurityGroups(k.Ctx, k.Admin.Principal)
	require.NoError(t, err)
	var mine auth.SecurityGroup
	for _, g := range groups {
		require.NotEqual(t, "Everything", g.Name, "the refused group was not made")
		if g.ID == managers {
			mine = g
		}
	}
	wider := mine.Permissions.With(auth.DeletePersonnel)
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, mel, managers, mine.Version, auth.SecurityGroupUpdate{Permissions: &wider})
	require.ErrorIs(t, err, auth.ErrOutranked, "widening one's own group")
	p, err := k.Auth.Authenticate(k.Ctx, k.LoginAs("mmanager", userPassword).Token)
	require.NoError(t, err)
	assert.False(t, p.Can(auth.DeletePersonnel))

	name := "Personnel readers"
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, mel, readers.ID, readers.Version, auth.SecurityGroupUpdate{Name: &name})
	require.NoError(t, err, "a group within the manager's permissions")

	staff := k.Group("Staff", auth.ViewPersonnel, auth.EditPersonnel)
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, mel, staff, 1, auth.SecurityGroupUpdate{Name: &name})
	require.ErrorIs(t, err, auth.ErrOutranked, "a group holding more than the manager")
}
