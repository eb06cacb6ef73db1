package portal

// Facts is what Compute needs to know about a user. A host gathers them from
// the user's personnel profile and login; Compute does no look-ups of its own.
type Facts struct {
	// HasLogin is true when the personnel profile is a system user (it has a
	// username, a password and at least one security group).
	HasLogin bool
	// PersonActive is false once the personnel profile is marked
	// "Inactive Person".
	PersonActive bool
	// AccountActive is the login's "Active" box.
	AccountActive bool
	// ReferralUser is true when the login is a member of the built-in
	// "Referral User" security group.
	ReferralUser bool
	// OtherGroups is true when the login is a member of at least one security
	// group other than "Referral User": the user is a full user.
	OtherGroups bool
	// Access holds the login's four portal switches.
	Access Access
	// CreatedInRelease is the product release the login was created in, such
	// as "2.25.0". It decides the legacy My Referrals rule (see
	// LegacyReferralCutoff). Empty when unknown.
	CreatedInRelease string
}

// ReferralOnly reports whether the user is a referral-only user: a member of
// "Referral User" and of no other security group. Such a user never gets
// CareNet.
func (f Facts) ReferralOnly() bool { return f.ReferralUser && !f.OtherGroups }
