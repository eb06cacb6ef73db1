package password

import (
	"crypto/rand"
	"crypto/subtle"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/carenet-go/carenet"
)

// MaxPasswordBytes is the longest password, in bytes, that is hashed or
// verified. A longer one is refused with an Invalid error rather than
// hashed, so no one can make the server hash megabytes.
const MaxPasswordBytes = 4096

// Hasher hashes passwords with argon2id and verifies them. Its zero value
// uses DefaultParams; any zero field of Params takes its default. A Hasher
// is a plain value, safe to copy and to use from many goroutines.
//
// With a pepper (PepperID, one of Peppers) the password is first keyed
// with that host-held secret (HMAC-SHA256) and the PHC string names the
// pepper's key ID (k=...), so peppers rotate: add a new one, make it
// PepperID, keep the old ones in Peppers. Hashes made under an old pepper
// or none still verify and report needsRehash, so each is replaced at its
// user's next login.
type Hasher struct {
	Params Params
	// Peppers are the host-held secrets mixed into hashing, by key ID
	// (each at least MinPepperBytes), kept outside the database. Never
	// remove one while hashes made with it remain.
	Peppers map[string][]byte
	// PepperID names the pepper new hashes use; empty for none.
	PepperID string
}

// params returns the parameters in force: h.Params with defaults filled in.
func (h Hasher) params() Params { return h.Params.withDefaults() }

// Hash returns the argon2id hash of password in the PHC string format, with
// a fresh random salt. The password is first normalised to Unicode NFKC, so
// the same characters verify however they were typed (see Verify). It
// returns an Invalid error if password is longer than MaxPasswordBytes or
// the Hasher's parameters are out of bounds (see Params.Validate).
func (h Hasher) Hash(password string) (string, error) {
	const op = "password.Hasher.Hash"
	if len(password) > MaxPasswordBytes {
		return "", tooLong(op)
	}
	return h.hash(op, []byte(normalise(password)))
}

// Unusable returns a hash that no password matches in practice: the hash of
// 32 random bytes that are then forgotten. Storing it locks a login out
// while keeping the stored value an ordinary hash.
func (h Hasher) Unusable() (string, error) {
	const op = "password.Hasher.Unusable"
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", carenet.E(op, carenet.Internal, "", err)
	}
	return h.hash(op, secret)
}

func (h Hasher) hash(op string, password []byte) (string, error) {
	p := h.params()
	if err := p.Validate(); err != nil {
		return "", carenet.E(op, carenet.Invalid, "the password hashing parameters are out of range", err)
	}
	if err := h.ValidatePepper(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLength)
	if _, err := rand.Read(salt); err != nil {
		return "", carenet.E(op, carenet.Internal, "", err)
	}
	if h.PepperID != "" {
		password = peppered(h.Peppers[h.PepperID], password)
	}
	out := derive(password, salt, p)
	out.PepperID = h.PepperID
	return out.String(), nil
}

// derive computes the argon2id hash of password with salt and the
// parameters p, which must be valid.
func derive(password, salt []byte, p Params) PHC {
	key := argon2.IDKey(password, salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
	p.SaltLength = uint32(len(salt))
	return PHC{Algorithm: AlgorithmArgon2id, Version: Argon2Version, Params: p, Salt: salt, Key: key}
}

// Verify reports whether password matches encoded, a stored hash: an
// argon2id hash in the PHC string format, or a bcrypt hash ($2a$, $2b$ or
// $2y$) carried over from an older system. The keys are compared in
// constant time.
//
// The password is normalised to Unicode NFKC, as Hash does, so a password
// set in one normalisation form (say NFC, "é" as one code point) verifies
// when typed in another (NFD, "e" and a combining accent). A hash made
// before passwords were normalised is of the bytes as typed: when the
// normalised password does not match and differs from the password as
// given, that is tried too.
//
// A wrong password gives ok false and a nil error. needsRehash is true only
// with ok, when the stored hash should be replaced by h.Hash(password): it
// is a bcrypt hash, an argon2id hash whose parameters or pepper (none, or
// an older one) differ from h's, or a hash of a password as typed rather
// than normalised. A hash made with a pepper h does not hold is an Invalid
// error.
//
// A malformed or unsupported hash is an Invalid error naming what is wrong,
// as is a password longer than MaxPasswordBytes. Stored parameters are
// bounded (see ParsePHC), so verifying a planted hash cannot exhaust memory
// or CPU.
func (h Hasher) Verify(password, encoded string) (ok, needsRehash bool, err error) {
	const op = "password.Hasher.Verify"
	if len(password) > MaxPasswordBytes {
		return false, false, tooLong(op)
	}
	match, current, err := h.matcher(op, encoded)
	if err != nil {
		return false, false, err
	}
	forms, n := passwordForms(password)
	for i, form := range forms[:n] {
		ok, err := match(form)
		if err != nil {
			return false, false, err
		}
		if ok {
			// Only the first form is what Hash makes today.
			return true, i > 0 || !current, nil
		}
	}
	return false, false, nil
}

// matcher parses encoded and returns a function that reports whether a
// password matches it, and whether encoded is what h.Hash makes now: an
// argon2id hash with h's parameters.
func (h Hasher) matcher(op, encoded string) (match func(password string) (bool, error), current bool, err error) {
	switch {
	case strings.HasPrefix(encoded, "$argon2"):
		stored, err := ParsePHC(encoded)
		if err != nil {
			return nil, false, err
		}
		var pepper []byte
		if stored.PepperID != "" {
			if pepper = h.Peppers[stored.PepperID]; pepper == nil {
				return nil, false, malformed(op, "was made with the pepper "+stored.PepperID+", which the hasher does not hold")
			}
		}
		match = func(password string) (bool, error) {
			in := []byte(password)
			if pepper != nil {
				in = peppered(pepper, in)
			}
			key := argon2.IDKey(in, stored.Salt, stored.Params.Iterations, stored.Params.Memory, stored.Params.Parallelism, stored.Params.KeyLength)
			return subtle.ConstantTimeCompare(key, stored.Key) == 1, nil
		}
		return match, stored.Params == h.params() && stored.PepperID == h.PepperID, nil
	case isBcrypt(encoded):
		if err := checkBcrypt(op, encoded); err != nil {
			return nil, false, err
		}
		return func(password string) (bool, error) { return compareBcrypt(op, password, encoded) }, false, nil
	case encoded == "":
		return nil, false, malformed(op, "is empty")
	}
	return nil, false, malformed(op, "is in an unrecognised format (expected argon2id or bcrypt)")
}

func tooLong(op string) error {
	return invalid(op, Field, carenet.RuleTooLong, "must be at most "+strconv.Itoa(MaxPasswordBytes)+" bytes")
}
