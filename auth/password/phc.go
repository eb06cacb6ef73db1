package password

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/carenet-go/carenet"
)

// Algorithm and version of the hashes this package writes.
const (
	// AlgorithmArgon2id is the PHC identifier of argon2id.
	AlgorithmArgon2id = "argon2id"
	// Argon2Version is version 1.3 of argon2, the only one accepted.
	Argon2Version = 19
)

// maxPHCLength bounds the text of a stored hash: the longest valid one, with
// the largest parameters, salt and key, is well under it.
const maxPHCLength = 512

// b64 is the PHC string format's base64: standard alphabet, no padding. Strict
// decoding refuses stray bits in the last character, so a hash has exactly
// one spelling.
var b64 = base64.RawStdEncoding.Strict()

// PHC is an argon2id hash in the PHC string format:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//	$argon2id$v=19$m=19456,t=2,p=1,k=<pepper key ID>$<salt>$<key>
//
// with salt and key in standard base64 without padding; the second form is
// a hash of the password keyed with a pepper (Hasher.Peppers).
type PHC struct {
	// Algorithm is always AlgorithmArgon2id.
	Algorithm string
	// Version is always Argon2Version.
	Version int
	// Params are the cost parameters; SaltLength and KeyLength are the
	// lengths of Salt and Key.
	Params Params
	Salt   []byte
	Key    []byte
	// PepperID names the pepper the password was keyed with; empty for
	// none.
	PepperID string
}

// String encodes h in the PHC string format. For a valid h,
// ParsePHC(h.String()) gives h back.
func (h PHC) String() string {
	var b strings.Builder
	b.Grow(64 + b64.EncodedLen(len(h.Salt)) + b64.EncodedLen(len(h.Key)))
	b.WriteByte('$')
	b.WriteString(h.Algorithm)
	b.WriteString("$v=")
	b.WriteString(strconv.Itoa(h.Version))
	b.WriteString("$m=")
	b.WriteString(strconv.FormatUint(uint64(h.Params.Memory), 10))
	b.WriteString(",t=")
	b.WriteString(strconv.FormatUint(uint64(h.Params.Iterations), 10))
	b.WriteString(",p=")
	b.WriteString(strconv.FormatUint(uint64(h.Params.Parallelism), 10))
	if h.PepperID != "" {
		b.WriteString(",k=")
		b.WriteString(h.PepperID)
	}
	b.WriteByte('$')
	b.WriteString(b64.EncodeToString(h.Salt))
	b.WriteByte('$')
	b.WriteString(b64.EncodeToString(h.Key))
	return b.String()
}

// ParsePHC parses an argon2id hash in the PHC string format. It accepts only
// the canonical spelling this package writes: algorithm argon2id, version 19,
// the parameters m, t and p in that order as decimal numbers without leading
// zeros, and salt and key in standard base64 without padding. Every parameter
// must be within the bounds of Params.Validate, so parsing a hash planted in
// a store cannot lead to an unbounded computation.
//
// A malformed hash is an Invalid error whose message names what is wrong,
// wrapping a *carenet.ValidationError for the field "hash".
func ParsePHC(s string) (PHC, error) {
	const op = "password.ParsePHC"
	if s == "" {
		return PHC{}, malformed(op, "is empty")
	}
	if len(s) > maxPHCLength {
		return PHC{}, malformed(op, "is too long")
	}
	if s[0] != '$' {
		return PHC{}, malformed(op, "does not start with $")
	}
	parts := strings.Split(s[1:], "$")
	if len(parts) != 5 {
		return PHC{}, malformed(op, "does not have the five $-separated parts of an argon2id hash")
	}
	h := PHC{Algorithm: parts[0]}
	if h.Algorithm != AlgorithmArgon2id {
		return PHC{}, malformed(op, "names an unsupported algorithm (only argon2id is accepted)")
	}
	v, ok := strings.CutPrefix(parts[1], "v=")
	if !ok {
		return PHC{}, malformed(op, "has no version")
	}
	if version, ok := parseUint32(v); !ok || version != Argon2Version {
		return PHC{}, malformed(op, "has an unsupported version (only 19 is accepted)")
	}
	h.Version = Argon2Version

	var err error
	params := parts[2]
	if i := strings.Index(params, ",k="); i >= 0 {
		params, h.PepperID = params[:i], params[i+len(",k="):]
		if !validPepperID(h.PepperID) {
			return PHC{}, malformed(op, "has a pepper key ID (k) that is not 1 to 32 letters, digits, '-' or '_'")
		}
	}
	if h.Params, err = parseParams(op, params); err != nil {
		return PHC{}, err
	}
	if h.Salt, err = decodeB64(parts[3]); err != nil {
		return PHC{}, malformed(op, "has a salt that is not base64 without padding")
	}
	if h.Key, err = decodeB64(parts[4]); err != nil {
		return PHC{}, malformed(op, "has a key that is not base64 without padding")
	}
	h.Params.SaltLength = uint32(len(h.Salt))
	h.Params.KeyLength = uint32(len(h.Key))

	var probs carenet.Problems
	h.Params.check(&probs, "")
	if v := carenet.Validation(probs.Err()); v != nil {
		first := v.Problems[0]
		return PHC{}, malformed(op, "has "+paramNames[first.Field]+" out of range: it "+first.Message)
	}
	return h, nil
}

// decodeB64 decodes a non-empty salt or key. Only the base64 alphabet is
// allowed: the decoder alone would skip line breaks.
func decodeB64(s string) ([]byte, error) {
	if s == "" {
		return nil, errEmpty
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, errNotBase64
		}
	}
	return b64.DecodeString(s)
}

var (
	errEmpty     = errors.New("empty")
	errNotBase64 = errors.New("not base64")
)

// paramNames names a Params field in an error about a parsed hash.
var paramNames = map[string]string{
	"Memory":      "its memory cost (m)",
	"Iterations":  "its iterations (t)",
	"Parallelism": "its parallelism (p)",
	"SaltLength":  "a salt length",
	"KeyLength":   "a key length",
}

// parseParams parses "m=<memory>,t=<iterations>,p=<parallelism>".
func parseParams(op, s string) (Params, error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return Params{}, malformed(op, "does not have exactly the parameters m, t and p")
	}
	var vals [3]uint32
	for i, name := range [3]string{"m=", "t=", "p="} {
		num, ok := strings.CutPrefix(fields[i], name)
		if !ok {
			return Params{}, malformed(op, "does not have exactly the parameters m, t and p, in that order")
		}
		if vals[i], ok = parseUint32(num); !ok {
			return Params{}, malformed(op, "has a parameter "+name[:1]+" that is not a decimal number")
		}
	}
	if vals[2] > MaxParallelism {
		return Params{}, malformed(op, "has its parallelism (p) out of range: it "+between(MinParallelism, MaxParallelism))
	}
	return Params{Memory: vals[0], Iterations: vals[1], Parallelism: uint8(vals[2])}, nil
}

// parseUint32 parses a canonical decimal number: ASCII digits only, no sign,
// no leading zero.
func parseUint32(s string) (uint32, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, false
	}
	return uint32(n), true
}

// malformed returns the Invalid error for a stored hash that cannot be used;
// what completes the sentence "the password hash ...".
func malformed(op, what string) error {
	var p carenet.Problems
	p.Add("hash", carenet.RuleFormat, what)
	return carenet.E(op, carenet.Invalid, "the password hash "+what, p.Err())
}
