package totp

import (
	"crypto/hmac"
	"encoding/binary"
	"hash"
	"strconv"

	"github.com/carenet-go/carenet"
)

// MinSecretBytes is the shortest secret accepted: 128 bits, the least RFC
// 4226 allows. NewSecret makes 160-bit secrets, as it recommends.
const MinSecretBytes = 16

// HOTP returns the RFC 4226 one-time password of secret for counter, with
// c's Digits and Algorithm (its Period and Skew play no part). It returns an
// Invalid error if the secret is shorter than MinSecretBytes or c is not
// valid.
func HOTP(secret []byte, counter uint64, c Config) (string, error) {
	const op = "totp.HOTP"
	c = c.withDefaults()
	if err := checkInput(op, secret, c); err != nil {
		return "", err
	}
	return hotp(secret, counter, c.Digits, c.Algorithm.newHash()), nil
}

// checkInput checks a secret and a config with its defaults.
func checkInput(op string, secret []byte, c Config) error {
	var p carenet.Problems
	if len(secret) < MinSecretBytes {
		p.Add("secret", carenet.RuleTooShort, "must be at least "+strconv.Itoa(MinSecretBytes)+" bytes")
	}
	c.check(&p)
	if err := p.Err(); err != nil {
		return carenet.E(op, carenet.Invalid, "", err)
	}
	return nil
}

// pow10 holds 10^n for the code lengths allowed.
var pow10 = [MaxDigits + 1]uint32{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000}

// hotp computes a code; digits and newHash must be valid.
func hotp(secret []byte, counter uint64, digits int, newHash func() hash.Hash) string {
	mac := hmac.New(newHash, secret)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)

	// Dynamic truncation (RFC 4226, 5.3): four bytes at the offset named by
	// the low nibble of the last byte, without the top bit.
	offset := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[offset:offset+4]) & 0x7fffffff
	code := strconv.FormatUint(uint64(bin%pow10[digits]), 10)

	buf := make([]byte, digits)
	for i := range buf[:digits-len(code)] {
		buf[i] = '0'
	}
	copy(buf[digits-len(code):], code)
	return string(buf)
}
