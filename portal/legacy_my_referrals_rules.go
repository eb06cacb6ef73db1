package portal

// LegacyReferralCutoff is the first product release whose referral users do
// not automatically have My Referrals. A member of "Referral User" whose login
// was created in an earlier release predates the portal and keeps the
// referral screens whatever the portal switches say.
const LegacyReferralCutoff = "2.26.1"

// legacyCutoff is LegacyReferralCutoff parsed once, so that Compute compares
// numbers and never parses the constant again.
var legacyCutoff = mustParseRelease(LegacyReferralCutoff)

// legacyReferralUser reports whether f is a legacy referral user: a member
// of "Referral User" whose login was created in a well-formed release
// before LegacyReferralCutoff.
func legacyReferralUser(f Facts) bool {
	return f.ReferralUser && legacyRelease(f.CreatedInRelease)
}

// withLegacyMyReferrals is the legacy My Referrals rule: it returns c with
// what a legacy referral user (legacyReferralUser) has whatever the portal
// switches say: UsePortal, the Dashboard and My Referrals tabs, and the
// referral kinds Referral Portal Access names (both when it names none);
// landing on the Dashboard unless c already lands somewhere. Anyone else
// gets c unchanged. It does not allocate.
func withLegacyMyReferrals(f Facts, c Capabilities) Capabilities {
	if !legacyReferralUser(f) {
		return c
	}
	if c.Landing == LandingNone {
		c.Landing = LandingDashboard
	}
	kinds := f.Access.Referral
	if !kinds.Any() {
		kinds = ReferralBoth
	}
	c.Tabs |= Tabs(TabDashboard) | Tabs(TabMyReferrals)
	c.Set |= UsePortal | kinds.capabilities()
	return c
}

// legacyRelease reports whether s is a well-formed release before
// LegacyReferralCutoff.
func legacyRelease(s string) bool {
	r, ok := parseRelease(s)
	return ok && r.compare(legacyCutoff) < 0
}
