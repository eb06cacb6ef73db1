package auth_test

import (
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// TestReachNeedsEveryPermissionThatSeesWhatTheLoginReaches: the staff
// permissions an actor needs before holding a credential for a login are
// its groups' permissions plus, for each portal capability and holding,
// the permission that reaches the same from CareNet.
func TestReachNeedsEveryPermissionThatSeesWhatTheLoginReaches(t *testing.T) {
	caps := func(set portal.Capability) portal.Capabilities { return portal.Capabilities{Set: set} }
	set := auth.NewPermissionSet
	for name, c := range map[string]struct {
		reach auth.Reach
		want  auth.PermissionSet
	}{
		"nothing":                {auth.Reach{}, auth.PermissionSet{}},
		"the dashboard alone":    {auth.Reach{Portal: caps(portal.UsePortal)}, auth.PermissionSet{}},
		"staff permissions":      {auth.Reach{Permissions: set(auth.ViewPersonnel, auth.ViewAudit)}, set(auth.ViewPersonnel, auth.ViewAudit)},
		"carenet use":            {auth.Reach{Permissions: set(auth.EditPersonnel), Portal: caps(portal.UseCareNet | portal.SwitchPortalCareNet)}, set(auth.EditPersonnel)},
		"video portal":           {auth.Reach{Portal: caps(portal.UsePortal | portal.ViewSharedVideos)}, set(auth.ViewVideos)},
		"a live share":           {auth.Reach{Holdings: auth.Holdings{LiveShares: 1}}, set(auth.ViewVideos)},
		"a download share":       {auth.Reach{Holdings: auth.Holdings{LiveShares: 1, DownloadShares: 1}}, set(auth.ViewVideos, auth.ShareVideos)},
		"le referral portal":     {auth.Reach{Portal: caps(portal.SubmitLEReferrals)}, set(auth.SubmitReferrals)},
		"cps referral portal":    {auth.Reach{Portal: caps(portal.SubmitCPSReferrals)}, set(auth.SubmitReferrals)},
		"referrals written":      {auth.Reach{Holdings: auth.Holdings{Referrals: 3}}, set(auth.ReviewReferrals)},
		"a referral-only writer": {auth.Reach{Portal: caps(portal.SubmitLEReferrals | portal.SubmitCPSReferrals), Holdings: auth.Holdings{Referrals: 1}}, set(auth.SubmitReferrals, auth.ReviewReferrals)},
		"everything": {auth.Reach{Permissions: set(auth.ResetPasswords), Portal: caps(portal.ViewSharedVideos | portal.SubmitLEReferrals),
			Holdings: auth.Holdings{LiveShares: 2, Referrals: 2}}, set(auth.ResetPasswords, auth.ViewVideos, auth.SubmitReferrals, auth.ReviewReferrals)},
	} {
		t.Run(name, func(t *testing.T) {
			if got := c.reach.Needs(); got != c.want {
				t.Fatalf("Needs() = %v, want %v", got.List(), c.want.List())
			}
			holder := &auth.Principal{Permissions: c.want}
			if err := auth.RequireReach(holder, c.reach); err != nil {
				t.Fatalf("an actor with exactly what it needs: %v", err)
			}
			for _, p := range c.want.List() {
				short := &auth.Principal{Permissions: c.want.Minus(auth.NewPermissionSet(p))}
				if err := auth.RequireReach(short, c.reach); err != auth.ErrOutranked {
					t.Fatalf("without %s: %v, want ErrOutranked", p, err)
				}
			}
		})
	}
	if err := auth.RequireReach(nil, auth.Reach{}); err == nil {
		t.Fatal("a nil actor must be refused")
	}
}

func BenchmarkReachNeeds(b *testing.B) {
	r := auth.Reach{Permissions: auth.NewPermissionSet(auth.ResetPasswords), Portal: portal.Capabilities{Set: portal.ViewSharedVideos | portal.SubmitLEReferrals},
		Holdings: auth.Holdings{LiveShares: 2, Referrals: 2}}
	actor := &auth.Principal{Permissions: r.Needs()}
	b.ReportAllocs()
	for b.Loop() {
		if auth.RequireReach(actor, r) != nil {
			b.Fatal("refused")
		}
	}
}

// TestGivingPortalCapabilitiesNeedsTheirReach: switching on a capability
// of a login, one's own included, needs the staff permission that reaches
// the same; switching one off, or leaving them as they are, needs nothing.
func TestGivingPortalCapabilitiesNeedsTheirReach(t *testing.T) {
	partner := auth.Account{ID: "a-pat", Active: true, Groups: []string{auth.ReferralUserGroup}, CreatedInRelease: "2.27.0"}
	with := func(a portal.Access) auth.Account { x := partner; x.Portal = a; return x }
	off, video := with(portal.Access{Enabled: true}), with(portal.Access{Enabled: true, Video: true})
	referrals := with(portal.Access{Enabled: true, Referral: portal.ReferralBoth})
	legacy := partner
	legacy.Groups, legacy.CreatedInRelease = []string{"staff"}, "2.0"
	legacyReferralUser := legacy
	legacyReferralUser.Groups = []string{"staff", auth.ReferralUserGroup}
	none := &auth.Principal{AccountID: "a-clerk"}
	for name, c := range map[string]struct {
		actor         *auth.Principal
		before, after auth.Account
		allowed       bool
	}{
		"video on":                        {none, off, video, false},
		"video on, with videos.view":      {&auth.Principal{Permissions: auth.NewPermissionSet(auth.ViewVideos)}, off, video, true},
		"referrals on":                    {none, off, referrals, false},
		"referrals on, with the right":    {&auth.Principal{Permissions: auth.NewPermissionSet(auth.SubmitReferrals)}, off, referrals, true},
		"video off":                       {none, video, off, true},
		"unchanged":                       {none, video, video, true},
		"one's own":                       {&auth.Principal{AccountID: "a-pat"}, off, video, false},
		"one's own, off":                  {&auth.Principal{AccountID: "a-pat"}, video, off, true},
		"a new login":                     {none, auth.Account{}, video, false},
		"a new login, with videos.view":   {&auth.Principal{Permissions: auth.NewPermissionSet(auth.ViewVideos)}, auth.Account{}, video, true},
		"the Referral User group, legacy": {none, legacy, legacyReferralUser, false},
		"the Referral User group, own":    {&auth.Principal{AccountID: "a-pat"}, legacy, legacyReferralUser, false},
	} {
		err := auth.RequirePortalReach(c.actor, c.before, c.after)
		if c.allowed && err != nil || !c.allowed && err != auth.ErrOutranked {
			t.Errorf("%s: %v", name, err)
		}
	}
}
