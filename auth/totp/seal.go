package totp

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"strconv"

	"github.com/carenet-go/carenet"
)

// KeyBytes is the size of the key that seals secrets: AES-256.
const KeyBytes = 32

// A sealed secret is
//
//	version (1 byte) | nonce (12 bytes) | AES-256-GCM ciphertext and tag
//
// and the version, behind a fixed label, is authenticated as additional
// data, so a value sealed for another purpose or format does not open.
const (
	sealVersion = 1
	nonceBytes  = 12
	tagBytes    = 16
	sealedMin   = 1 + nonceBytes + tagBytes
	sealLabel   = "carenet totp secret"
)

// Seal encrypts secret with key (KeyBytes bytes) for storage, with
// AES-256-GCM and a fresh random nonce: sealing the same secret twice gives
// different values. A TOTP secret must never be stored in clear. It returns
// an Invalid error for a key of the wrong size or an empty secret.
func Seal(key, secret []byte) ([]byte, error) {
	const op = "totp.Seal"
	var p carenet.Problems
	checkKey(&p, key)
	if len(secret) == 0 {
		p.Add("secret", carenet.RuleRequired, "is required")
	}
	if err := p.Err(); err != nil {
		return nil, carenet.E(op, carenet.Invalid, "", err)
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, carenet.E(op, carenet.Internal, "", err)
	}
	out := make([]byte, 1+nonceBytes, sealedMin+len(secret))
	out[0] = sealVersion
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, carenet.E(op, carenet.Internal, "", err)
	}
	return aead.Seal(out, out[1:], secret, additionalData(out[0])), nil
}

// Open decrypts a value made by Seal with the same key. A key of the wrong
// size, a truncated value, a value of an unknown format, and a value sealed
// under another key or altered in any way are each an Invalid error that
// says which.
func Open(key, sealed []byte) ([]byte, error) {
	const op = "totp.Open"
	var p carenet.Problems
	checkKey(&p, key)
	if err := p.Err(); err != nil {
		return nil, carenet.E(op, carenet.Invalid, "", err)
	}
	switch {
	case len(sealed) == 0:
		return nil, sealedErr(op, carenet.RuleRequired, "is empty")
	case sealed[0] != sealVersion:
		return nil, sealedErr(op, carenet.RuleFormat, "is in an unknown format")
	case len(sealed) < sealedMin:
		return nil, sealedErr(op, carenet.RuleFormat, "is truncated")
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, carenet.E(op, carenet.Internal, "", err)
	}
	secret, err := aead.Open(nil, sealed[1:1+nonceBytes], sealed[1+nonceBytes:], additionalData(sealed[0]))
	if err != nil {
		return nil, sealedErr(op, carenet.RuleFormat, "cannot be opened: the key is wrong or the value was altered")
	}
	return secret, nil
}

func checkKey(p *carenet.Problems, key []byte) {
	if len(key) != KeyBytes {
		p.Add("key", carenet.RuleFormat, "must be "+strconv.Itoa(KeyBytes)+" bytes")
	}
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func additionalData(version byte) []byte {
	return append([]byte(sealLabel), version)
}

// sealedErr is the Invalid error for a sealed value that cannot be opened;
// what completes the sentence "the sealed secret ...".
func sealedErr(op, rule, what string) error {
	var p carenet.Problems
	p.Add("sealed", rule, what)
	return carenet.E(op, carenet.Invalid, "the sealed secret "+what, p.Err())
}
