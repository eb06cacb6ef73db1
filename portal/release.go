package portal

import (
	"strconv"

	"github.com/carenet-go/carenet"
)

// Release numbers are dotted decimals such as "2.26.1": one to
// maxReleaseParts components of one to maxReleaseDigits digits each. Missing
// components count as zero, so "2.26" and "2.26.0" are the same release.
const (
	maxReleaseParts  = 4
	maxReleaseDigits = 9
)

// release is a parsed release number. Nine digits fit in a uint32.
type release [maxReleaseParts]uint32

// parseRelease parses s without allocating. It rejects an empty string, any
// character other than digits and dots, an empty component (a leading,
// trailing or doubled dot), more than maxReleaseParts components and a
// component longer than maxReleaseDigits digits.
func parseRelease(s string) (r release, ok bool) {
	if s == "" {
		return release{}, false
	}
	part, digits := 0, 0
	var v uint32
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if digits == maxReleaseDigits {
				return release{}, false
			}
			v = v*10 + uint32(c-'0')
			digits++
		case c == '.':
			if digits == 0 || part == maxReleaseParts-1 {
				return release{}, false
			}
			r[part] = v
			part, digits, v = part+1, 0, 0
		default:
			return release{}, false
		}
	}
	if digits == 0 {
		return release{}, false
	}
	r[part] = v
	return r, true
}

// mustParseRelease parses a release known at compile time.
func mustParseRelease(s string) release {
	r, ok := parseRelease(s)
	if !ok {
		panic("portal: malformed release constant " + strconv.Quote(s))
	}
	return r
}

// compare returns -1, 0 or +1 as r is before, the same as or after o.
func (r release) compare(o release) int {
	for i := range r {
		switch {
		case r[i] < o[i]:
			return -1
		case r[i] > o[i]:
			return 1
		}
	}
	return 0
}

// ValidRelease reports whether s is a release number: one to four dot-separated
// components of one to nine decimal digits each, such as "2.26.1".
func ValidRelease(s string) bool {
	_, ok := parseRelease(s)
	return ok
}

// CompareReleases compares two release numbers component by component as
// numbers, so "2.3" < "2.26.1" < "2.100", and a missing component counts as
// zero, so "2.26" equals "2.26.0". It returns -1, 0 or +1 as a is before, the
// same as or after b. If either is not a valid release (see ValidRelease) it
// returns a *carenet.Error with code Invalid wrapping a
// *carenet.ValidationError that has one problem per malformed argument, on
// field "release" with rule carenet.RuleFormat.
func CompareReleases(a, b string) (int, error) {
	ra, okA := parseRelease(a)
	rb, okB := parseRelease(b)
	if okA && okB {
		return ra.compare(rb), nil
	}
	var p carenet.Problems
	for _, bad := range [...]struct {
		s  string
		ok bool
	}{{a, okA}, {b, okB}} {
		if !bad.ok {
			p.Add("release", carenet.RuleFormat,
				strconv.Quote(bad.s)+" is not a release number such as 2.26.1")
		}
	}
	return 0, carenet.E("portal.CompareReleases", carenet.Invalid, "", p.Err())
}
