package auth

import (
	"testing"
	"time"
)

// TestDecideReauth holds the re-authentication policy to its table: the
// login's failures count the same, but a locked account refuses even the
// right password with a valid code.
func TestDecideReauth(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := lockout{threshold: 5, hard: 100, base: time.Minute, max: time.Hour}
	locked := Credentials{FailedLogins: 5, LockedUntil: now.Add(time.Minute)}
	hard := Credentials{FailedLogins: 100}
	ok := attemptFacts{Known: true, PasswordOK: true, Active: true, Allowed: true, Now: now}
	with := func(f attemptFacts, change func(*attemptFacts)) attemptFacts { change(&f); return f }
	tfa := with(ok, func(f *attemptFacts) { f.SecondFactor, f.Code, f.CodeOK = true, "123456", true })
	cases := []struct {
		name string
		f    attemptFacts
		want outcome
	}{
		{"RightPassword", ok, outcomeSuccess},
		{"WrongPassword", with(ok, func(f *attemptFacts) { f.PasswordOK = false }), outcomeWrongPassword},
		{"RightPasswordLocked", with(ok, func(f *attemptFacts) { f.Creds = locked }), outcomeLocked},
		{"WrongPasswordLocked", with(ok, func(f *attemptFacts) { f.PasswordOK, f.Creds = false, locked }), outcomeLocked},
		{"RightPasswordAfterTheLock", with(ok, func(f *attemptFacts) { f.Creds, f.Now = locked, now.Add(time.Hour) }), outcomeSuccess},
		{"RightPasswordHardLocked", with(ok, func(f *attemptFacts) { f.Creds = hard }), outcomeLocked},
		{"UnexpectedCode", with(ok, func(f *attemptFacts) { f.Code = "123456" }), outcomeUnexpectedCode},
		{"CodeRequired", with(tfa, func(f *attemptFacts) { f.Code, f.CodeOK = "", false }), outcomeCodeRequired},
		{"CodeRequiredWrongPassword", with(tfa, func(f *attemptFacts) { f.Code, f.CodeOK, f.PasswordOK = "", false, false }), outcomeWrongPassword},
		{"ValidCode", tfa, outcomeSuccess},
		{"ValidCodeLocked", with(tfa, func(f *attemptFacts) { f.Creds = locked }), outcomeLocked},
		{"ValidCodeHardLocked", with(tfa, func(f *attemptFacts) { f.Creds = hard }), outcomeLocked},
		{"WrongCode", with(tfa, func(f *attemptFacts) { f.CodeOK = false }), outcomeWrongCode},
		{"WrongCodeWrongPassword", with(tfa, func(f *attemptFacts) { f.CodeOK, f.PasswordOK = false, false }), outcomeWrongPassword},
		{"ChangedMeanwhile", with(ok, func(f *attemptFacts) { f.Changed = true }), outcomeChanged},
	}
	for _, c := range cases {
		if got := l.decideReauth(c.f); got != c.want {
			t.Errorf("%s: decideReauth = %s, want %s", c.name, got.reason(), c.want.reason())
		}
	}
}

// TestRecentSignIn: recent from the sign-in until just before the window
// ends, and up to a window ahead of the clock; never for a zero time.
func TestRecentSignIn(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	w := 10 * time.Minute
	for _, c := range []struct {
		name string
		at   time.Time
		now  time.Time
		want bool
	}{
		{"AtTheSignIn", at, at, true},
		{"JustBeforeTheEnd", at, at.Add(w - time.Nanosecond), true},
		{"AtTheEnd", at, at.Add(w), false},
		{"LongAfter", at, at.Add(24 * time.Hour), false},
		{"SlightlyAhead", at, at.Add(-time.Second), true},
		{"AWindowAhead", at, at.Add(-w), false},
		{"Zero", time.Time{}, at, false},
		{"ZeroAtZero", time.Time{}, time.Time{}, false},
	} {
		if got := recentSignIn(c.at, w, c.now); got != c.want {
			t.Errorf("%s: recentSignIn = %t, want %t", c.name, got, c.want)
		}
	}
}
