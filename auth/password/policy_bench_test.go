package password_test

import (
	"strings"
	"testing"

	"github.com/carenet-go/carenet/auth/password"
)

// BenchmarkPolicyCheck measures DefaultPolicy().Check with a username and
// two names, on passwords that pass, on each kind that is refused, and on
// shapes that make the search for a common word work hardest.
func BenchmarkPolicyCheck(b *testing.B) {
	p := password.DefaultPolicy()
	password.IsCommon("") // build the list before timing
	cases := []struct{ name, password string }{
		{"strong", "x7#Kq9!mTz2@"},
		{"passphrase", "correct horse battery staple"},
		{"non-ASCII", "Brûlée-Øresund-7"},
		{"common", "qwerty123456"},
		{"common_with_additions", "P@ssw0rd1234"},
		{"sequence", "abcdefghijkl"},
		{"keyboard", "zaq1xsw2vfr4bgt5"},
		{"worst_additions", strings.Repeat("!", 23) + "a" + strings.Repeat("!", 23)},
		{"worst_joined", strings.Repeat("!", 23) + "a" + strings.Repeat("!", 23) + "-"},
		{"separated", "pass word 1234"},
		{"longest", unpredictable(256, '!', '~')},
		{"longest_repeated", strings.Repeat("x7#Kq9!mTz2@ab", 19)[:256]},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = p.Check(c.password, "jsmith", "Jane", "Smith")
			}
		})
	}
}
