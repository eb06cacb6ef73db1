package totp_test

import (
	"testing"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/totp"
)

// FuzzValidate checks that Validate never panics, accepts only codes of
// exactly the configured number of ASCII digits, and agrees with Generate.
func FuzzValidate(f *testing.F) {
	f.Add("287082", []byte("12345678901234567890"), int64(59), 0, 0)
	f.Add("94287082", []byte("12345678901234567890"), int64(59), 8, -1)
	f.Add("", []byte{}, int64(0), 0, 0)
	f.Add("abcdef", []byte("12345678901234567890"), int64(-1), 6, 10)
	f.Add("12345", []byte("short"), int64(1<<62), 9, 1<<30)
	f.Fuzz(func(t *testing.T, code string, secret []byte, unix int64, digits, skew int) {
		c := totp.Config{Digits: digits, Skew: skew}
		now := time.Unix(unix, 0)
		step, ok := totp.Validate(code, secret, now, c)
		if !ok {
			if step != 0 {
				t.Fatalf("no match but step %d", step)
			}
			return
		}
		for i := 0; i < len(code); i++ {
			if code[i] < '0' || code[i] > '9' {
				t.Fatalf("accepted %q", code)
			}
		}
		want, err := totp.HOTP(secret, uint64(step), c)
		if err != nil || want != code {
			t.Fatalf("matched step %d, whose code is %q (%v), not %q", step, want, err, code)
		}
	})
}

// FuzzOpen checks that Open never panics and refuses, as Invalid, anything
// that Seal did not make with the key.
func FuzzOpen(f *testing.F) {
	key := make([]byte, totp.KeyBytes)
	sealed, err := totp.Seal(key, []byte("12345678901234567890"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(key, sealed)
	f.Add(key, sealed[:len(sealed)-1])
	f.Add(key, []byte{})
	f.Add(key, []byte{1})
	f.Add(key[:16], sealed)
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, k, s []byte) {
		secret, err := totp.Open(k, s)
		if err != nil {
			if carenet.ErrorCode(err) != carenet.Invalid || secret != nil {
				t.Fatalf("Open: %v (code %q), secret %x", err, carenet.ErrorCode(err), secret)
			}
			return
		}
		again, err := totp.Seal(k, secret)
		if err != nil {
			t.Fatalf("re-sealing an opened secret: %v", err)
		}
		if back, err := totp.Open(k, again); err != nil || string(back) != string(secret) {
			t.Fatalf("round trip after open: %v", err)
		}
	})
}
