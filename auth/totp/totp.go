package totp

import (
	"crypto/subtle"
	"time"

	"github.com/carenet-go/carenet"
)

// Generate returns the code of secret for the time step holding t (RFC
// 6238: the HOTP of the number of whole periods since the Unix epoch). It
// returns an Invalid error if the secret is shorter than MinSecretBytes, c
// is not valid, or t is before 1970.
func Generate(secret []byte, t time.Time, c Config) (string, error) {
	const op = "totp.Generate"
	c = c.withDefaults()
	if err := checkInput(op, secret, c); err != nil {
		return "", err
	}
	step, ok := stepAt(t, c.Period)
	if !ok {
		var p carenet.Problems
		p.Add("time", carenet.RuleRange, "must not be before 1970")
		return "", carenet.E(op, carenet.Invalid, "", p.Err())
	}
	return hotp(secret, uint64(step), c.Digits, c.Algorithm.newHash()), nil
}

// Validate reports whether code is the code of secret for the time step
// holding t or for one of c.Skew steps either side, and if so returns that
// step (the latest, should two match). A caller that records the step of
// each accepted code, and refuses a code whose step is not after the last
// recorded one, stops the same code being used twice.
//
// The code must be exactly c.Digits ASCII digits; anything else, like a
// secret shorter than MinSecretBytes, an invalid c or a time before 1970,
// gives ok false. Every step in the window is computed and compared in
// constant time, so the timing says nothing of which step matched.
func Validate(code string, secret []byte, t time.Time, c Config) (step int64, ok bool) {
	c = c.withDefaults()
	if checkInput("", secret, c) != nil || len(code) != c.Digits || !allDigits(code) {
		return 0, false
	}
	now, valid := stepAt(t, c.Period)
	if !valid {
		return 0, false
	}
	newHash := c.Algorithm.newHash()
	var found int64
	matched := 0
	for d := -int64(c.Skew); d <= int64(c.Skew); d++ {
		s := now + d
		if s < 0 { // before the epoch, or past the largest step
			continue
		}
		eq := subtle.ConstantTimeCompare([]byte(hotp(secret, uint64(s), c.Digits, newHash)), []byte(code))
		mask := -int64(eq) // all ones when eq is 1
		found = found&^mask | s&mask
		matched |= eq
	}
	if matched != 1 {
		return 0, false
	}
	return found, true
}

// stepAt returns the number of whole periods from the Unix epoch to t, or
// false for a time before the epoch.
func stepAt(t time.Time, period time.Duration) (int64, bool) {
	secs := t.Unix()
	if secs < 0 {
		return 0, false
	}
	p := int64(period / time.Second)
	if p <= 0 {
		return 0, false
	}
	return secs / p, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
