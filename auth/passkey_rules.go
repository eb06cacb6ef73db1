package auth

import (
	"context"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// SignCountAccepted is the sign-count rule (WebAuthn Level 3, 7.2 step 21):
// an authenticator that keeps no counter sends 0 each time and is stored
// with 0, and passes; otherwise the counter must have gone up since the
// value stored. A counter that stands still or goes back means two copies
// of the private key are signing (a cloned authenticator): the assertion is
// refused, audited as a possible clone, and the stored counter stays.
func SignCountAccepted(stored, got uint32) bool {
	if stored == 0 && got == 0 {
		return true
	}
	return got > stored
}

// checkPasskeyName checks a passkey's name (the field "name"): required
// text without control characters, at most MaxPasskeyNameLength
// characters, and returns it without surrounding spaces.
func checkPasskeyName(op, name string) (string, error) {
	name = strings.TrimSpace(name)
	var p carenet.Problems
	p.Text("name", name, true, MaxPasskeyNameLength, false)
	if err := p.Err(); err != nil {
		return "", carenet.E(op, carenet.Invalid, "", err)
	}
	return name, nil
}

// checkPasskeyResponse refuses an empty or oversized authenticator
// response before anything is read.
func checkPasskeyResponse(response []byte) *codeProblem {
	switch {
	case len(response) == 0:
		return &codeProblem{carenet.RuleRequired, "is required"}
	case len(response) > MaxPasskeyResponseBytes:
		return &codeProblem{carenet.RuleTooLong, "must be at most " + itoa(MaxPasskeyResponseBytes) + " bytes"}
	}
	return nil
}

// passkeyInvalid is the Invalid error for a problem of a passkey field.
func passkeyInvalid(op, field, rule, msg string) error {
	var p carenet.Problems
	p.Add(field, rule, msg)
	return carenet.E(op, carenet.Invalid, "", p.Err())
}

// challengeHash is what a store keeps of a ceremony's challenge.
func challengeHash(challenge []byte) string { return hashToken(challenge) }

// consumeCeremony consumes, in tx, the ceremony the challenge answers, and
// returns why it does not admit the answer: "" when it was issued for the
// purpose and bound to accountID ("" for a sign-in), and has not expired.
func consumeCeremony(ctx context.Context, tx Tx, challenge []byte, purpose PasskeyPurpose, accountID string, now time.Time) (string, error) {
	c, err := tx.PasskeyCeremonies().Consume(ctx, challengeHash(challenge))
	switch {
	case carenet.ErrorCode(err) == carenet.NotFound:
		return "ceremony_unknown", nil
	case err != nil:
		return "", err
	case c.Purpose != purpose || c.AccountID != accountID:
		return "ceremony_mismatch", nil
	case !now.Before(c.ExpiresAt):
		return "ceremony_expired", nil
	}
	return "", nil
}
