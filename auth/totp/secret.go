package totp

import (
	"crypto/rand"

	"github.com/carenet-go/carenet"
)

// SecretBytes is the size of a secret made by NewSecret: 160 bits, the
// length RFC 4226 recommends and the output size of HMAC-SHA-1.
const SecretBytes = 20

// NewSecret returns a fresh random secret of SecretBytes bytes. Show it to
// the user once, through KeyURI, and store it only sealed (see Seal).
func NewSecret() ([]byte, error) {
	secret := make([]byte, SecretBytes)
	if _, err := rand.Read(secret); err != nil {
		return nil, carenet.E("totp.NewSecret", carenet.Internal, "", err)
	}
	return secret, nil
}
