package totp

import (
	"crypto/rand"
	"slices"
	"strconv"

	"github.com/carenet-go/carenet"
)

// MaxKeyIDLength is the longest key ID of a KeyRing; IDs use letters,
// digits, '-', '_' and '.' only.
const MaxKeyIDLength = 32

// sealVersionKeyed is the format of a value sealed by a KeyRing:
//
//	version 2 (1 byte) | key ID length (1 byte) | key ID | nonce (12 bytes) | AES-256-GCM ciphertext and tag
//
// with everything before the nonce, behind the fixed label, authenticated
// as additional data, so a value does not open under another key ID.
const sealVersionKeyed = 2

// KeyRing seals TOTP secrets under its current key and opens them under any
// of its keys, by the key ID each sealed value carries, so the sealing key
// rotates: add a new key, make it current, keep the old ones until every
// secret is re-sealed (auth.Service.ResealTOTPSecrets). Values made by Seal,
// which carry no key ID, open with whichever key of the ring sealed them.
// A KeyRing is safe for concurrent use.
type KeyRing struct {
	current string
	keys    map[string][]byte
	ids     []string // sorted, for trying the keys on an unkeyed value
}

// NewKeyRing returns a ring whose keys are keys (each KeyBytes bytes, by
// key ID) and which seals under the key named current. A missing current
// key, a key of the wrong size or a misshapen ID is an Invalid error naming
// the field and the rule.
func NewKeyRing(current string, keys map[string][]byte) (*KeyRing, error) {
	var p carenet.Problems
	if current == "" {
		p.Add("current", carenet.RuleRequired, "is required")
	} else if keys[current] == nil {
		p.Add("current", carenet.RuleOneOf, "must name one of the keys")
	}
	r := &KeyRing{current: current, keys: make(map[string][]byte, len(keys))}
	for id, k := range keys {
		if !validKeyID(id) {
			p.Add("keys", carenet.RuleFormat, "key IDs are 1 to "+strconv.Itoa(MaxKeyIDLength)+" letters, digits, '-', '_' or '.'")
		}
		if len(k) != KeyBytes {
			p.Add("keys["+id+"]", carenet.RuleFormat, "must be "+strconv.Itoa(KeyBytes)+" bytes")
		}
		r.keys[id] = slices.Clone(k)
		r.ids = append(r.ids, id)
	}
	if err := p.Err(); err != nil {
		return nil, carenet.E("totp.NewKeyRing", carenet.Invalid, "", err)
	}
	slices.Sort(r.ids)
	return r, nil
}

func validKeyID(id string) bool {
	if id == "" || len(id) > MaxKeyIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// Current is the ID of the key new values are sealed under.
func (r *KeyRing) Current() string { return r.current }

// Seal encrypts secret under the current key, with a fresh random nonce,
// in a value that names the key. An empty secret is an Invalid error.
func (r *KeyRing) Seal(secret []byte) ([]byte, error) {
	const op = "totp.KeyRing.Seal"
	if len(secret) == 0 {
		var p carenet.Problems
		p.Add("secret", carenet.RuleRequired, "is required")
		return nil, carenet.E(op, carenet.Invalid, "", p.Err())
	}
	aead, err := newAEAD(r.keys[r.current])
	if err != nil {
		return nil, carenet.E(op, carenet.Internal, "", err)
	}
	head := make([]byte, 0, 2+len(r.current)+nonceBytes+len(secret)+tagBytes)
	head = append(head, sealVersionKeyed, byte(len(r.current)))
	head = append(head, r.current...)
	n := len(head)
	head = head[:n+nonceBytes]
	if _, err := rand.Read(head[n:]); err != nil {
		return nil, carenet.E(op, carenet.Internal, "", err)
	}
	return aead.Seal(head, head[n:], secret, append([]byte(sealLabel), head[:n]...)), nil
}

// KeyID is the ID of the key sealed names: "" for a value made by Seal,
// which names none, or one that is not a sealed value.
func KeyID(sealed []byte) string {
	if len(sealed) < 2 || sealed[0] != sealVersionKeyed || len(sealed) < 2+int(sealed[1]) {
		return ""
	}
	return string(sealed[2 : 2+int(sealed[1])])
}

// Open decrypts a value sealed by the ring (under any of its keys) or by
// Seal with one of its keys, and returns the secret with the ID of the key
// that opened it. A value of an unknown format, naming a key the ring does
// not hold, truncated, or altered is an Invalid error that says which.
func (r *KeyRing) Open(sealed []byte) (secret []byte, keyID string, err error) {
	const op = "totp.KeyRing.Open"
	switch {
	case len(sealed) == 0:
		return nil, "", sealedErr(op, carenet.RuleRequired, "is empty")
	case sealed[0] == sealVersion:
		for _, id := range r.ids {
			if secret, err := Open(r.keys[id], sealed); err == nil {
				return secret, id, nil
			}
		}
		return nil, "", sealedErr(op, carenet.RuleFormat, "cannot be opened: no key of the ring sealed it, or the value was altered")
	case sealed[0] != sealVersionKeyed:
		return nil, "", sealedErr(op, carenet.RuleFormat, "is in an unknown format")
	}
	id := KeyID(sealed)
	n := 2 + len(id)
	if id == "" || len(sealed) < n+nonceBytes+tagBytes {
		return nil, "", sealedErr(op, carenet.RuleFormat, "is truncated")
	}
	key := r.keys[id]
	if key == nil {
		return nil, "", sealedErr(op, carenet.RuleOneOf, "names a key the ring does not hold")
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, "", carenet.E(op, carenet.Internal, "", err)
	}
	secret, err = aead.Open(nil, sealed[n:n+nonceBytes], sealed[n+nonceBytes:], append([]byte(sealLabel), sealed[:n]...))
	if err != nil {
		return nil, "", sealedErr(op, carenet.RuleFormat, "cannot be opened: the key is wrong or the value was altered")
	}
	return secret, id, nil
}
