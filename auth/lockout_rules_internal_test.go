package auth

import (
	"testing"
	"time"
)

// decisionTable is what the tables of the login and re-authentication
// policies start from.
type decisionTable struct {
	now    time.Time
	l      lockout
	locked Credentials  // at the threshold, locked for a minute from now
	hard   Credentials  // at the hard limit
	ok     attemptFacts // the right password of an active login, allowed
	tfa    attemptFacts // ok, with a second factor and its valid code
}

func newDecisionTable() decisionTable {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ok := attemptFacts{Known: true, PasswordOK: true, Active: true, Allowed: true, Now: now}
	return decisionTable{
		now:    now,
		l:      lockout{threshold: 5, hard: 100, base: time.Minute, max: time.Hour},
		locked: Credentials{FailedLogins: 5, LockedUntil: now.Add(time.Minute)},
		hard:   Credentials{FailedLogins: 100},
		ok:     ok,
		tfa:    with(ok, func(f *attemptFacts) { f.SecondFactor, f.Code, f.CodeOK = true, "123456", true }),
	}
}

// decisionCase is a row of a decision table: the facts of an attempt and
// the outcome the policy must give them.
type decisionCase struct {
	name string
	f    attemptFacts
	want outcome
}

// checkDecisions reports each case to which decide, named what in the
// report, gives another outcome than the one wanted.
func checkDecisions(t *testing.T, what string, decide func(attemptFacts) outcome, cases []decisionCase) {
	t.Helper()
	for _, c := range cases {
		if got := decide(c.f); got != c.want {
			t.Errorf("%s: %s = %s, want %s", c.name, what, got.reason(), c.want.reason())
		}
	}
}

// with returns f as change leaves it.
func with(f attemptFacts, change func(*attemptFacts)) attemptFacts { change(&f); return f }

// TestDecideLogin holds the login policy to its table: which attempts
// open a session, which are refused uncounted, which count.
func TestDecideLogin(t *testing.T) {
	d := newDecisionTable()
	now, l, locked, hard, ok, tfa := d.now, d.l, d.locked, d.hard, d.ok, d.tfa
	codesGuessed := Credentials{FailedLogins: 5, FailedCodes: 5, LockedUntil: now.Add(time.Minute)}
	checkDecisions(t, "decide", l.decide, []decisionCase{
		{"RightPassword", ok, outcomeSuccess},
		{"UnknownUser", attemptFacts{Allowed: true, Now: now}, outcomeUnknownUser},
		{"UnknownUserRateLimited", attemptFacts{Now: now}, outcomeRateLimited},
		{"WrongPassword", with(ok, func(f *attemptFacts) { f.PasswordOK = false }), outcomeWrongPassword},
		{"WrongPasswordLocked", with(ok, func(f *attemptFacts) { f.PasswordOK, f.Creds = false, locked }), outcomeLocked},
		{"RightPasswordLocked", with(ok, func(f *attemptFacts) { f.Creds = locked }), outcomeLocked},
		{"RightPasswordAfterTheLock", with(ok, func(f *attemptFacts) { f.Creds, f.Now = locked, now.Add(time.Hour) }), outcomeSuccess},
		{"RightPasswordHardLocked", with(ok, func(f *attemptFacts) { f.Creds = hard }), outcomeLocked},
		{"RightPasswordRateLimited", with(ok, func(f *attemptFacts) { f.Allowed = false }), outcomeRateLimited},
		{"Inactive", with(ok, func(f *attemptFacts) { f.Active = false }), outcomeInactive},
		{"InactiveWrongPassword", with(ok, func(f *attemptFacts) { f.Active, f.PasswordOK = false, false }), outcomeWrongPassword},
		{"UnexpectedCode", with(ok, func(f *attemptFacts) { f.Code = "123456" }), outcomeUnexpectedCode},
		{"CodeRequired", with(tfa, func(f *attemptFacts) { f.Code, f.CodeOK = "", false }), outcomeCodeRequired},
		{"CodeRequiredLocked", with(tfa, func(f *attemptFacts) { f.Code, f.CodeOK, f.Creds = "", false, locked }), outcomeLocked},
		{"ValidCode", tfa, outcomeSuccess},
		{"ValidCodeLocked", with(tfa, func(f *attemptFacts) { f.Creds = locked }), outcomeSuccess},
		{"ValidCodeHardLocked", with(tfa, func(f *attemptFacts) { f.Creds = hard }), outcomeSuccess},
		{"ValidCodeRateLimited", with(tfa, func(f *attemptFacts) { f.Allowed = false }), outcomeSuccess},
		{"ValidCodeLockedAfterWrongCodes", with(tfa, func(f *attemptFacts) { f.Creds = codesGuessed }), outcomeLocked},
		{"ValidCodeAfterWrongCodesUnlocked", with(tfa, func(f *attemptFacts) { f.Creds, f.Now = codesGuessed, now.Add(time.Hour) }), outcomeSuccess},
		{"WrongCode", with(tfa, func(f *attemptFacts) { f.CodeOK = false }), outcomeWrongCode},
		{"WrongCodeLocked", with(tfa, func(f *attemptFacts) { f.CodeOK, f.Creds = false, locked }), outcomeWrongCode},
		{"ValidCodeWrongPassword", with(tfa, func(f *attemptFacts) { f.PasswordOK, f.CodeOK = false, false }), outcomeWrongPassword},
		{"ValidCodeWrongPasswordLocked", with(tfa, func(f *attemptFacts) { f.PasswordOK, f.CodeOK, f.Creds = false, false, locked }), outcomeLocked},
		{"ChangedMeanwhile", with(ok, func(f *attemptFacts) { f.Changed = true }), outcomeChanged},
		// A passkey in place of the code.
		{"ValidPasskey", with(tfa, func(f *attemptFacts) { f.Code, f.Passkey = "", true }), outcomeSuccess},
		{"ValidPasskeyLocked", with(tfa, func(f *attemptFacts) { f.Code, f.Passkey, f.Creds = "", true, locked }), outcomeSuccess},
		{"RefusedPasskey", with(tfa, func(f *attemptFacts) { f.Code, f.Passkey, f.CodeOK = "", true, false }), outcomeWrongCode},
		{"UnexpectedPasskey", with(ok, func(f *attemptFacts) { f.Passkey = true }), outcomeUnexpectedCode},
		// A passkey alone (PasskeySignIn): it stands for the password and
		// the code at once.
		{"PasskeySignIn", passkeyAlone(ok, true), outcomeSuccess},
		{"PasskeySignInLocked", with(passkeyAlone(ok, true), func(f *attemptFacts) { f.Creds = locked }), outcomeSuccess},
		{"PasskeySignInRateLimited", with(passkeyAlone(ok, true), func(f *attemptFacts) { f.Allowed = false }), outcomeSuccess},
		{"PasskeySignInAfterWrongCodes", with(passkeyAlone(ok, true), func(f *attemptFacts) { f.Creds = codesGuessed }), outcomeLocked},
		{"PasskeySignInInactive", with(passkeyAlone(ok, true), func(f *attemptFacts) { f.Active = false }), outcomeInactive},
		{"PasskeySignInRefused", passkeyAlone(ok, false), outcomeWrongPassword},
		{"PasskeySignInRefusedLocked", with(passkeyAlone(ok, false), func(f *attemptFacts) { f.Creds = locked }), outcomeLocked},
		{"PasskeySignInRefusedRateLimited", with(passkeyAlone(ok, false), func(f *attemptFacts) { f.Allowed = false }), outcomeRateLimited},
	})
}

