package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// barrier is an auth store whose first n read-only transactions each wait,
// once they have read, until all n have: n attempts started at once then
// all read the credentials before any of them writes, the window where a
// lock set by one must still hold for the others.
type barrier struct {
	auth.Store
	mu      sync.Mutex
	n       int
	release chan struct{}
}

func newBarrier(store auth.Store, n int) *barrier {
	return &barrier{Store: store, n: n, release: make(chan struct{})}
}

func (b *barrier) View(ctx context.Context, fn func(auth.Tx) error) error {
	err := b.Store.View(ctx, fn)
	b.mu.Lock()
	wait := b.n > 0
	if wait {
		b.n--
		if b.n == 0 {
			close(b.release)
		}
	}
	b.mu.Unlock()
	if wait {
		<-b.release
	}
	return err
}

// racing returns a service like the kit's over a barrier of n reads.
func racing(t *testing.T, k *carenettest.Env, n int) *auth.Service {
	t.Helper()
	svc, err := auth.NewService(newBarrier(k.Store.Auth(), n), k.Auth.Config())
	require.NoError(t, err)
	return svc
}

// loginEvents returns the login attempt events about the account after
// seq, in the order they were written.
func loginEvents(t *testing.T, k *carenettest.Env, accountID string, after int64) []audit.Event {
	t.Helper()
	var out []audit.Event
	for _, e := range accountEvents(t, k, accountID) {
		switch e.Action {
		case auth.EventLogin, auth.EventLoginFailed, auth.EventLoginRefused, auth.EventLoginCodeRequired:
			if e.Seq > after {
				out = append(out, e)
			}
		}
	}
	return out
}

// lastSeq is the sequence number of the newest event about the account.
func lastSeq(t *testing.T, k *carenettest.Env, accountID string) int64 {
	t.Helper()
	ev := accountEvents(t, k, accountID)
	if len(ev) == 0 {
		return 0
	}
	return ev[len(ev)-1].Seq
}

// TestLockoutHoldsForLoginsInFlight: eight logins read an account one
// failure short of the lock, then write one after the other. The first
// wrong guess to write locks it; from then on no attempt in flight gets a
// truthful answer: the right password is refused as a wrong one is, never
// "a code is required", and nothing more is counted.
func TestLockoutHoldsForLoginsInFlight(t *testing.T) {
	k := totpKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	enrol(t, k, k.LoginAs("sstaff", userPassword).Principal, userPassword)
	for range 4 {
		_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: "wrong guess, wrong guess"})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	from := lastSeq(t, k, u.Login.AccountID)

	svc := racing(t, k, 8)
	answers := make([]error, 8)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pw := "wrong guess, wrong guess"
			if i%2 == 0 {
				pw = userPassword
			}
			_, answers[i] = svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: pw})
		}()
	}
	wg.Wait()

	assert.Equal(t, 5, credentials(t, k, u.Login.AccountID).FailedLogins, "only the guess that locked was counted")
	events := loginEvents(t, k, u.Login.AccountID, from)
	require.Len(t, events, 8, "every attempt is audited")
	locked, codeRequired := false, 0
	for _, e := range events {
		if locked {
			assert.Equal(t, auth.EventLoginRefused, e.Action, "after the lock: %v", e.Details)
			assert.Equal(t, "locked", e.Details["reason"])
		}
		if e.Action == auth.EventLoginCodeRequired {
			codeRequired++
		}
		locked = locked || e.Details["locked_until"] != ""
	}
	require.True(t, locked)
	var told int
	for _, err := range answers {
		if errors.Is(err, auth.ErrSecondFactorRequired) {
			told++
			continue
		}
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	assert.Equal(t, codeRequired, told, "\"a code is required\" only before the lock")
}

// TestLockoutHoldsForCurrentPasswordChecksInFlight: the same for every call
// that checks a signed-in user's current password. Eight wrong passwords
// read the account one failure short of the lock: one is counted and
// answered incorrect, the seven behind it are answered locked, as the
// right password then is.
func TestLockoutHoldsForCurrentPasswordChecksInFlight(t *testing.T) {
	const wrong = "wrong guess, wrong guess"
	ops := map[string]func(svc *auth.Service, k *carenettest.Env, p *auth.Principal, pw string) error{
		"ChangePassword": func(svc *auth.Service, k *carenettest.Env, p *auth.Principal, pw string) error {
			return svc.ChangePassword(k.Ctx, p, pw, "amber-thistle-quarry-41")
		},
		"DisableTOTP": func(svc *auth.Service, k *carenettest.Env, p *auth.Principal, pw string) error {
			return svc.DisableTOTP(k.Ctx, p, p.AccountID, pw)
		},
		"BeginTOTP": func(svc *auth.Service, k *carenettest.Env, p *auth.Principal, pw string) error {
			_, err := svc.BeginTOTP(k.Ctx, p, pw)
			return err
		},
		"ConfirmTOTP": func(svc *auth.Service, k *carenettest.Env, p *auth.Principal, pw string) error {
			return errOf(svc.ConfirmTOTP(k.Ctx, p, pw, "123456"))
		},
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			k := totpKit(t)
			u := k.User("Sam", "Staff", "sstaff", userPassword)
			p := k.LoginAs("sstaff", userPassword).Principal
			for range 4 {
				requireRule(t, op(k.Auth, k, p, wrong), auth.RuleIncorrect)
			}
			svc := racing(t, k, 8)
			errs := make([]error, 8)
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Add(1)
				go func() { defer wg.Done(); errs[i] = op(svc, k, p, wrong) }()
			}
			wg.Wait()
			rules := map[string]int{}
			for _, err := range errs {
				require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
				rules[carenet.Validation(err).Problems[0].Rule]++
			}
			assert.Equal(t, map[string]int{auth.RuleIncorrect: 1, auth.RuleLocked: 7}, rules)
			assert.Equal(t, 5, credentials(t, k, u.Login.AccountID).FailedLogins)
			requireRule(t, op(k.Auth, k, p, userPassword), auth.RuleLocked)
			requireRule(t, op(k.Auth, k, p, wrong), auth.RuleLocked)
		})
	}
}

