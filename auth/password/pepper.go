package password

import (
	"crypto/hmac"
	"crypto/sha256"
	"strconv"

	"github.com/carenet-go/carenet"
)

// MinPepperBytes is the shortest pepper a Hasher accepts: 256 bits.
const MinPepperBytes = 32

// MaxPepperIDLength is the longest pepper key ID; IDs use letters, digits,
// '-' and '_' only, so they sit in a PHC string's parameters as they are.
const MaxPepperIDLength = 32

// peppered is what is hashed for password under pepper (ASVS 2.4.5): the
// HMAC-SHA256 of the normalised password keyed with the host-held secret,
// so a stolen table of hashes cannot be attacked without the pepper too.
func peppered(pepper, password []byte) []byte {
	m := hmac.New(sha256.New, pepper)
	m.Write(password)
	return m.Sum(nil)
}

// ValidatePepper checks the Hasher's peppers: every key ID well formed,
// every pepper at least MinPepperBytes long, and PepperID, when set, one of
// Peppers. It returns an Invalid error naming the field and the rule.
func (h Hasher) ValidatePepper() error {
	var p carenet.Problems
	for id, pepper := range h.Peppers {
		if !validPepperID(id) {
			p.Add("Peppers", carenet.RuleFormat, "key IDs are 1 to "+strconv.Itoa(MaxPepperIDLength)+" letters, digits, '-' or '_'")
		}
		if len(pepper) < MinPepperBytes {
			p.Add("Peppers["+id+"]", carenet.RuleTooShort, "must be at least "+strconv.Itoa(MinPepperBytes)+" bytes")
		}
	}
	if h.PepperID != "" && h.Peppers[h.PepperID] == nil {
		p.Add("PepperID", carenet.RuleOneOf, "must name one of Peppers")
	}
	if err := p.Err(); err != nil {
		return carenet.E("password.Hasher", carenet.Invalid, "", err)
	}
	return nil
}

// validPepperID reports whether id may name a pepper.
func validPepperID(id string) bool {
	if id == "" || len(id) > MaxPepperIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
