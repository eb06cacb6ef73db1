package portal_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

// outcome is what a user gets, stated the way the portal shows it: where
// they land, the tabs they see, whether they have the button that flips
// between the portal and CareNet, and the other capabilities they hold.
type outcome struct {
	Landing portal.Landing
	Tabs    []portal.Tab
	Button  bool
	Caps    []portal.Capability
}

// addOn is what one switch adds to the outcome when the portal is on.
type addOn struct {
	Tabs   []portal.Tab
	Button bool
	Caps   []portal.Capability
}

// rowSpec is the specification of one kind of user: what they get with the
// portal off (whatever the other switches say), with the portal on and the
// other switches off, and what each of the other switches adds on top.
type rowSpec struct {
	name     string
	facts    portal.Facts // Access is set per combination.
	off      outcome
	on       outcome
	video    addOn
	referral addOn
	careNet  addOn
}

// Reusable pieces of the specification.
var (
	nothing = outcome{}

	dashboardOnly = outcome{
		Landing: portal.LandingDashboard,
		Tabs:    []portal.Tab{portal.TabDashboard},
		Caps:    []portal.Capability{portal.UsePortal},
	}
	careNetOnly = outcome{
		Landing: portal.LandingCareNet,
		Caps:    []portal.Capability{portal.UseCareNet},
	}
	legacyReferrals = outcome{
		Landing: portal.LandingDashboard,
		Tabs:    []portal.Tab{portal.TabDashboard, portal.TabMyReferrals},
		Caps:    []portal.Capability{portal.UsePortal, portal.SubmitLEReferrals, portal.SubmitCPSReferrals},
	}

	addsNothing  = addOn{}
	addsMyVideos = addOn{
		Tabs: []portal.Tab{portal.TabMyVideos},
		Caps: []portal.Capability{portal.ViewSharedVideos},
	}
	addsMyReferrals = addOn{
		Tabs: []portal.Tab{portal.TabMyReferrals},
		Caps: []portal.Capability{portal.SubmitLEReferrals, portal.SubmitCPSReferrals},
	}
	addsCareNetAndButton = addOn{
		Button: true,
		Caps:   []portal.Capability{portal.UseCareNet},
	}
)

// active is a user with an active person and an active login.
func active(f portal.Facts) portal.Facts {
	f.HasLogin, f.PersonActive, f.AccountActive = true, true, true
	return f
}

// referralOnly is the row of an active user in "Referral User" alone,
// created in release: a legacy one (before 2.26.1) has My Referrals
// whatever the switches say; any other gets what the switches give, never
// CareNet.
func referralOnly(name, release string, legacy bool) rowSpec {
	r := rowSpec{
		name:  name,
		facts: active(portal.Facts{ReferralUser: true, CreatedInRelease: release}),
		off:   nothing, on: dashboardOnly,
		video: addsMyVideos, referral: addsMyReferrals, careNet: addsNothing,
	}
	if legacy {
		r.off, r.on, r.referral = legacyReferrals, legacyReferrals, addsNothing
	}
	return r
}

func computeRows() []rowSpec {
	return []rowSpec{
		{
			name:  "no login",
			facts: portal.Facts{PersonActive: true, AccountActive: true, ReferralUser: true, OtherGroups: true, CreatedInRelease: "2.25.0"},
			off:   nothing, on: nothing,
			video: addsNothing, referral: addsNothing, careNet: addsNothing,
		},
		{
			name:  "active full user",
			facts: active(portal.Facts{OtherGroups: true, CreatedInRelease: "2.25.0"}),
			off:   careNetOnly, on: dashboardOnly,
			video: addsMyVideos, referral: addsMyReferrals, careNet: addsCareNetAndButton,
		},
		referralOnly("active referral-only user without a recorded release", "", false),
		{
			// Every other fact would give something: the inactive login wins.
			name:  "inactive login",
			facts: portal.Facts{HasLogin: true, PersonActive: true, ReferralUser: true, OtherGroups: true, CreatedInRelease: "2.25.0"},
			off:   nothing, on: nothing,
			video: addsNothing, referral: addsNothing, careNet: addsNothing,
		},
		{
			// Every other fact would give something: the inactive person wins.
			name:  "inactive person",
			facts: portal.Facts{HasLogin: true, AccountActive: true, ReferralUser: true, OtherGroups: true, CreatedInRelease: "2.25.0"},
			off:   nothing, on: nothing,
			video: addsNothing, referral: addsNothing, careNet: addsNothing,
		},
		referralOnly("legacy referral-only user created in 2.25.0", "2.25.0", true),
		referralOnly("legacy referral-only user created in 2.3", "2.3", true),
		referralOnly("referral-only user created in 2.26.1", "2.26.1", false),
		referralOnly("referral-only user created in this release", carenet.Release, false),
		referralOnly("referral-only user created in 2.100.0", "2.100.0", false),
		referralOnly("referral-only user with a malformed release", "2.25.0-beta", false),
		{
			name:  "legacy dual-access user created in 2.25.0",
			facts: active(portal.Facts{ReferralUser: true, OtherGroups: true, CreatedInRelease: "2.25.0"}),
			off: outcome{
				Landing: portal.LandingCareNet,
				Tabs:    []portal.Tab{portal.TabDashboard, portal.TabMyReferrals},
				Caps:    []portal.Capability{portal.UsePortal, portal.UseCareNet, portal.SubmitLEReferrals, portal.SubmitCPSReferrals},
			},
			on:    legacyReferrals,
			video: addsMyVideos, referral: addsNothing, careNet: addsCareNetAndButton,
		},
		{
			name:  "login in no security group",
			facts: active(portal.Facts{CreatedInRelease: "2.25.0"}),
			off:   nothing, on: dashboardOnly,
			video: addsMyVideos, referral: addsMyReferrals, careNet: addsNothing,
		},
	}
}

