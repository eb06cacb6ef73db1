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

var (
	commonOnce sync.Once
	commonSet  map[string]struct{}
)

// common returns the set of common passwords, built on first use.
func common() map[string]struct{} {
	commonOnce.Do(func() {
		lines := strings.Split(commonList, "\n")
		set := make(map[string]struct{}, len(lines))
		for _, line := range lines {
			line = strings.TrimSpace(line)
			if line != "" {
				set[strings.ToLower(line)] = struct{}{}
			}
		}
		commonSet = set
	})
	return commonSet
}

// IsCommon reports whether password, ignoring case, is one of the common
// passwords of the embedded list (49,233 entries from the npm package
// @zxcvbn-ts/language-common 4.1.3, MIT licence). The match is exact: a
// common password inside a longer one does not count.
func IsCommon(password string) bool {
	_, ok := common()[strings.ToLower(password)]
	return ok
}
