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

// String is the permission's stable name, such as "personnel.edit".
func (p Permission) String() string {
	if p > 0 && p < lastPermission {
		return permissionNames[p]
	}
	return "unknown"
}

// Valid reports whether p is a known permission.
func (p Permission) Valid() bool { return p > 0 && p < lastPermission }

// ParsePermission returns the permission named s.
func ParsePermission(s string) (Permission, error) {
	for p := ViewPersonnel; p < lastPermission; p++ {
		if permissionNames[p] == s {
			return p, nil
		}
	}
	return 0, carenet.Errorf(carenet.Invalid, "unknown permission %q", s)
}

// AllPermissions lists every permission, in order.
func AllPermissions() []Permission {
	out := make([]Permission, 0, lastPermission-1)
	for p := ViewPersonnel; p < lastPermission; p++ {
		out = append(out, p)
	}
	return out
}

// PermissionSet is a set of permissions, held as bits.
type PermissionSet uint64

// NewPermissionSet returns the set of ps.
func NewPermissionSet(ps ...Permission) PermissionSet {
	var s PermissionSet
	for _, p := range ps {
		s = s.With(p)
	}
	return s
}

// Has reports whether p is in the set.
func (s PermissionSet) Has(p Permission) bool { return p.Valid() && s&(1<<p) != 0 }

// With returns the set with p added.
func (s PermissionSet) With(p Permission) PermissionSet {
	if !p.Valid() {
		return s
	}
	return s | 1<<p
}

// Union returns the permissions in either set.
func (s PermissionSet) Union(o PermissionSet) PermissionSet { return s | o }

// Len is the number of permissions in the set.
func (s PermissionSet) Len() int { return bits.OnesCount64(uint64(s)) }

// List returns the permissions in the set, in order.
func (s PermissionSet) List() []Permission {
	out := make([]Permission, 0, s.Len())
	for p := ViewPersonnel; p < lastPermission; p++ {
		if s.Has(p) {
			out = append(out, p)
		}
	}
	return out
}

// Covers reports whether s holds every permission in o.
func (s PermissionSet) Covers(o PermissionSet) bool { return o&^s == 0 }
