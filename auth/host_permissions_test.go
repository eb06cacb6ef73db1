package auth_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
)

// hostKit is a kit whose auth service knows two host permissions.
func hostKit(t *testing.T) (k *carenettest.Env, clientsView, casesEdit auth.Permission) {
	t.Helper()
	reg := auth.NewPermissionRegistry()
	var err error
	clientsView, err = reg.Register("clients.view", "Open client profiles.")
	require.NoError(t, err)
	casesEdit, err = reg.Register("cases.edit", "Edit cases.")
	require.NoError(t, err)
	k = newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.Permissions = reg }))
	return k, clientsView, casesEdit
}

// TestRegisterPermissionRefusesBadNamesAndChangesNothing: registering a
// name twice, an empty, too long or misshapen name, one of the SDK's, or
// once the service holds the registry, is an Invalid error naming the
// field and rule, and the registry is unchanged.
func TestRegisterPermissionRefusesBadNamesAndChangesNothing(t *testing.T) {
	reg := auth.NewPermissionRegistry()
	_, err := reg.Register("clients.view", "")
	require.NoError(t, err)
	cases := []struct{ name, rule string }{
		{"clients.view", carenet.RuleTaken},
		{"", carenet.RuleRequired},
		{"clients." + strings.Repeat("v", auth.MaxPermissionNameLength), carenet.RuleTooLong},
		{"clients", carenet.RuleFormat},
		{"Clients.View", carenet.RuleFormat},
		{"clients..view", carenet.RuleFormat},
		{"clients.view-all", carenet.RuleFormat},
		{"1clients.view", carenet.RuleFormat},
		{"a.b.c.d.e", carenet.RuleFormat},
		{"personnel.view", carenet.RuleTaken},
	}
	for _, c := range cases {
		_, err := reg.Register(c.name, "")
		require.Error(t, err, c.name)
		assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err), c.name)
		var v *carenet.ValidationError
		require.ErrorAs(t, err, &v, c.name)
		assert.True(t, v.Has("name", c.rule), "%q: %v", c.name, err)
	}
	_, err = reg.Register("clients.edit", "bad\x00description")
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.Len(t, reg.Permissions(), len(auth.AllPermissions())+1, "nothing was registered")

	_, err = auth.NewService(carenettest.NewStore(t).Auth(), auth.Config{Permissions: reg})
	require.NoError(t, err)
	_, err = reg.Register("cases.edit", "")
	var v *carenet.ValidationError
	require.ErrorAs(t, err, &v)
	assert.True(t, v.Has("name", carenet.RuleNotAllowed), "registering after the service started: %v", err)
	_, err = reg.Parse("cases.edit")
	assert.Error(t, err)
}

// TestSecurityGroupsGrantHostPermissions: a group holds SDK and host
// permissions alike; its members can use them at their next call, the
// Administrator group holds every registered one, the group lists them by
// name, the audit names them, and taking one away takes it from members.
func TestSecurityGroupsGrantHostPermissions(t *testing.T) {
	k, clientsView, casesEdit := hostKit(t)
	g, err := k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Clinicians", "", auth.NewPermissionSet(auth.ViewPersonnel, clientsView))
	require.NoError(t, err)
	k.User("Cara", "Clinician", "cclinician", userPassword, g.ID)
	tok := k.LoginAs("cclinician", userPassword).Token
	cara, err := k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.True(t, cara.Can(clientsView))
	assert.True(t, cara.Can(auth.ViewPersonnel))
	assert.False(t, cara.Can(casesEdit))
	err = cara.Require(casesEdit)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Contains(t, carenet.ErrorMessage(err), "cases.edit", "the refusal names the host permission")
	assert.True(t, k.Admin.Principal.Can(clientsView) && k.Admin.Principal.Can(casesEdit), "Administrator holds every registered permission")

	groups, err := k.Auth.SecurityGroups(k.Ctx, k.Admin.Principal)
	require.NoError(t, err)
	for _, sg := range groups {
		if sg.ID == g.ID {
			assert.Equal(t, []string{"clients.view"}, sg.HostPermissions)
			assert.True(t, sg.Permissions.Has(clientsView))
		}
	}
	ev := k.Events(audit.TargetSecurityGroup, g.ID)
	require.NotEmpty(t, ev)
	assert.Equal(t, "personnel.view,clients.view", ev[0].Details["permissions"])

	fewer := auth.NewPermissionSet(auth.ViewPersonnel, casesEdit)
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, g.ID, g.Version, auth.SecurityGroupUpdate{Permissions: &fewer})
	require.NoError(t, err)
	cara, err = k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.False(t, cara.Can(clientsView))
	assert.True(t, cara.Can(casesEdit))

	unknown := auth.NewPermissionSet(auth.Permission(200))
	_, err = k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Unknown", "", unknown)
	var v *carenet.ValidationError
	require.ErrorAs(t, err, &v)
	assert.True(t, v.Has("permissions", carenet.RuleOneOf), "a permission no one registered: %v", err)
}