// expect applies a row's specification to one combination of switches.
func (r rowSpec) expect(a portal.Access) outcome {
	if !a.Enabled {
		return r.off
	}
	out := r.on
	out.Tabs = slices.Clone(out.Tabs)
	out.Caps = slices.Clone(out.Caps)
	for _, x := range []struct {
		on  bool
		add addOn
	}{{a.Video, r.video}, {a.Referral.Any(), r.referral}, {a.CareNet, r.careNet}} {
		if x.on {
			out.Tabs = append(out.Tabs, x.add.Tabs...)
			out.Caps = append(out.Caps, x.add.Caps...)
			out.Button = out.Button || x.add.Button
		}
	}
	slices.Sort(out.Tabs)
	out.Tabs = slices.Compact(out.Tabs)
	slices.Sort(out.Caps)
	out.Caps = slices.Compact(out.Caps)
	return out
}

// raw is the Capabilities value an outcome stands for.
func (o outcome) raw() portal.Capabilities {
	c := portal.Capabilities{Landing: o.Landing}
	for _, t := range o.Tabs {
		c.Tabs |= portal.Tabs(t)
	}
	for _, x := range o.Caps {
		c.Set |= x
	}
	if o.Button {
		c.Set |= portal.SwitchPortalCareNet
	}
	return c
}

// view describes computed Capabilities as an outcome, for readable diffs.
func view(c portal.Capabilities) outcome {
	o := outcome{Landing: c.Landing, Tabs: c.Tabs.List(), Button: c.Has(portal.SwitchPortalCareNet)}
	for _, x := range c.List() {
		if x != portal.SwitchPortalCareNet {
			o.Caps = append(o.Caps, x)
		}
	}
	return o
}

// allAccess is the 16 combinations of the four switches, with Referral
// Portal Access for both kinds or none (one kind alone: referral_kinds_test.go).
func allAccess() []portal.Access {
	var out []portal.Access
	for bits := range 16 {
		out = append(out, portal.Access{
			Enabled:  bits&1 != 0,
			Video:    bits&2 != 0,
			Referral: portal.ReferralKinds(bits>>2&1) * portal.ReferralBoth,
			CareNet:  bits&8 != 0,
		})
	}
	return out
}

func TestCompute(t *testing.T) {
	combos := allAccess()
	if len(combos) != 16 {
		t.Fatalf("got %d switch combinations, want 16", len(combos))
	}
	for _, row := range computeRows() {
		t.Run(row.name, func(t *testing.T) {
			for _, a := range combos {
				name := fmt.Sprintf("enabled=%t,video=%t,referral=%t,carenet=%t", a.Enabled, a.Video, a.Referral.Any(), a.CareNet)
				t.Run(name, func(t *testing.T) {
					f := row.facts
					f.Access = a
					want := row.expect(a)

					got := portal.Compute(f)

					if diff := cmp.Diff(want, view(got), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("Compute(%+v) mismatch (-want +got):\n%s", f, diff)
					}
					if got != want.raw() {
						t.Errorf("Compute(%+v) = %+v, want %+v", f, got, want.raw())
					}
				})
			}
		})
	}
}

func TestComputeDoesNotAllocate(t *testing.T) {
	f := active(portal.Facts{ReferralUser: true, CreatedInRelease: "2.25.0", Access: portal.Access{Enabled: true, Video: true}})
	var got portal.Capabilities
	allocs := testing.AllocsPerRun(100, func() { got = portal.Compute(f) })
	if allocs != 0 {
		t.Errorf("Compute allocated %v times per run, want 0", allocs)
	}
	if !got.Has(portal.SubmitLEReferrals) {
		t.Errorf("Compute(%+v) lacks the legacy referral capability: %+v", f, got)
	}
}

func TestFactsReferralOnly(t *testing.T) {
	tests := []struct {
		name                      string
		referralUser, otherGroups bool
		want                      bool
	}{
		{"referral user only", true, false, true},
		{"referral user and another group", true, true, false},
		{"another group only", false, true, false},
		{"no group", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := portal.Facts{ReferralUser: tt.referralUser, OtherGroups: tt.otherGroups}
			s := portal.SetupFacts{ReferralUser: tt.referralUser, OtherGroups: tt.otherGroups}
			if got := f.ReferralOnly(); got != tt.want {
				t.Errorf("Facts.ReferralOnly() = %t, want %t", got, tt.want)
			}
			if got := s.ReferralOnly(); got != tt.want {
				t.Errorf("SetupFacts.ReferralOnly() = %t, want %t", got, tt.want)
			}
		})
	}
}
