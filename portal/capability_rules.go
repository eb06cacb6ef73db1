package portal

// Compute turns a user's facts into what the portal gives them: where they
// land, the tabs they see and what they may do. It is pure, cheap and does
// not allocate, so a host may call it on every authentication.
//
// The rules, in order:
//
//   - No login, an inactive person or an inactive login: nothing at all (the
//     zero Capabilities), whatever the switches say.
//   - A referral-only user (a member of "Referral User" and of no other
//     security group) never gets CareNet; their CareNet switch is ignored.
//   - Portal on (Access.Enabled): the user lands on the Dashboard, may use
//     the portal and sees the Dashboard tab. Video Portal Access adds My
//     Videos and ViewSharedVideos. Referral Portal Access adds My Referrals
//     and the capability of each kind it names: SubmitLEReferrals for
//     ReferralLE, SubmitCPSReferrals for ReferralCPS. CareNet Access, for a full
//     user (a member of a security group other than "Referral User"), adds
//     UseCareNet and SwitchPortalCareNet, the button that flips between the
//     portal and CareNet.
//   - Portal off: a full user lands in CareNet with UseCareNet only: no tabs
//     and no switch button. The other three switches are kept but have no
//     effect.
//   - Legacy referral users: a member of "Referral User" whose login was
//     created in a release before LegacyReferralCutoff automatically has My
//     Referrals: UsePortal, the Dashboard and My Referrals tabs, and
//     SubmitLEReferrals and SubmitCPSReferrals, whether or not the portal
//     switches are on. When Referral Portal Access names kinds, those
//     kinds alone: a host may limit a legacy referral user to LE referrals
//     as any other. They land on the Dashboard, unless they are a full
//     user without the portal, who keeps landing in CareNet. An empty or
//     malformed release is not legacy (withLegacyMyReferrals).
//   - Anyone else gets nothing.
func Compute(f Facts) Capabilities {
	if !f.HasLogin || !f.PersonActive || !f.AccountActive {
		return Capabilities{}
	}
	var c Capabilities
	switch a := f.Access; {
	case a.Enabled:
		c.Landing = LandingDashboard
		c.Tabs = Tabs(TabDashboard)
		c.Set = UsePortal
		if a.Video {
			c.Tabs |= Tabs(TabMyVideos)
			c.Set |= ViewSharedVideos
		}
		if a.Referral.Any() {
			c.Tabs |= Tabs(TabMyReferrals)
			c.Set |= a.Referral.capabilities()
		}
		if a.CareNet && f.OtherGroups && !f.ReferralOnly() {
			c.Set |= UseCareNet | SwitchPortalCareNet
		}
	case f.OtherGroups:
		c.Landing = LandingCareNet
		c.Set = UseCareNet
	}
	return withLegacyMyReferrals(f, c)
}
