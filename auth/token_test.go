package auth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

func TestParseToken(t *testing.T) {
	k := newKit(t)
	res := k.LoginAs("admin", adminPassword)
	tok := res.Token
	require.True(t, strings.HasPrefix(tok, auth.SessionTokenPrefix))

	hash, err := auth.ParseToken(auth.SessionTokenPrefix, tok)
	require.NoError(t, err)
	assert.Equal(t, res.Session.TokenHash, hash, "the stored hash is the hash of the token")
	assert.NotContains(t, hash, tok[len(auth.SessionTokenPrefix):], "the token itself is not stored")

	bad := map[string]string{
		"Empty":       "",
		"NoPrefix":    tok[len(auth.SessionTokenPrefix):],
		"OtherPrefix": auth.LinkTokenPrefix + tok[len(auth.SessionTokenPrefix):],
		"Truncated":   tok[:len(tok)-1],
		"Extended":    tok + "A",
		"BadAlphabet": tok[:len(tok)-1] + "*",
		"Padding":     tok[:len(tok)-1] + "=",
		"Huge":        strings.Repeat("x", 1<<20),
	}
	for name, s := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := auth.ParseToken(auth.SessionTokenPrefix, s)
			assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
		})
	}
}

// FuzzParseToken checks that ParseToken never panics, fails only with an
// Unauthenticated error, and accepts only a session prefix followed by 256
// bits in canonical base64url, returning their SHA-256.
func FuzzParseToken(f *testing.F) {
	f.Add(auth.SessionTokenPrefix + strings.Repeat("A", 43))
	f.Add(auth.SessionTokenPrefix + strings.Repeat("_", 43))
	f.Add(auth.SessionTokenPrefix + strings.Repeat("A", 42) + "B")
	f.Add(auth.LinkTokenPrefix + strings.Repeat("-", 43))
	f.Add("")
	f.Add("cns_")
	f.Add(auth.SessionTokenPrefix + strings.Repeat("A", 42) + "=")
	f.Add(auth.SessionTokenPrefix + strings.Repeat("A", 42) + "\x00")
	f.Add(strings.ToUpper(auth.SessionTokenPrefix) + strings.Repeat("A", 43))
	f.Fuzz(func(t *testing.T, s string) {
		h, err := auth.ParseToken(auth.SessionTokenPrefix, s)
		if err != nil {
			if carenet.ErrorCode(err) != carenet.Unauthenticated {
				t.Fatalf("code %q", carenet.ErrorCode(err))
			}
			return
		}
		if len(s) != len(auth.SessionTokenPrefix)+43 || !strings.HasPrefix(s, auth.SessionTokenPrefix) {
			t.Fatalf("accepted %q", s)
		}
		raw, err := base64.RawURLEncoding.DecodeString(s[len(auth.SessionTokenPrefix):])
		if err != nil || len(raw) != 32 {
			t.Fatalf("accepted %q, which is not 256 bits in base64url: %v", s, err)
		}
		if sum := sha256.Sum256(raw); h != hex.EncodeToString(sum[:]) {
			t.Fatalf("ParseToken(%q) = %q, not the SHA-256 of the token", s, h)
		}
		if _, err := auth.ParseToken(auth.LinkTokenPrefix, s); err == nil {
			t.Fatalf("session token %q accepted as a password link", s)
		}
	})
}
