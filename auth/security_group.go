package auth

import (
	"time"
)

// IDs of the built-in security groups. Every store has them from the start.
const (
	// AdministratorGroup holds every permission, including those added in
	// later releases.
	AdministratorGroup = "administrator"
	// ReferralUserGroup is CAC CareNet's "Referral User": a referral-only
	// portal user with a limited view (no client profiles, no personnel). It
	// grants no staff permission; what its members may do in the portal comes
	// from their portal switches.
	ReferralUserGroup = "referral-user"
)

// SecurityGroup is a named permission set applied to people.
type SecurityGroup struct {
	ID          string
	Name        string
	Description string
	// Permissions the group grants. For the built-in groups it is fixed by
	// this package (see BuiltinGroups), whatever a store holds.
	Permissions PermissionSet
	// HostPermissions names the host permissions (PermissionRegistry) the
	// group grants, sorted, as a store keeps them. The service reads them
	// into Permissions when the registry knows them; a name no longer
	// registered is kept and grants nothing. Stores keep the SDK
	// permissions of Permissions and these names.
	HostPermissions []string
	// RequireSecondFactor says the group's members must have a second
	// factor: a member without one signs in to a session that may only
	// enrol one (see EnrolmentRequired). Stores keep it for the built-in
	// groups too, the one setting of theirs a host may change, so that a
	// host can require it of Administrator, as it should.
	RequireSecondFactor bool
	// BuiltIn groups cannot be renamed, changed or deleted.
	BuiltIn   bool
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64
}

// BuiltinGroups returns the built-in security groups as this release defines
// them.
func BuiltinGroups() []SecurityGroup {
	var all PermissionSet
	for _, p := range AllPermissions() {
		all = all.With(p)
	}
	return []SecurityGroup{
		{ID: AdministratorGroup, Name: "Administrator", Description: "Every permission.", Permissions: all, BuiltIn: true, Version: 1},
		{ID: ReferralUserGroup, Name: "Referral User", Description: "Referral-only portal user: no client profiles, no personnel.", BuiltIn: true, Version: 1},
	}
}
