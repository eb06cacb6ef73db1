package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/carenet-go/carenet"
)

// Token prefixes say what a token is for, so one kind is never accepted as
// another and a leaked token is easy to recognise in logs.
const (
	SessionTokenPrefix = "cns_"
	LinkTokenPrefix    = "cnl_"
)

// tokenBytes is the entropy of every token: 256 bits.
const tokenBytes = 32

var tokenEncoding = base64.RawURLEncoding

// tokenLen is the length of an encoded token without its prefix.
var tokenLen = tokenEncoding.EncodedLen(tokenBytes)

// newToken returns a fresh token with the prefix and the hash to store.
func newToken(prefix string) (token, hash string, err error) {
	var b [tokenBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", carenet.E("auth.newToken", carenet.Internal, "", err)
	}
	return prefix + tokenEncoding.EncodeToString(b[:]), hashToken(b[:]), nil
}

func hashToken(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// ParseToken checks that token is well formed for the prefix and returns the
// hash a store keeps for it. A malformed token (wrong prefix, length or
// alphabet) is an Unauthenticated error; nothing is looked up.
func ParseToken(prefix, token string) (string, error) {
	if len(token) != len(prefix)+tokenLen || !strings.HasPrefix(token, prefix) {
		return "", errMalformedToken
	}
	raw, err := tokenEncoding.DecodeString(token[len(prefix):])
	if err != nil || len(raw) != tokenBytes {
		return "", errMalformedToken
	}
	// Only the canonical encoding is accepted, so one token has one spelling.
	if tokenEncoding.EncodeToString(raw) != token[len(prefix):] {
		return "", errMalformedToken
	}
	return hashToken(raw), nil
}

var errMalformedToken = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.ParseToken", Message: "the token is not valid"}
