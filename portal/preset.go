package portal

import "github.com/carenet-go/carenet"

// designations lists the designations in the order an administrator sees
// them, each with the switches it sets.
var designations = [...]struct {
	d Designation
	a Access
}{
	{ReferralOnly, Access{Enabled: true, Referral: ReferralBoth}},
	{VideoOnly, Access{Enabled: true, Video: true}},
	{DualAccess, Access{Enabled: true, Referral: ReferralBoth, CareNet: true}},
	{All, Access{Enabled: true, Video: true, Referral: ReferralBoth, CareNet: true}},
}

// Designations returns the four designations in display order: referral
// only, video only, dual access, all. The slice is the caller's to keep.
func Designations() []Designation {
	out := make([]Designation, len(designations))
	for i, x := range designations {
		out[i] = x.d
	}
	return out
}

// Preset returns the switches a designation sets: referral only is the portal
// with Referral Portal Access for both kinds; video only, the portal with Video Portal
// Access; dual access, the portal with Referral Portal Access and CareNet
// Access; all, every switch. An unknown designation is a *carenet.Error with
// code Invalid wrapping a *carenet.ValidationError on field "designation"
// with rule carenet.RuleOneOf.
func Preset(d Designation) (Access, error) {
	for _, x := range designations {
		if x.d == d {
			return x.a, nil
		}
	}
	var p carenet.Problems
	p.Add("designation", carenet.RuleOneOf, "must be one of referral_only, video_only, dual_access, all")
	return Access{}, carenet.E("portal.Preset", carenet.Invalid, "", p.Err())
}

// PresetWith is Preset with Referral Portal Access limited to kinds: a
// law-enforcement partner's referral only is PresetWith(ReferralOnly,
// ReferralLE). A designation that has referrals needs at least one valid
// kind, and video only takes none; either mistake is a *carenet.Error with
// code Invalid wrapping a *carenet.ValidationError on field
// "portal.referral" with rule carenet.RuleOneOf.
func PresetWith(d Designation, kinds ReferralKinds) (Access, error) {
	a, err := Preset(d)
	if err != nil {
		return Access{}, err
	}
	if a.Referral.Any() != kinds.Any() || !kinds.Valid() {
		var p carenet.Problems
		if a.Referral.Any() {
			p.Add(fieldReferral, carenet.RuleOneOf, "name the referral kinds the designation gives: le, cps or both")
		} else {
			p.Add(fieldReferral, carenet.RuleOneOf, "this designation gives no referral access")
		}
		return Access{}, carenet.E("portal.PresetWith", carenet.Invalid, "", p.Err())
	}
	a.Referral = kinds
	return a, nil
}

// DesignationOf returns the designation whose switches are a, whichever
// referral kinds a names, and false when a matches none of them (the
// portal is off, or the switches are a combination no designation names,
// such as video and CareNet).
func DesignationOf(a Access) (Designation, bool) {
	if a.Referral.Any() {
		a.Referral = ReferralBoth
	}
	for _, x := range designations {
		if x.a == a {
			return x.d, true
		}
	}
	return "", false
}
