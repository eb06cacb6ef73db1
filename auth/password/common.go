package password

import (
	_ "embed" // for the list of common passwords
	"strings"
	"sync"
)

// commonList is the list of common passwords, one a line, most frequent
// first, all lower case: the 49,233 entries of the npm package
// @zxcvbn-ts/language-common 4.1.3 (MIT licence; see
// common-passwords.LICENSE.txt beside it), which derive from frequency
// counts of leaked passwords.
//
//go:embed common-passwords.txt
var commonList string

// commonPasswords is the list as a set, built once on first use. Its keys
// are slices of commonList, which lives in the binary's read-only data, so
// the set costs only the map itself (1.7 MiB, built in about 12 ms; see
// BENCHMARKS.md).
type commonPasswords struct {
	set map[string]struct{}
	// longest is the length in bytes of the longest entry.
	longest int
}

var (
	commonOnce sync.Once
	commonSet  commonPasswords
)

// common returns the set of common passwords, built on first use.
func common() *commonPasswords {
	commonOnce.Do(func() { commonSet = buildCommon(commonList) })
	return &commonSet
}

// buildCommon makes the set of the entries of list, one a line, lower-cased.
func buildCommon(list string) commonPasswords {
	c := commonPasswords{set: make(map[string]struct{}, strings.Count(list, "\n")+1)}
	for line := range strings.SplitSeq(list, "\n") {
		line = strings.ToLower(strings.TrimSpace(line))
		if line == "" {
			continue
		}
		c.set[line] = struct{}{}
		c.longest = max(c.longest, len(line))
	}
	return c
}

// has reports whether lower, already lower-cased, is an entry.
func (c *commonPasswords) has(lower string) bool {
	_, ok := c.set[lower]
	return ok
}

// IsCommon reports whether password, ignoring case, is one of the common
// passwords of the embedded list (49,233 entries from the npm package
// @zxcvbn-ts/language-common 4.1.3, MIT licence). The match is exact: a
// common password inside a longer one does not count. Policy.Check, with
// RejectCommon, goes further (see RuleCommonWithAdditions).
func IsCommon(password string) bool {
	return common().has(strings.ToLower(password))
}
