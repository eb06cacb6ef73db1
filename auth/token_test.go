package auth_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

func TestParseToken(t *testing.T) {
	k := newKit(t)
	res := k.Login("admin", adminPassword)
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

func FuzzParseToken(f *testing.F) {
	f.Add(auth.SessionTokenPrefix + strings.Repeat("A", 43))
	f.Add(auth.SessionTokenPrefix + strings.Repeat("_", 43))
	f.Add(auth.SessionTokenPrefix + strings.Repeat("A", 42) + "B")
	f.Add(auth.LinkTokenPrefix + strings.Repeat("-", 43))
	f.Add("")
	f.Add("cns_")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := auth.ParseToken(auth.SessionTokenPrefix, s)
		if err != nil {
			if carenet.ErrorCode(err) != carenet.Unauthenticated {
				t.Fatalf("code %q", carenet.ErrorCode(err))
			}
			return
		}
		if len(h) != 64 || !strings.HasPrefix(s, auth.SessionTokenPrefix) {
			t.Fatalf("accepted %q with hash %q", s, h)
		}
	})
}