// passkeyAlone is f as PasskeySignIn states it: the assertion verified
// (valid) stands for the password and the code.
func passkeyAlone(f attemptFacts, valid bool) attemptFacts {
	f.PasswordOK, f.SecondFactor, f.Passkey, f.CodeOK = valid, true, true, valid
	return f
}

// TestLockoutBacksOffToItsCap: 1 minute at the threshold, doubling with
// each failure after it, never past the cap.
func TestLockoutBacksOffToItsCap(t *testing.T) {
	l := lockout{threshold: 5, hard: 100, base: time.Minute, max: time.Hour}
	for failures, want := range map[int]time.Duration{5: time.Minute, 6: 2 * time.Minute, 10: 32 * time.Minute, 11: time.Hour, 99: time.Hour} {
		if got := l.duration(failures); got != want {
			t.Errorf("duration(%d) = %v, want %v", failures, got, want)
		}
	}
	c := Credentials{FailedLogins: 99}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l.apply(&c, outcomeWrongPassword, now)
	l.apply(&c, outcomeWrongCode, now)
	if c.FailedLogins != 100 || c.FailedCodes != 1 || !c.LockedUntil.Equal(now.Add(time.Hour)) {
		t.Errorf("after two more failures: %+v", c)
	}
	l.apply(&c, outcomeSuccess, now)
	if c.FailedLogins != 0 || c.FailedCodes != 0 || !c.LockedUntil.IsZero() {
		t.Errorf("a success clears: %+v", c)
	}
}

// TestDecideReauth holds the re-authentication policy to its table: the
// login's failures count the same, but a locked account refuses even the
// right password with a valid code.
func TestDecideReauth(t *testing.T) {
	d := newDecisionTable()
	now, l, locked, hard, ok, tfa := d.now, d.l, d.locked, d.hard, d.ok, d.tfa
	checkDecisions(t, "decideReauth", l.decideReauth, []decisionCase{
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
	})
}
