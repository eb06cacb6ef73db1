package auth

import (
	"math/bits"

	"github.com/carenet-go/carenet"
)

// Permission is one thing the SDK gates. Security groups grant permissions; a
// person's permissions are the union of their groups'.
type Permission uint8

// The permissions. Their names (String) are what stores keep; the numbers may
// change between releases.
const (
	_ Permission = iota
	// ViewPersonnel: open the personnel search and profiles.
	ViewPersonnel
	// CreatePersonnel: add a personnel profile.
	CreatePersonnel
	// EditPersonnel: "Edit Account" on a profile.
	EditPersonnel
	// DeactivatePersonnel: deactivate a profile and its login.
	DeactivatePersonnel
	// ReactivatePersonnel: bring a deactivated profile back.
	ReactivatePersonnel
	// DeletePersonnel: delete a profile made by accident and never used.
	DeletePersonnel
	// ManagePersonnelGroups: create and fill personnel groups.
	ManagePersonnelGroups
	// ManageSecurityGroups: define security groups and apply them to people.
	ManageSecurityGroups
	// ResetPasswords: "Reset Personnel Password", issue password links.
	ResetPasswords
	// ManagePortalAccess: change a user's portal switches.
	ManagePortalAccess
	// ViewVideos: see a client's videos and their custody.
	ViewVideos
	// ManageVideos: record uploaded videos.
	ManageVideos
	// ShareVideos: share a video with a portal user, extend or revoke shares.
	ShareVideos
	// SubmitReferrals: submit referrals as CAC staff.
	SubmitReferrals
	// ReviewReferrals: work the referral intake queue.
	ReviewReferrals
	// ViewAudit: read and verify the audit log, and run the access review
	// (who holds which permission, portal switch and share).
	ViewAudit
	// ReassignReferrals: hand a leaving referrer's open referrals to a
	// colleague of their agency.
	ReassignReferrals

	lastPermission
)

var permissionNames = [...]string{
	ViewPersonnel:         "personnel.view",
	CreatePersonnel:       "personnel.create",
	EditPersonnel:         "personnel.edit",
	DeactivatePersonnel:   "personnel.deactivate",
	ReactivatePersonnel:   "personnel.reactivate",
	DeletePersonnel:       "personnel.delete",
	ManagePersonnelGroups: "personnel.groups.manage",
	ManageSecurityGroups:  "security_groups.manage",
	ResetPasswords:        "passwords.reset",
	ManagePortalAccess:    "portal.manage",
	ViewVideos:            "videos.view",
	ManageVideos:          "videos.manage",
	ShareVideos:           "videos.share",
	SubmitReferrals:       "referrals.submit",
	ReviewReferrals:       "referrals.review",
	ViewAudit:             "audit.view",
	ReassignReferrals:     "referrals.reassign",
}

// String is the stable name of an SDK permission, such as "personnel.edit";
// a host permission's name is in its PermissionRegistry (Name).
func (p Permission) String() string {
	if p > 0 && p < lastPermission {
		return permissionNames[p]
	}
	return "unknown"
}

// Valid reports whether p is one of the SDK's permissions (a host's are
// known to its PermissionRegistry).
func (p Permission) Valid() bool { return p > 0 && p < lastPermission }

// ParsePermission returns the SDK permission named s (a host's are found
// with PermissionRegistry.Parse).
func ParsePermission(s string) (Permission, error) {
	for p := ViewPersonnel; p < lastPermission; p++ {
		if permissionNames[p] == s {
			return p, nil
		}
	}
	return 0, carenet.Errorf(carenet.Invalid, "unknown permission %q", s)
}

// AllPermissions lists every SDK permission, in order.
func AllPermissions() []Permission {
	out := make([]Permission, 0, lastPermission-1)
	for p := ViewPersonnel; p < lastPermission; p++ {
		out = append(out, p)
	}
	return out
}

// MaxPermissions bounds the permissions a service knows: the SDK's and those
// a host registers (PermissionRegistry) share the positions 1 to
// MaxPermissions-1 of a PermissionSet.
const MaxPermissions = 256

// permissionWords is the length of a PermissionSet in 64-bit words.
const permissionWords = MaxPermissions / 64

// PermissionSet is a set of permissions, SDK and host alike, held as bits
// indexed by permission (a host permission's index is its position in the
// PermissionRegistry). It is a value: copying it copies the set, and == and
// != compare sets.
type PermissionSet [permissionWords]uint64

// NewPermissionSet returns the set of ps.
func NewPermissionSet(ps ...Permission) PermissionSet {
	var s PermissionSet
	for _, p := range ps {
		s = s.With(p)
	}
	return s
}

// Has reports whether p is in the set. It does not allocate.
func (s PermissionSet) Has(p Permission) bool { return p != 0 && s[p>>6]&(1<<(p&63)) != 0 }

// With returns the set with p added; the zero permission is never added.
func (s PermissionSet) With(p Permission) PermissionSet {
	if p != 0 {
		s[p>>6] |= 1 << (p & 63)
	}
	return s
}

// Union returns the permissions in either set.
func (s PermissionSet) Union(o PermissionSet) PermissionSet {
	for i := range s {
		s[i] |= o[i]
	}
	return s
}

// Minus returns the permissions of s that are not in o.
func (s PermissionSet) Minus(o PermissionSet) PermissionSet {
	for i := range s {
		s[i] &^= o[i]
	}
	return s
}

// IsEmpty reports whether the set holds no permission.
func (s PermissionSet) IsEmpty() bool { return s == PermissionSet{} }

// Len is the number of permissions in the set.
func (s PermissionSet) Len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// List returns the permissions in the set, in order: the SDK's, then the
// host's in the order they were registered.
func (s PermissionSet) List() []Permission {
	out := make([]Permission, 0, s.Len())
	for p := 1; p < MaxPermissions; p++ {
		if s.Has(Permission(p)) {
			out = append(out, Permission(p))
		}
	}
	return out
}

// Covers reports whether s holds every permission in o.
func (s PermissionSet) Covers(o PermissionSet) bool { return o.Minus(s).IsEmpty() }

// SDK returns the SDK permissions of s, without the host's: what a store
// keeps of a group's Permissions (the host's it keeps by name, in
// SecurityGroup.HostPermissions).
func (s PermissionSet) SDK() PermissionSet {
	var out PermissionSet
	out[0] = s[0] & (1<<lastPermission - 2)
	return out
}
