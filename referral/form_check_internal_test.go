package referral

import (
	"testing"
	"unicode/utf8"

	"github.com/carenet-go/carenet"
)

// TestSafeTextAgreesWithCarenet checks the ASCII fast path against the
// definition it stands in for, for every rune after ASCII text, every
// byte alone and some malformed sequences, single- and multi-line.
func TestSafeTextAgreesWithCarenet(t *testing.T) {
	want := func(v string, multiline bool) bool {
		return utf8.ValidString(v) && !carenet.HasControlChars(v, multiline)
	}
	check := func(v string) {
		t.Helper()
		for _, multiline := range []bool{false, true} {
			if got := safeText(v, multiline); got != want(v, multiline) {
				t.Fatalf("safeText(%q, %v) = %v", v, multiline, got)
			}
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		check("ok " + string(r))
	}
	for b := range 256 {
		check(string([]byte{byte(b)}))
		check("abc" + string([]byte{byte(b)}) + "é")
	}
	for _, v := range []string{"", "\xc3", "\xc3\x28", "é\x00", "a\u202eb", "\xed\xa0\x80", "line\r\nnext\ttab", "\ufeff"} {
		check(v)
	}
}
