package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// Recovery codes are NIST SP 800-63B look-up secrets: each holds 120 random
// bits, so a plain SHA-256 of it is what a store keeps (a guess at a code
// is a guess at 120 bits, whether against the service or against a stolen
// hash; no salt or slow hash adds to that). They are shown once, as 24
// letters and digits of Crockford's base32 in groups of four
// ("7k2m-q9xd-..."), and typed back in any case, with or without the
// dashes or spaces, with i and l read as 1 and o as 0.

// RecoveryCodeCount is how many recovery codes enrolling a second factor,
// or making new codes, yields.
const RecoveryCodeCount = 10

// recoveryCodeBytes is the entropy of a recovery code: 120 bits, 24
// base32 characters.
const recoveryCodeBytes = 15

// recoveryCodeChars is the length of a recovery code without separators.
const recoveryCodeChars = recoveryCodeBytes * 8 / 5

// maxRecoveryCodeInput bounds a code as typed, separators included.
const maxRecoveryCodeInput = 64

// recoveryEncoding is Crockford's base32 in lower case: no i, l, o or u.
var recoveryEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// RecoveryCode is a stored recovery code: only the hash of its value.
type RecoveryCode struct {
	ID        string
	AccountID string
	// Hash is the hex SHA-256 of the code's 15 random bytes.
	Hash      string
	CreatedAt time.Time
}

// RecoveryCodes are recovery codes in clear, to show their user once: each
// stands in once for a one-time code wherever one is accepted. They are
// secrets: printed with fmt or logged with slog they show only how many
// there are; range over them to show them.
type RecoveryCodes []string

// String hides the codes.
func (c RecoveryCodes) String() string { return fmt.Sprintf("[%d recovery codes]", len(c)) }

// Format hides the codes whatever the verb.
func (c RecoveryCodes) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue hides the codes.
func (c RecoveryCodes) LogValue() slog.Value { return slog.IntValue(len(c)) }

// newRecoveryCodes makes RecoveryCodeCount codes for the account: the
// codes in clear and what the store keeps of them.
func (s *Service) newRecoveryCodes(accountID string) (RecoveryCodes, []RecoveryCode, error) {
	now := s.cfg.Clock.Now()
	clear := make(RecoveryCodes, 0, RecoveryCodeCount)
	stored := make([]RecoveryCode, 0, RecoveryCodeCount)
	for range RecoveryCodeCount {
		var b [recoveryCodeBytes]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, nil, carenet.E("auth.newRecoveryCodes", carenet.Internal, "", err)
		}
		clear = append(clear, formatRecoveryCode(recoveryEncoding.EncodeToString(b[:])))
		stored = append(stored, RecoveryCode{ID: s.cfg.IDs.NewID(), AccountID: accountID, Hash: hashToken(b[:]), CreatedAt: now})
	}
	return clear, stored, nil
}

// formatRecoveryCode puts a dash between each group of four characters.
func formatRecoveryCode(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(code[i:min(i+4, len(code))])
	}
	return b.String()
}

// recoveryCodeHash returns the hash a store keeps for the recovery code
// typed as code, and false if code does not have a recovery code's shape.
func recoveryCodeHash(code string) (string, bool) {
	if len(code) > maxRecoveryCodeInput {
		return "", false
	}
	norm := make([]byte, 0, recoveryCodeChars)
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '-' || c == ' ':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		switch c {
		case 'i', 'l':
			c = '1'
		case 'o':
			c = '0'
		}
		norm = append(norm, c)
	}
	if len(norm) != recoveryCodeChars {
		return "", false
	}
	raw, err := recoveryEncoding.DecodeString(string(norm))
	if err != nil || len(raw) != recoveryCodeBytes {
		return "", false
	}
	return hashToken(raw), true
}

// matchRecoveryCode returns the ID of the code in codes whose hash is
// hash, and whether there is one. It compares hash with every code, and
// with dummies up to RecoveryCodeCount, in constant time and without
// stopping at a match, so its time says nothing of which code matched or
// how many are left.
func matchRecoveryCode(codes []RecoveryCode, hash string) (string, bool) {
	want := []byte(hash)
	dummy := []byte(strings.Repeat("0", len(hash)))
	found, at := 0, 0
	for i := range max(len(codes), RecoveryCodeCount) {
		have, real := dummy, 0
		if i < len(codes) {
			have, real = []byte(codes[i].Hash), 1
		}
		eq := subtle.ConstantTimeCompare(have, want) & real
		at = subtle.ConstantTimeSelect(eq, i, at)
		found |= eq
	}
	if found == 0 {
		return "", false
	}
	return codes[at].ID, true
}