// TestHostPermissionsFollowTheRankRule: no one confers a host permission
// they lack: not in a group they define or change, nor by applying a group
// that holds it.
func TestHostPermissionsFollowTheRankRule(t *testing.T) {
	k, clientsView, _ := hostKit(t)
	managers := k.Group("Managers", auth.ManageSecurityGroups, auth.ViewPersonnel, auth.CreatePersonnel, auth.EditPersonnel)
	k.User("Mel", "Manager", "mmanager", userPassword, managers)
	mel := k.LoginAs("mmanager", userPassword).Principal

	_, err := k.Auth.CreateSecurityGroup(k.Ctx, mel, "Clinicians", "", auth.NewPermissionSet(clientsView))
	require.ErrorIs(t, err, auth.ErrOutranked)

	clinicians, err := k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Clinicians", "", auth.NewPermissionSet(auth.ViewPersonnel, clientsView))
	require.NoError(t, err)
	name := "Renamed"
	_, err = k.Auth.UpdateSecurityGroup(k.Ctx, mel, clinicians.ID, clinicians.Version, auth.SecurityGroupUpdate{Name: &name})
	require.ErrorIs(t, err, auth.ErrOutranked, "changing a group that holds a host permission the manager lacks")

	err = k.Store.Auth().Update(k.Ctx, func(tx auth.Tx) error {
		return auth.RequireGrantable(k.Ctx, tx, mel, []string{clinicians.ID})
	})
	require.ErrorIs(t, err, auth.ErrOutranked, "applying a group that holds a host permission the manager lacks")
	err = k.Store.Auth().Update(k.Ctx, func(tx auth.Tx) error {
		return auth.RequireGrantable(k.Ctx, tx, k.Admin.Principal, []string{clinicians.ID})
	})
	require.NoError(t, err)
}

// TestHostPermissionsFollowTheReachRule: a password link for a login whose
// groups hold a host permission goes only to an actor who holds it too.
func TestHostPermissionsFollowTheReachRule(t *testing.T) {
	k, clientsView, _ := hostKit(t)
	clinicians, err := k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Clinicians", "", auth.NewPermissionSet(auth.ViewPersonnel, clientsView))
	require.NoError(t, err)
	cara := k.User("Cara", "Clinician", "cclinician", userPassword, clinicians.ID)
	resetters := k.Group("Resetters", auth.ResetPasswords, auth.ViewPersonnel)
	k.User("Rita", "Resetter", "rresetter", userPassword, resetters)
	rita := k.LoginAs("rresetter", userPassword).Principal
	caraLogin := k.LoginAs("cclinician", userPassword).Principal

	_, err = k.Auth.IssuePasswordLink(k.Ctx, rita, caraLogin.AccountID)
	require.ErrorIs(t, err, auth.ErrOutranked)

	g2, err := k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Resetters with clients", "", auth.NewPermissionSet(auth.ResetPasswords, auth.ViewPersonnel, clientsView))
	require.NoError(t, err)
	k.User("Ray", "Resetter", "rayresetter", userPassword, g2.ID)
	ray := k.LoginAs("rayresetter", userPassword).Principal
	_, err = k.Auth.IssuePasswordLink(k.Ctx, ray, caraLogin.AccountID)
	require.NoError(t, err, "an actor who holds the host permission too: %s", cara.ID)
}

// TestReferralUserNeverHoldsHostPermissions: the built-in Referral User
// group cannot be given a host permission, and holds none whatever a store
// says.
func TestReferralUserNeverHoldsHostPermissions(t *testing.T) {
	k, clientsView, _ := hostKit(t)
	perms := auth.NewPermissionSet(clientsView)
	_, err := k.Auth.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, auth.ReferralUserGroup, 1, auth.SecurityGroupUpdate{Permissions: &perms})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))

	held := []auth.SecurityGroup{{ID: auth.ReferralUserGroup, BuiltIn: true, HostPermissions: []string{"clients.view"}}}
	assert.True(t, k.Auth.Permissions().EffectivePermissions(held).IsEmpty())
	assert.False(t, k.Auth.Permissions().GrantedPermissions(held, portal.Capabilities{Set: portal.UseCareNet}).Has(clientsView))
}

// TestNoCareNetAccessMeansNoHostPermissions: a portal user without CareNet
// Access holds no host permission whatever their groups grant, and gets
// them back when CareNet Access is switched on.
func TestNoCareNetAccessMeansNoHostPermissions(t *testing.T) {
	k, clientsView, _ := hostKit(t)
	g, err := k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Partners", "", auth.NewPermissionSet(clientsView))
	require.NoError(t, err)
	dana := k.User("Dana", "Detective", "ddetective", userPassword, g.ID)
	tok := k.LoginAs("ddetective", userPassword).Token
	for _, st := range []struct {
		access portal.Access
		can    bool
	}{
		{portal.Access{Enabled: true, Video: true}, false},
		{portal.Access{Enabled: true, Video: true, CareNet: true}, true},
		{portal.Access{Enabled: true, Referral: portal.ReferralBoth}, false},
	} {
		_, err := k.Personnel.SetPortalAccess(k.Ctx, k.Admin.Principal, dana.ID, st.access)
		require.NoError(t, err)
		p, err := k.Auth.Authenticate(k.Ctx, tok)
		require.NoError(t, err)
		assert.Equal(t, st.can, p.Can(clientsView), "%+v", st.access)
	}
}

// benchmarkPrincipalCanRegistered checks host permissions on a principal
// of a service with n of them registered (BenchmarkPrincipalCan's
// registered=N cases).
func benchmarkPrincipalCanRegistered(b *testing.B, n int) {
	reg := auth.NewPermissionRegistry()
	var perms []auth.Permission
	for i := range n {
		p, err := reg.Register(fmt.Sprintf("host.p%d", i), "")
		if err != nil {
			b.Fatal(err)
		}
		perms = append(perms, p)
	}
	p := &auth.Principal{Permissions: auth.NewPermissionSet(perms[n/2:]...).With(auth.ViewPersonnel)}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sink = p.Can(perms[i%n])
	}
}
