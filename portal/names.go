package portal

import (
	"math/bits"
	"strconv"
	"strings"
)

// capabilityNames are the human names of the capabilities, by bit position.
var capabilityNames = [...]string{
	"use the portal",
	"use CareNet",
	"switch between the portal and CareNet",
	"view shared videos",
	"submit LE referrals",
	"submit CPS referrals",
}

// String returns the capability's human name, such as "submit LE
// referrals". A set of several capabilities is their names joined by ", ";
// no capability is "none"; an undefined one is "Capability(0x…)".
func (x Capability) String() string {
	if x == 0 {
		return "none"
	}
	if bits.OnesCount16(uint16(x)) == 1 {
		if i := bits.TrailingZeros16(uint16(x)); i < len(capabilityNames) {
			return capabilityNames[i]
		}
		return "Capability(0x" + strconv.FormatUint(uint64(x), 16) + ")"
	}
	var b strings.Builder
	for rest := x; rest != 0; rest &= rest - 1 {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString((rest & -rest).String())
	}
	return b.String()
}

// List returns the capabilities in c one by one, in the order they are
// declared. It is for display and allocates.
func (c Capabilities) List() []Capability {
	out := make([]Capability, 0, bits.OnesCount16(uint16(c.Set)))
	for rest := c.Set; rest != 0; rest &= rest - 1 {
		out = append(out, rest&-rest)
	}
	return out
}

// tabNames are the tabs' names as the portal shows them, by bit position.
var tabNames = [...]string{"Dashboard", "My Videos", "My Referrals"}

// String returns the tab's name as the portal shows it, such as "My
// Referrals"; an undefined tab is "Tab(n)".
func (t Tab) String() string {
	if bits.OnesCount8(uint8(t)) == 1 {
		if i := bits.TrailingZeros8(uint8(t)); i < len(tabNames) {
			return tabNames[i]
		}
	}
	return "Tab(" + strconv.Itoa(int(t)) + ")"
}

// List returns the tabs in s in the order the portal shows them. It is for
// display and allocates.
func (s Tabs) List() []Tab {
	out := make([]Tab, 0, bits.OnesCount8(uint8(s)))
	for rest := s; rest != 0; rest &= rest - 1 {
		out = append(out, Tab(rest&-rest))
	}
	return out
}
