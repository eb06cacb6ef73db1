package totp

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
)

// Algorithm is the HMAC hash function codes are made with.
type Algorithm string

// The algorithms of RFC 6238. SHA1 is what authenticator apps expect; some
// ignore any other.
const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// newHash returns the hash constructor for a, or nil for an unknown one.
func (a Algorithm) newHash() func() hash.Hash {
	switch a {
	case SHA1:
		return sha1.New
	case SHA256:
		return sha256.New
	case SHA512:
		return sha512.New
	}
	return nil
}

// Defaults and limits of Config.
const (
	// DefaultDigits is the length of a code: 6, as authenticator apps show.
	DefaultDigits = 6
	// MinDigits and MaxDigits bound the length of a code (RFC 4226, 5.3).
	MinDigits = 6
	MaxDigits = 8
	// DefaultPeriod is how long each code lasts.
	DefaultPeriod = 30 * time.Second
	// DefaultSkew is how many steps either side of the current one are
	// accepted, for clocks that drift.
	DefaultSkew = 1
	// MaxSkew bounds the steps accepted either side of the current one.
	MaxSkew = 10
)

// Config tunes codes. The zero value is what authenticator apps expect: 6
// digits, a new code every 30 seconds, HMAC-SHA-1, and one step of skew.
type Config struct {
	// Digits is the length of a code, 6 to 8 (0: 6).
	Digits int
	// Period is how long each code lasts, a whole number of seconds (0: 30
	// seconds).
	Period time.Duration
	// Algorithm is the HMAC hash function ("": SHA1).
	Algorithm Algorithm
	// Skew is how many steps before and after the current one Validate also
	// accepts, for a phone clock that is a little off: 0 means the default
	// of 1, a negative value accepts the current step only, and at most
	// MaxSkew is allowed.
	Skew int
}

// withDefaults returns c with each zero field replaced by its default.
func (c Config) withDefaults() Config {
	if c.Digits == 0 {
		c.Digits = DefaultDigits
	}
	if c.Period == 0 {
		c.Period = DefaultPeriod
	}
	if c.Algorithm == "" {
		c.Algorithm = SHA1
	}
	switch {
	case c.Skew == 0:
		c.Skew = DefaultSkew
	case c.Skew < 0:
		c.Skew = 0
	}
	return c
}

// Validate reports whether c, with its defaults filled in, is usable: Digits
// 6 to 8, Period a positive whole number of seconds, a known Algorithm, and
// Skew at most MaxSkew. The error is Invalid and names every field at fault.
func (c Config) Validate() error {
	return c.withDefaults().validate("totp.Config.Validate")
}

func (c Config) validate(op string) error {
	var p carenet.Problems
	c.check(&p)
	if err := p.Err(); err != nil {
		return carenet.E(op, carenet.Invalid, "the one-time code settings are not valid", err)
	}
	return nil
}

// check adds a problem for each field of c, which has its defaults, that is
// out of range.
func (c Config) check(p *carenet.Problems) {
	if c.Digits < MinDigits || c.Digits > MaxDigits {
		p.Add("Digits", carenet.RuleRange, "must be between "+strconv.Itoa(MinDigits)+" and "+strconv.Itoa(MaxDigits))
	}
	if c.Period < time.Second || c.Period%time.Second != 0 {
		p.Add("Period", carenet.RuleRange, "must be a positive whole number of seconds")
	}
	if c.Algorithm.newHash() == nil {
		p.Add("Algorithm", carenet.RuleOneOf, "must be SHA1, SHA256 or SHA512")
	}
	if c.Skew > MaxSkew {
		p.Add("Skew", carenet.RuleRange, "must be at most "+strconv.Itoa(MaxSkew))
	}
}
