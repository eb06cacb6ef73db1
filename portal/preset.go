package portal

import "github.com/carenet-go/carenet"

// designations lists the designations in the order an administrator sees
// them, each with the switches it sets.
var designations = [...]struct {
	d Designation
	a Access
}{
	{ReferralOnly, Access{Enabled: true, Referral: true}},
	{VideoOnly, Access{Enabled: true, Video: true}},
	{DualAccess, Access{Enabled: true, Referral: true, CareNet: true}},
	{All, Access{Enabled: true, Video: true, Referral: true, CareNet: true}},
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
// with Referral Portal Access; video only, the portal with Video Portal
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

// DesignationOf returns the designation whose switches are exactly a, and
// false when a matches none of them (the portal is off, or the switches are
// a combination no designation names, such as video and CareNet).
func DesignationOf(a Access) (Designation, bool) {
	for _, x := range designations {
		if x.a == a {
			return x.d, true
		}
	}
	return "", false
}
