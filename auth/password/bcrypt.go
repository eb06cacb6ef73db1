package password

import (
	"errors"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// bcryptLength is the length of every bcrypt hash:
// "$2b$" + two cost digits + "$" + 22 characters of salt + 31 of hash.
const bcryptLength = 60

// MaxBcryptCost is the largest bcrypt cost accepted from a stored hash.
// Each step doubles the work; cost 16 already takes seconds, and the format
// allows up to 31, which would take days.
const MaxBcryptCost = 16

// isBcrypt reports whether s claims to be a bcrypt hash of a version this
// package verifies.
func isBcrypt(s string) bool {
	return strings.HasPrefix(s, "$2a$") || strings.HasPrefix(s, "$2b$") || strings.HasPrefix(s, "$2y$")
}

// checkBcrypt checks the shape of a bcrypt hash and bounds its cost.
func checkBcrypt(op, encoded string) error {
	if len(encoded) != bcryptLength || encoded[6] != '$' {
		return malformed(op, "is not a well-formed bcrypt hash")
	}
	for i := 7; i < len(encoded); i++ {
		if !isBcryptBase64(encoded[i]) {
			return malformed(op, "is not a well-formed bcrypt hash")
		}
	}
	c1, c2 := encoded[4], encoded[5]
	if c1 < '0' || c1 > '9' || c2 < '0' || c2 > '9' {
		return malformed(op, "has a bcrypt cost that is not a number")
	}
	cost := int(c1-'0')*10 + int(c2-'0')
	if cost < bcrypt.MinCost || cost > MaxBcryptCost {
		return malformed(op, "has a bcrypt cost out of range: it "+between(bcrypt.MinCost, MaxBcryptCost))
	}
	return nil
}

// compareBcrypt checks password against encoded, a bcrypt hash that
// checkBcrypt accepted. As bcrypt does, it looks at no more than the first
// 72 bytes of password.
func compareBcrypt(op, password, encoded string) (bool, error) {
	err := bcrypt.CompareHashAndPassword([]byte(encoded), []byte(password))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, nil
	}
	return false, malformed(op, "is not a well-formed bcrypt hash")
}

// isBcryptBase64 reports whether c is in bcrypt's base64 alphabet.
func isBcryptBase64(c byte) bool {
	return c == '.' || c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
}
