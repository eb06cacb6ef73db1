package auth_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

func TestNormalizeUsername(t *testing.T) {
	ok := []struct{ in, want string }{
		{"JSmith", "jsmith"},
		{"  j.smith@agency.org  ", "j.smith@agency.org"},
		{"a_b-c+d", "a_b-c+d"},
		{"abc", "abc"},
		{strings.Repeat("a", auth.MaxUsernameLength), strings.Repeat("a", auth.MaxUsernameLength)},
	}
	for _, c := range ok {
		t.Run(c.in, func(t *testing.T) {
			got, err := auth.NormalizeUsername(c.in)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
	bad := []struct{ name, in, rule string }{
		{"Empty", "", carenet.RuleRequired},
		{"Spaces", "   ", carenet.RuleRequired},
		{"TooShort", "ab", carenet.RuleTooShort},
		{"TooLong", strings.Repeat("a", auth.MaxUsernameLength+1), carenet.RuleTooLong},
		{"OneMiB", strings.Repeat("a", 1<<20), carenet.RuleTooLong},
		{"ControlChar", "ab\x00cd", carenet.RuleControlChars},
		{"Newline", "ab\ncd", carenet.RuleControlChars},
		{"InnerSpace", "john smith", carenet.RuleFormat},
		{"Cyrillic", "аdmin", carenet.RuleFormat},
		{"LeadingDot", ".admin", carenet.RuleFormat},
		{"Quote", "o'brien", carenet.RuleFormat},
		{"Percent", "ad%min", carenet.RuleFormat},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := auth.NormalizeUsername(c.in)
			require.Error(t, err)
			assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			v := carenet.Validation(err)
			require.NotNil(t, v)
			assert.True(t, v.Has("username", c.rule), "problems: %v", v.Problems)
		})
	}
}

// FuzzNormalizeUsername checks that NormalizeUsername never panics, names
// the field and rule of every refusal, and that what it accepts is
// idempotent, blind to case, within the length bounds and in the allowed
// alphabet.
func FuzzNormalizeUsername(f *testing.F) {
	for _, s := range []string{"JSmith", " a@b.c ", "", "ab", "\x00", "аdmin", strings.Repeat("Z", 200), "a\u202eb", "ＡＤＭＩＮ", "admin\u00a0", "İstanbul", "\xff\xfeab"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := auth.NormalizeUsername(s)
		if err != nil {
			if carenet.ErrorCode(err) != carenet.Invalid {
				t.Fatalf("error code %q for %q", carenet.ErrorCode(err), s)
			}
			v := carenet.Validation(err)
			if v == nil || len(v.Problems) != 1 || v.Problems[0].Field != "username" || v.Problems[0].Rule == "" {
				t.Fatalf("error for %q does not name the field and rule: %v", s, err)
			}
			return
		}
		if upper, err := auth.NormalizeUsername(strings.ToUpper(s)); err != nil || upper != n {
			t.Fatalf("case matters: %q -> %q, upper-cased -> %q (%v)", s, n, upper, err)
		}
		again, err := auth.NormalizeUsername(n)
		if err != nil || again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", s, n, again, err)
		}
		if len(n) < auth.MinUsernameLength || len(n) > auth.MaxUsernameLength {
			t.Fatalf("length %d out of bounds for %q", len(n), n)
		}
		for _, c := range []byte(n) {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("._-@+", c) >= 0) {
				t.Fatalf("normalised %q holds %q", n, c)
			}
		}
	})
}
