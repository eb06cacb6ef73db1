package accessreview

import (
	"slices"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// Switch names one portal switch a review may filter on.
type Switch string

// The portal switches.
const (
	// SwitchPortal is "Enable Portal Access".
	SwitchPortal Switch = "enabled"
	// SwitchVideo is "Video Portal Access".
	SwitchVideo Switch = "video"
	// SwitchReferralLE and SwitchReferralCPS are Referral Portal Access
	// for each kind.
	SwitchReferralLE  Switch = "referral_le"
	SwitchReferralCPS Switch = "referral_cps"
	// SwitchCareNet is "CareNet Access".
	SwitchCareNet Switch = "carenet"
)

// Switches lists the portal switches a review filters on.
func Switches() []Switch {
	return []Switch{SwitchPortal, SwitchVideo, SwitchReferralLE, SwitchReferralCPS, SwitchCareNet}
}

// On reports whether the switch is on in a.
func (s Switch) On(a portal.Access) bool {
	switch s {
	case SwitchPortal:
		return a.Enabled
	case SwitchVideo:
		return a.Video
	case SwitchReferralLE:
		return a.Referral.LE()
	case SwitchReferralCPS:
		return a.Referral.CPS()
	case SwitchCareNet:
		return a.CareNet
	}
	return false
}

// Filter narrows a review. Every filter set must match; the zero Filter
// lists every active login.
type Filter struct {
	// Group keeps the logins in the security group with this ID.
	Group string
	// Permission keeps the logins whose groups grant the permission with
	// this name, the SDK's ("referrals.reassign") or the host's
	// ("clients.view"), as they hold it now (auth.GrantedPermissions).
	Permission string
	// Switch keeps the logins with this portal switch on.
	Switch Switch
	// IdleSince keeps the logins not used since then: never logged in, or
	// last logged in before it.
	IdleSince *time.Time
}

// check returns the permission the filter names (reg knows the host's),
// or an Invalid error
// listing every field it gets wrong: an unknown group, permission or
// switch (carenet.RuleOneOf) or an IdleSince after now
// (carenet.RuleFuture).
func (f Filter) check(groups []auth.SecurityGroup, reg *auth.PermissionRegistry, now time.Time) (auth.Permission, error) {
	var p carenet.Problems
	if f.Group != "" && !slices.ContainsFunc(groups, func(g auth.SecurityGroup) bool { return g.ID == f.Group }) {
		p.Add("group", carenet.RuleOneOf, "no security group has this ID")
	}
	var perm auth.Permission
	if f.Permission != "" {
		var err error
		if perm, err = reg.Parse(f.Permission); err != nil {
			p.Add("permission", carenet.RuleOneOf, "no permission has this name")
		}
	}
	p.OneOf("switch", string(f.Switch), slices.Contains(Switches(), f.Switch), false, "must be one of enabled, video, referral_le, referral_cps, carenet")
	if f.IdleSince != nil && f.IdleSince.After(now) {
		p.Add("idle_since", carenet.RuleFuture, "must not be in the future")
	}
	if p.Len() > 0 {
		return 0, carenet.E("accessreview", carenet.Invalid, "", p.Err())
	}
	return perm, nil
}

// match reports whether e passes the filter; perm is the permission it
// names, or 0.
func (f Filter) match(e Entry, held auth.PermissionSet, perm auth.Permission) bool {
	return (f.Group == "" || slices.ContainsFunc(e.Groups, func(g Group) bool { return g.ID == f.Group })) &&
		(perm == 0 || held.Has(perm)) &&
		(f.Switch == "" || f.Switch.On(e.Portal)) &&
		(f.IdleSince == nil || e.LastLoginAt == nil || e.LastLoginAt.Before(*f.IdleSince))
}
