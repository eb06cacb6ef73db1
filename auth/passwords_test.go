package auth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

func TestPasswordLink(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	samP := k.LoginAs("sstaff", userPassword).Principal

	_, err := k.Auth.IssuePasswordLink(k.Ctx, samP, sam.Login.AccountID)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "issuing links needs ResetPasswords")

	first, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, sam.Login.AccountID)
	require.NoError(t, err)
	link, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, sam.Login.AccountID)
	require.NoError(t, err)
	assert.Equal(t, k.Clock.Now().Add(24*time.Hour), link.Link.ExpiresAt)
	assert.Empty(t, link.Link.TokenHash)

	require.ErrorIs(t, k.Auth.CompletePasswordLink(k.Ctx, first.Token, "amber-meadow-falcon-71"), auth.ErrLinkInvalid,
		"a new link makes the old one stop working")

	err = k.Auth.CompletePasswordLink(k.Ctx, link.Token, "Sam Staff sstaff 2026")
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.True(t, carenet.Validation(err).Has("password", "personal"), "%v", err)

	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, "amber-meadow-falcon-71"), "a refused password leaves the link usable")
	require.ErrorIs(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, "another-fine-phrase-88"), auth.ErrLinkInvalid, "a link works once")
	k.LoginAs("sstaff", "amber-meadow-falcon-71")
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed)

	expiring, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, sam.Login.AccountID)
	require.NoError(t, err)
	k.Clock.Advance(24 * time.Hour)
	require.ErrorIs(t, k.Auth.CompletePasswordLink(k.Ctx, expiring.Token, "another-fine-phrase-88"), auth.ErrLinkInvalid, "links expire after 24 hours")

	for _, bad := range []string{"", "cnl_x", auth.SessionTokenPrefix + expiring.Token[4:]} {
		require.ErrorIs(t, k.Auth.CompletePasswordLink(k.Ctx, bad, "another-fine-phrase-88"), auth.ErrLinkInvalid)
	}
}

func TestPasswordLinkOfDeactivatedPerson(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword)
	link, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, sam.Login.AccountID)
	require.NoError(t, err)
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, sam.ID, "left")
	require.NoError(t, err)
	require.ErrorIs(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, "amber-meadow-falcon-71"), auth.ErrLinkInvalid)
}

func TestSecurityGroups(t *testing.T) {
	k := newKit(t)
	g, err := k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Forensic Interviewers", "", auth.NewPermissionSet(auth.ViewVideos))
	require.NoError(t, err)

	_, err = k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "forensic interviewers", "", auth.PermissionSet{})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.True(t, carenet.Validation(err).Has("name", carenet.RuleTaken), "names are unique without regard to case")

	_, err = k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Bad\x00Name", "", auth.PermissionSet{})
	assert.True(t, carenet.Validation(err).Has("name", carenet.RuleControlChars))

	name := "Interviewers"
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, g.ID, 99, auth.SecurityGroupUpdate{Name: &name})
	require.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "a stale version is refused")
	g, err = k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, g.ID, 1, auth.SecurityGroupUpdate{Name: &name})
	require.NoError(t, err)
	assert.Equal(t, "Interviewers", g.Name)

	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, auth.AdministratorGroup, 1, auth.SecurityGroupUpdate{Name: &name})
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "built-in groups cannot be changed")
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(k.Auth.DeleteSecurityGroup(k.Ctx, k.Admin.Principal, auth.ReferralUserGroup)))

	k.User("Ian", "Interviewer", "iinterviewer", userPassword, g.ID)
	require.Equal(t, carenet.InUse, carenet.ErrorCode(k.Auth.DeleteSecurityGroup(k.Ctx, k.Admin.Principal, g.ID)), "a group in use cannot be deleted")

	ian := k.LoginAs("iinterviewer", userPassword).Principal
	_, err = k.Auth.CreateSecurityGroup(k.Ctx, ian, "Mine", "", auth.PermissionSet{})
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))

	list, err := k.Auth.SecurityGroups(k.Ctx, k.Admin.Principal)
	require.NoError(t, err)
	assert.Len(t, list, 3)
	assert.Equal(t, []any{auth.EventSecurityGroupCreated, auth.EventSecurityGroupUpdated}, toAny(k.Actions(audit.TargetSecurityGroup, g.ID)))
}
