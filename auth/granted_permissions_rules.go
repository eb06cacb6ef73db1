package auth

import "github.com/carenet-go/carenet/portal"

// GrantedPermissions is what a user's security groups grant them, given
// their portal capabilities: the union of the groups' SDK permissions for a
// user who may use CareNet (a full user without the portal, or a portal
// user with CareNet Access), and nothing for anyone else. A portal user
// without CareNet Access works only through the portal's capabilities
// (their shared videos, their own referrals), whatever groups they are
// in, so switching CareNet Access off takes the staff screens away at the
// next authenticated call. It is PermissionRegistry.GrantedPermissions of a
// registry without host permissions; the service uses its own registry.
func GrantedPermissions(groups []SecurityGroup, caps portal.Capabilities) PermissionSet {
	return (*PermissionRegistry)(nil).GrantedPermissions(groups, caps)
}

// PortalFacts gathers what portal.Compute needs from an account and whether
// its person is active.
func PortalFacts(a Account, personActive bool) portal.Facts {
	f := portal.Facts{
		HasLogin:         a.ID != "",
		PersonActive:     personActive,
		AccountActive:    a.Active,
		Access:           a.Portal,
		CreatedInRelease: a.CreatedInRelease,
	}
	f.ReferralUser, f.OtherGroups = GroupKinds(a.Groups)
	return f
}

// GroupKinds reports whether groups include the built-in "Referral User"
// group and whether they include any other group (which makes a full user).
func GroupKinds(groups []string) (referralUser, otherGroups bool) {
	for _, g := range groups {
		if g == ReferralUserGroup {
			referralUser = true
		} else {
			otherGroups = true
		}
	}
	return referralUser, otherGroups
}

// EffectivePermissions is the union of the groups' SDK permissions, with the
// built-in groups' permissions taken from this release rather than from what
// a store holds. It is PermissionRegistry.EffectivePermissions of a registry
// without host permissions.
func EffectivePermissions(groups []SecurityGroup) PermissionSet {
	return (*PermissionRegistry)(nil).EffectivePermissions(groups)
}

// EffectivePermissions is the union of the groups' permissions, SDK and
// host: Administrator holds every permission the registry knows, the
// Referral User group none, whatever a store holds; another group its SDK
// permissions and those of its HostPermissions the registry knows. A host
// permission no longer registered grants nothing.
func (r *PermissionRegistry) EffectivePermissions(groups []SecurityGroup) PermissionSet {
	var s PermissionSet
	for _, g := range groups {
		switch g.ID {
		case AdministratorGroup:
			s = s.Union(r.All())
		case ReferralUserGroup:
		default:
			s = s.Union(g.Permissions.SDK())
			for _, n := range g.HostPermissions {
				if p, err := r.Parse(n); err == nil && !p.Valid() {
					s = s.With(p)
				}
			}
		}
	}
	return s
}

// GrantedPermissions is what a user's security groups grant them, SDK and
// host permissions alike, given their portal capabilities: the groups'
// permissions (EffectivePermissions) for a user who may use CareNet (a full
// user without the portal, or a portal user with CareNet Access), and
// nothing for anyone else. A portal user without CareNet Access works only
// through the portal's capabilities (their shared videos, their own
// referrals), whatever groups they are in, so switching CareNet Access off
// takes the staff screens, the host's included, away at the next
// authenticated call.
func (r *PermissionRegistry) GrantedPermissions(groups []SecurityGroup, caps portal.Capabilities) PermissionSet {
	if !caps.Has(portal.UseCareNet) {
		return PermissionSet{}
	}
	return r.EffectivePermissions(groups)
}

// unknownHost reports whether a group grants a host permission r does not
// know: a rank check by an actor without the service's registry cannot
// tell what it confers.
func (r *PermissionRegistry) unknownHost(groups []SecurityGroup) bool {
	for _, g := range groups {
		if g.ID == AdministratorGroup || g.ID == ReferralUserGroup {
			continue
		}
		for _, n := range g.HostPermissions {
			if _, err := r.Parse(n); err != nil {
				return true
			}
		}
	}
	return false
}
