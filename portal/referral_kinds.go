package portal

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// ReferralKinds is "Referral Portal Access" as the set of referral kinds a
// user may submit through the portal: law-enforcement (ReferralLE),
// child-protective-services (ReferralCPS), both, or none (the zero value).
// A law-enforcement partner may so be limited to LE referrals.
//
// Stores keep it as its number (0 to 3). In JSON it is a list of kind
// names, ["le", "cps"]; the release before named a single boolean switch,
// and true still reads as both kinds, false as none.
type ReferralKinds uint8

// The referral kinds.
const (
	// ReferralLE: the user may submit law-enforcement referrals.
	ReferralLE ReferralKinds = 1 << iota
	// ReferralCPS: the user may submit child-protective-services referrals.
	ReferralCPS

	// ReferralBoth is both kinds: what the single Referral switch of
	// earlier releases meant.
	ReferralBoth = ReferralLE | ReferralCPS
)

// LE reports whether the set includes law-enforcement referrals.
func (k ReferralKinds) LE() bool { return k&ReferralLE != 0 }

// CPS reports whether the set includes child-protective-services referrals.
func (k ReferralKinds) CPS() bool { return k&ReferralCPS != 0 }

// Any reports whether the set includes some kind.
func (k ReferralKinds) Any() bool { return k != 0 }

// Valid reports whether the set holds only the kinds the package defines.
func (k ReferralKinds) Valid() bool { return k&^ReferralBoth == 0 }

// capabilities are the capabilities the kinds give.
func (k ReferralKinds) capabilities() Capability {
	var c Capability
	if k.LE() {
		c |= SubmitLEReferrals
	}
	if k.CPS() {
		c |= SubmitCPSReferrals
	}
	return c
}

// Names lists the kinds in the set, as "le" and "cps", in that order.
func (k ReferralKinds) Names() []string {
	out := make([]string, 0, 2)
	if k.LE() {
		out = append(out, "le")
	}
	if k.CPS() {
		out = append(out, "cps")
	}
	return out
}

// String is the kinds' names joined by "+", such as "le+cps", or "none".
func (k ReferralKinds) String() string {
	if k == 0 {
		return "none"
	}
	if !k.Valid() {
		return "ReferralKinds(" + strconv.Itoa(int(k)) + ")"
	}
	return strings.Join(k.Names(), "+")
}

// ParseReferralKinds returns the set named by names ("le", "cps"); an
// unknown name is reported as false.
func ParseReferralKinds(names ...string) (ReferralKinds, bool) {
	var k ReferralKinds
	for _, n := range names {
		switch strings.ToLower(strings.TrimSpace(n)) {
		case "le":
			k |= ReferralLE
		case "cps":
			k |= ReferralCPS
		case "":
		default:
			return 0, false
		}
	}
	return k, true
}

// MarshalJSON writes the set as a list of kind names.
func (k ReferralKinds) MarshalJSON() ([]byte, error) { return json.Marshal(k.Names()) }

// UnmarshalJSON reads a list of kind names, or the boolean switch of
// earlier releases (true is both kinds). An unknown kind name is an error.
func (k *ReferralKinds) UnmarshalJSON(b []byte) error {
	var on bool
	if err := json.Unmarshal(b, &on); err == nil {
		*k = 0
		if on {
			*k = ReferralBoth
		}
		return nil
	}
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	parsed, ok := ParseReferralKinds(names...)
	if !ok {
		return errors.New(`portal: referral kinds must be "le" or "cps"`)
	}
	*k = parsed
	return nil
}
