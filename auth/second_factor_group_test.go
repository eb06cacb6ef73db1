package auth_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// TestRequiringASecondFactorIsARankedAuditedGroupChange: whether a group
// requires a second factor is a security-group change: it needs
// ManageSecurityGroups and every permission of the group, built-in groups
// included; it is audited with the values before and after; a built-in
// group takes that change and no other; and a refusal changes nothing.
func TestRequiringASecondFactorIsARankedAuditedGroupChange(t *testing.T) {
	k := totpKit(t)
	intake := k.Group("Intake", auth.ViewPersonnel, auth.ReviewReferrals)
	managers := k.Group("Group managers", auth.ManageSecurityGroups, auth.ViewPersonnel)
	k.User("Mo", "Manager", "mmanager", userPassword, managers)
	mo := k.LoginAs("mmanager", userPassword).Principal
	on, off := true, false

	// Mo lacks referrals.review, so may not touch Intake, nor Administrator.
	for _, id := range []string{intake, auth.AdministratorGroup} {
		_, err := k.Auth.UpdateSecurityGroup(k.Ctx, mo, id, groupVersion(t, k.Auth, k.Ctx, k.Admin.Principal, id), auth.SecurityGroupUpdate{RequireSecondFactor: &on})
		require.ErrorIs(t, err, auth.ErrOutranked, id)
	}
	clerk := k.Group("Clerks", auth.ViewPersonnel)
	k.User("Cy", "Clerk", "cclerk", userPassword, clerk)
	cy := k.LoginAs("cclerk", userPassword).Principal
	_, err := k.Auth.UpdateSecurityGroup(k.Ctx, cy, clerk, 1, auth.SecurityGroupUpdate{RequireSecondFactor: &on})
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "without security_groups.manage")
	// Mo holds every permission of Clerks.
	g, err := k.Auth.UpdateSecurityGroup(k.Ctx, mo, clerk, 1, auth.SecurityGroupUpdate{RequireSecondFactor: &on})
	require.NoError(t, err)
	require.True(t, g.RequireSecondFactor)
	require.Equal(t, int64(2), g.Version)

	// The built-in groups take this change, and no other with it.
	name := "Admins"
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, auth.AdministratorGroup, groupVersion(t, k.Auth, k.Ctx, k.Admin.Principal, auth.AdministratorGroup),
		auth.SecurityGroupUpdate{Name: &name, RequireSecondFactor: &on})
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	admin := requireSecondFactor(t, k.Auth, k.Ctx, k.Admin.Principal, auth.AdministratorGroup, true)
	require.Equal(t, "Administrator", admin.Name)
	require.Equal(t, k.Auth.Permissions().All(), admin.Permissions)
	referralUsers := requireSecondFactor(t, k.Auth, k.Ctx, k.Admin.Principal, auth.ReferralUserGroup, true)
	require.True(t, referralUsers.RequireSecondFactor)
	requireSecondFactor(t, k.Auth, k.Ctx, k.Admin.Principal, auth.ReferralUserGroup, false)

	// Audited, before and after; the refusals left nothing.
	require.Equal(t, []string{"false", "true"}, secondFactorChange(t, k.Events(audit.TargetSecurityGroup, clerk)))
	require.Equal(t, []string{"false", "true"}, secondFactorChange(t, k.Events(audit.TargetSecurityGroup, auth.AdministratorGroup)))
	require.Len(t, k.Events(audit.TargetSecurityGroup, intake), 1, "only its creation")
	ev := k.Events(audit.TargetSecurityGroup, auth.ReferralUserGroup)
	require.Equal(t, []string{"true", "false"}, secondFactorChange(t, ev[len(ev)-1:]))
	groups, err := k.Auth.SecurityGroups(k.Ctx, mo)
	require.NoError(t, err)
	for _, g := range groups {
		require.Equal(t, g.ID == clerk || g.ID == auth.AdministratorGroup, g.RequireSecondFactor, g.Name)
	}
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, mo, clerk, 2, auth.SecurityGroupUpdate{RequireSecondFactor: &off})
	require.NoError(t, err)
}

// secondFactorChange lists the require_second_factor before and after of
// each event that changed it.
func secondFactorChange(t *testing.T, events []audit.Event) []string {
	t.Helper()
	var out []string
	for _, e := range events {
		if b, ok := e.Details["require_second_factor_before"]; ok {
			out = append(out, b, e.Details["require_second_factor_after"])
		}
	}
	return out
}

// TestRequiringASecondFactorNeedsAServiceThatCanEnrolOne: without a TOTP
// key no member could enrol, so the requirement is refused, naming the
// field, and nothing changes; removing it is allowed.
func TestRequiringASecondFactorNeedsAServiceThatCanEnrolOne(t *testing.T) {
	k := newKit(t)
	clerk := k.Group("Clerks", auth.ViewPersonnel)
	on, off := true, false
	_, err := k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, clerk, 1, auth.SecurityGroupUpdate{RequireSecondFactor: &on})
	requireField(t, err, "require_second_factor", carenet.RuleNotAllowed)
	require.Equal(t, int64(1), groupVersion(t, k.Auth, k.Ctx, k.Admin.Principal, clerk))
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, clerk, 1, auth.SecurityGroupUpdate{RequireSecondFactor: &off})
	require.NoError(t, err)
}

// TestAdministratorRequiringASecondFactorRestrictsAdministratorsWithoutOne:
// with the built-in Administrator group requiring a second factor, an
// administrator without one is restricted at their next call, and one
// with one is not.
func TestAdministratorRequiringASecondFactorRestrictsAdministratorsWithoutOne(t *testing.T) {
	k := totpKit(t)
	k.User("Eve", "Enrolled", "eenrolled", userPassword)
	eve := k.LoginAs("eenrolled", userPassword)
	enrol(t, k, eve.Principal, userPassword)
	requireSecondFactor(t, k.Auth, k.Ctx, k.Admin.Principal, auth.AdministratorGroup, true)

	admin, err := k.Auth.Authenticate(k.Ctx, k.LoginAs("admin", adminPassword).Token)
	require.NoError(t, err)
	require.True(t, admin.MustEnrolSecondFactor)
	require.False(t, admin.Can(auth.ManageSecurityGroups))
	p, err := k.Auth.Authenticate(k.Ctx, eve.Token)
	require.NoError(t, err)
	require.False(t, p.MustEnrolSecondFactor)
	require.True(t, p.Can(auth.ManageSecurityGroups))
}
