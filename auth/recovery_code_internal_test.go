package auth

import (
	"bytes"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/carenet-go/carenet"
)

// TestRecoveryCodesAreRandomAndStoredHashed: codes hold 120 random bits
// in 24 characters of Crockford's base32, shown in groups of four; what is
// stored is the hash of their bytes, never the code; all differ.
func TestRecoveryCodesAreRandomAndStoredHashed(t *testing.T) {
	s := &Service{cfg: Config{Clock: carenet.SystemClock, IDs: carenet.SequentialIDs("rc")}}
	shape := regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$`)
	seen := map[string]bool{}
	for range 20 {
		clear, stored, err := s.newRecoveryCodes("a-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(clear) != RecoveryCodeCount || len(stored) != RecoveryCodeCount {
			t.Fatalf("%d codes and %d stored, want %d", len(clear), len(stored), RecoveryCodeCount)
		}
		for i, c := range clear {
			if !shape.MatchString(c) {
				t.Fatalf("code %q has not the shape of a recovery code", c)
			}
			if seen[c] {
				t.Fatalf("code %q made twice", c)
			}
			seen[c] = true
			h, ok := recoveryCodeHash(c)
			if !ok || h != stored[i].Hash || stored[i].AccountID != "a-1" || stored[i].ID == "" {
				t.Fatalf("stored %+v for %q, hash %q", stored[i], c, h)
			}
			if strings.Contains(stored[i].Hash, strings.ReplaceAll(c, "-", "")) {
				t.Fatalf("the stored hash holds the code")
			}
		}
	}
}

// TestRecoveryCodeShape: a code is read in any case, with or without its
// dashes or spaces, i and l as 1, o as 0; anything else of the wrong
// length or alphabet is not a recovery code.
func TestRecoveryCodeShape(t *testing.T) {
	const code = "0123-4567-89ab-cdef-ghjk-mnpq"
	want, ok := recoveryCodeHash(code)
	if !ok {
		t.Fatalf("%q is not read as a recovery code", code)
	}
	for _, typed := range []string{
		"0123456789abcdefghjkmnpq", "0123 4567 89AB CDEF GHJK MNPQ", "O123-4567-89ab-cdef-ghjk-mnpq",
		"0I23-4567-89ab-cdef-ghjk-mnpq", "0l23-4567-89ab-cdef-ghjk-mnpq", " 0123-4567-89ab-cdef-ghjk-mnpq ",
	} {
		if h, ok := recoveryCodeHash(typed); !ok || h != want {
			t.Errorf("%q is not read as %q", typed, code)
		}
	}
	for _, bad := range []string{
		"", "123456", "0123-4567-89ab-cdef-ghjk-mnp", "0123-4567-89ab-cdef-ghjk-mnpqr", "0123-4567-89ab-cdef-ghjk-mnpu",
		"0123-4567-89ab-cdef-ghjk-mnp!", "0123_4567_89ab_cdef_ghjk_mnpq", strings.Repeat("-", 60) + "0123456789abcdefghjkmnpq",
	} {
		if _, ok := recoveryCodeHash(bad); ok {
			t.Errorf("%q is read as a recovery code", bad)
		}
	}
}

// TestMatchRecoveryCode: the code matching a hash is found wherever it is
// among the account's codes, however many there are; no match is none.
func TestMatchRecoveryCode(t *testing.T) {
	var codes []RecoveryCode
	for i := range RecoveryCodeCount + 2 {
		codes = append(codes, RecoveryCode{ID: fmt.Sprint("rc-", i), Hash: fmt.Sprintf("%064x", i+1)})
	}
	for n := range len(codes) + 1 {
		for i := range n {
			id, ok := matchRecoveryCode(codes[:n], codes[i].Hash)
			if !ok || id != codes[i].ID {
				t.Fatalf("code %d of %d: got %q, %v", i, n, id, ok)
			}
		}
		if id, ok := matchRecoveryCode(codes[:n], fmt.Sprintf("%064x", 999)); ok || id != "" {
			t.Fatalf("%d codes: an unknown hash matched %q", n, id)
		}
		if _, ok := matchRecoveryCode(codes[:n], strings.Repeat("0", 64)); ok {
			t.Fatalf("%d codes: the dummy hash matched", n)
		}
	}
}

// TestRecoveryCodesHideThemselves: printed or logged, recovery codes show
// how many there are, never what they are.
func TestRecoveryCodesHideThemselves(t *testing.T) {
	codes := RecoveryCodes{"0123-4567-89ab-cdef-ghjk-mnpq", "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz"}
	var log bytes.Buffer
	slog.New(slog.NewJSONHandler(&log, nil)).Info("enrolled", "codes", codes)
	for _, out := range []string{fmt.Sprint(codes), fmt.Sprintf("%v %+v %#v %s %q %d %x", codes, codes, codes, codes, codes, codes, codes), log.String()} {
		for _, c := range codes {
			if strings.Contains(out, c) {
				t.Fatalf("%q shows a code", out)
			}
		}
	}
	if !strings.Contains(log.String(), `"codes":2`) {
		t.Fatalf("the log does not say how many: %s", log.String())
	}
}

// BenchmarkMatchRecoveryCode: the match costs the same whichever code
// matches, none, or how many codes are left.
func BenchmarkMatchRecoveryCode(b *testing.B) {
	var codes []RecoveryCode
	for i := range RecoveryCodeCount {
		codes = append(codes, RecoveryCode{ID: fmt.Sprint("rc-", i), Hash: fmt.Sprintf("%064x", i+1)})
	}
	for _, c := range []struct {
		name  string
		codes []RecoveryCode
		hash  string
	}{
		{"first", codes, codes[0].Hash},
		{"last", codes, codes[9].Hash},
		{"none", codes, fmt.Sprintf("%064x", 999)},
		{"one_left", codes[:1], fmt.Sprintf("%064x", 999)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				matchRecoveryCode(c.codes, c.hash)
			}
		})
	}
}