func requireRule(t *testing.T, err error, rule string) {
	t.Helper()
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
	require.True(t, carenet.Validation(err).Has("current_password", rule), "want %s: %v", rule, err)
}

// TestGuessingNeverKeepsASecondFactorOwnerOut: one wrong guess a minute
// for 24 hours keeps the account locked most of the time, yet its owner,
// with the right password and a code from their app, gets in every hour,
// and that clears the guesser's failures.
func TestGuessingNeverKeepsASecondFactorOwnerOut(t *testing.T) {
	k := totpKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	secret := enrol(t, k, k.LoginAs("sstaff", userPassword).Principal, userPassword)
	guess := auth.LoginRequest{Username: "sstaff", Password: "wrong guess, wrong guess", RemoteAddr: "203.0.113.9:4711"}
	var whileLocked int
	for minute := 1; minute <= 24*60; minute++ {
		k.Clock.Advance(time.Minute)
		_, err := k.Auth.Login(k.Ctx, guess)
		require.ErrorIs(t, err, auth.ErrLoginFailed)
		if minute%60 != 30 {
			continue
		}
		if k.Clock.Now().Before(credentials(t, k, u.Login.AccountID).LockedUntil) {
			whileLocked++
		}
		_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword,
			TOTPCode: code(t, secret, k.Clock.Now()), RemoteAddr: "198.51.100.7:443"})
		require.NoError(t, err, "hour %d", minute/60)
		assert.Zero(t, credentials(t, k, u.Login.AccountID).FailedLogins, "a success clears the failures")
	}
	assert.Equal(t, 24, whileLocked, "the owner got in while the account was locked each time")
}

// TestGuessingIsBoundedAndEndsInALinkOnly: one wrong guess a minute, for
// an account without a second factor, is counted at most 34 times a day
// (the rest are refused while the account is locked, uncounted). After 100
// failures in a row the right password never opens the account again,
// however long one waits; a password link redeemed by its owner does.
func TestGuessingIsBoundedAndEndsInALinkOnly(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	guess := auth.LoginRequest{Username: "sstaff", Password: "wrong guess, wrong guess", RemoteAddr: "203.0.113.9:4711"}
	counted := func() int {
		n := 0
		for _, e := range accountEvents(t, k, u.Login.AccountID) {
			if e.Action == auth.EventLoginFailed {
				n++
			}
		}
		return n
	}
	for range 24 * 60 {
		_, err := k.Auth.Login(k.Ctx, guess)
		require.ErrorIs(t, err, auth.ErrLoginFailed)
		k.Clock.Advance(time.Minute)
	}
	perDay := counted()
	t.Logf("failures counted in 24 hours of one guess a minute: %d", perDay)
	assert.LessOrEqual(t, perDay, 34)
	assert.Equal(t, perDay, credentials(t, k, u.Login.AccountID).FailedLogins)

	for day := 0; credentials(t, k, u.Login.AccountID).FailedLogins < 100; day++ {
		require.Less(t, day, 5, "100 failures are reached within days")
		for range 24 * 60 {
			_, _ = k.Auth.Login(k.Ctx, guess)
			k.Clock.Advance(time.Minute)
		}
	}
	assert.Equal(t, 100, credentials(t, k, u.Login.AccountID).FailedLogins, "never counted past the limit")
	k.Clock.Advance(24 * time.Hour)
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the password alone no longer opens the account")

	link, err := k.Auth.IssuePasswordLink(k.Ctx, k.Fresh(k.Admin.Principal), u.Login.AccountID)
	require.NoError(t, err)
	const fresh = "amber-thistle-quarry-41"
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, fresh))
	k.LoginAs("sstaff", fresh)
	assert.Zero(t, credentials(t, k, u.Login.AccountID).FailedLogins)
}

// TestWrongCodesEndTheWayAroundTheLock: the right password with a valid
// code passes a lock, but not once wrong codes have been given with the
// right password as often as the lock allows: someone else knows the
// password, and guessing codes through the lock must not pay.
func TestWrongCodesEndTheWayAroundTheLock(t *testing.T) {
	k := totpKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	secret := enrol(t, k, k.LoginAs("sstaff", userPassword).Principal, userPassword)
	for range 5 {
		k.Clock.Advance(30 * time.Second)
		bad := "000000"
		if bad == code(t, secret, k.Clock.Now()) {
			bad = "111111"
		}
		_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: bad})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	c := credentials(t, k, u.Login.AccountID)
	require.Equal(t, 5, c.FailedCodes)
	require.True(t, k.Clock.Now().Before(c.LockedUntil))
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: code(t, secret, k.Clock.Now())})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a valid code does not pass this lock")
	k.Clock.Advance(time.Hour)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: code(t, secret, k.Clock.Now())})
	require.NoError(t, err, "once the lock is over it opens as before")
	assert.Zero(t, credentials(t, k, u.Login.AccountID).FailedCodes)
}
