package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

func TestPrincipalCan(t *testing.T) {
	p := &auth.Principal{Permissions: auth.NewPermissionSet(auth.ViewPersonnel, auth.ShareVideos)}
	assert.True(t, p.Can(auth.ViewPersonnel))
	assert.True(t, p.Can(auth.ShareVideos))
	assert.False(t, p.Can(auth.DeletePersonnel))
	assert.False(t, p.Can(auth.Permission(0)), "the zero permission is never held")
	assert.False(t, p.Can(auth.Permission(200)), "an unknown permission is never held")

	var none *auth.Principal
	assert.False(t, none.Can(auth.ViewPersonnel), "a nil principal holds nothing")
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(none.Require(auth.ViewPersonnel)))
	assert.NoError(t, p.Require(auth.ViewPersonnel))
	err := p.Require(auth.DeletePersonnel)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Contains(t, carenet.ErrorMessage(err), "personnel.delete")
}

func TestPermissionNames(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range auth.AllPermissions() {
		name := p.String()
		assert.False(t, seen[name], "duplicate name %s", name)
		seen[name] = true
		back, err := auth.ParsePermission(name)
		assert.NoError(t, err)
		assert.Equal(t, p, back)
	}
	_, err := auth.ParsePermission("personnel.fly")
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
}

func TestEffectivePermissionsUnion(t *testing.T) {
	a := auth.SecurityGroup{ID: "a", Permissions: auth.NewPermissionSet(auth.ViewPersonnel)}
	b := auth.SecurityGroup{ID: "b", Permissions: auth.NewPermissionSet(auth.ShareVideos)}
	got := auth.EffectivePermissions([]auth.SecurityGroup{a, b})
	assert.Equal(t, []auth.Permission{auth.ViewPersonnel, auth.ShareVideos}, got.List())

	admin := auth.SecurityGroup{ID: auth.AdministratorGroup} // stored with no permissions
	assert.Equal(t, len(auth.AllPermissions()), auth.EffectivePermissions([]auth.SecurityGroup{admin}).Len(),
		"the Administrator group holds every permission whatever a store says")
	ref := auth.SecurityGroup{ID: auth.ReferralUserGroup, Permissions: auth.NewPermissionSet(auth.DeletePersonnel)}
	assert.Zero(t, auth.EffectivePermissions([]auth.SecurityGroup{ref}).Len(),
		"the Referral User group grants no staff permission whatever a store says")
}

var sink bool

func BenchmarkPrincipalCan(b *testing.B) {
	b.Run("sdk", func(b *testing.B) {
		p := &auth.Principal{Permissions: auth.NewPermissionSet(auth.ViewPersonnel, auth.EditPersonnel, auth.ShareVideos)}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sink = p.Can(auth.Permission(i%20 + 1))
		}
	})
	b.Run("registered=200", func(b *testing.B) { benchmarkPrincipalCanRegistered(b, 200) })
}
