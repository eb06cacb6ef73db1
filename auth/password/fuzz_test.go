package password_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

// FuzzParsePHC checks that ParsePHC never panics, that it fails only with an
// Invalid error, and that whatever it accepts encodes back to the very same
// string and stays within the parameter bounds.
func FuzzParsePHC(f *testing.F) {
	valid := []string{
		referenceHash,
		"$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
		"$argon2id$v=19$m=512,t=64,p=64$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
	}
	for _, s := range valid {
		f.Add(s)
		for _, n := range []int{1, 9, 14, 30, 44, len(s) - 1} {
			f.Add(s[:n]) // truncated
		}
	}
	hostile := []string{
		"",
		"$",
		"$$$$$",
		"$argon2id$v=19$m=4294967295,t=4294967295,p=255$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=99999999999999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=65536,t=2,p=1$" + strings.Repeat("A", 10000) + "$AAAA",
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc\n",
		"$argon2id$v=19$m=65536,t=2,p=1$c29t\nZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=65536,t=2,p=1,data=abc$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=65536,,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=\x00,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$argon2id$v=19$m=６５５３６,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"$2b$31$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga",
		"\xff\xfe$argon2id",
	}
	for _, s := range hostile {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, s string) {
		h, err := password.ParsePHC(s)
		if err != nil {
			if carenet.ErrorCode(err) != carenet.Invalid {
				t.Fatalf("ParsePHC(%q): code %q, want invalid", s, carenet.ErrorCode(err))
			}
			return
		}
		if got := h.String(); got != s {
			t.Fatalf("ParsePHC(%q) re-encodes as %q", s, got)
		}
		if err := h.Params.Validate(); err != nil {
			t.Fatalf("ParsePHC(%q) accepted parameters out of bounds: %v", s, err)
		}
		again, err := password.ParsePHC(h.String())
		if err != nil || again.String() != s {
			t.Fatalf("re-parsing %q: %v", s, err)
		}
	})
}

// FuzzPolicyCheck checks that Check never panics, that it refuses only with
// an Invalid error whose problems are all about the password field, and
// that a password and its NFKC form get the same answer.
func FuzzPolicyCheck(f *testing.F) {
	for _, s := range []string{
		"", "Password123!", "P@ssw0rd1234", "aaaaaaaaaaaa", "abcdefghijkl", "1qaz2wsx3edc",
		"tjvq-bnmz-xk", "ＰＡＳＳＷＯＲＤ", "cafe\u0301-cre\u0300me-7", "\xff\xfe!!!!password!!!!",
		strings.Repeat("!", 30) + "a" + strings.Repeat("!", 30), strings.Repeat("日本", 300),
	} {
		f.Add(s)
	}
	p := password.DefaultPolicy()
	f.Fuzz(func(t *testing.T, s string) {
		err := p.Check(s, "jsmith", "Jane")
		if err == nil {
			return
		}
		if carenet.ErrorCode(err) != carenet.Invalid {
			t.Fatalf("Check(%q): code %q, want invalid", s, carenet.ErrorCode(err))
		}
		v := carenet.Validation(err)
		if v == nil || len(v.Problems) == 0 {
			t.Fatalf("Check(%q): no problems in %v", s, err)
		}
		for _, pr := range v.Problems {
			if pr.Field != password.Field || pr.Rule == "" || pr.Message == "" {
				t.Fatalf("Check(%q): problem %+v", s, pr)
			}
		}
		if n := norm.NFKC.String(s); utf8.ValidString(s) && n != s && len(n) <= password.MaxPasswordBytes && len(s) <= password.MaxPasswordBytes {
			if again := p.Check(n, "jsmith", "Jane"); carenet.ErrorMessage(again) != carenet.ErrorMessage(err) {
				t.Fatalf("Check(%q) = %v but its NFKC form gives %v", s, err, again)
			}
		}
	})
}
