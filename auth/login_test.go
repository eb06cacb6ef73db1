package auth_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
)

const userPassword = "violet-lantern-harbor-92"

func TestLogin(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "SStaff", userPassword)

	res, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, UserAgent: "test\x00agent"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(res.Token, auth.SessionTokenPrefix))
	assert.Equal(t, u.ID, res.Principal.PersonID)
	assert.Equal(t, "sstaff", res.Principal.Username, "usernames are matched without regard to case")
	assert.True(t, res.Principal.Can(auth.DeletePersonnel), "administrators hold every permission")
	assert.Equal(t, portal.LandingCareNet, res.Principal.Portal.Landing, "a full user without the portal lands in CareNet")
	assert.Equal(t, "testagent", res.Session.UserAgent, "control characters are dropped from recorded client values")
	assert.Equal(t, []any{auth.EventAccountCreated, auth.EventLogin}, toAny(k.Actions(audit.TargetAccount, u.Login.AccountID)))

	p, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err)
	assert.Equal(t, res.Session.ID, p.SessionID)
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func TestLoginFailuresAreIndistinguishable(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	gone := k.User("Gail", "Gone", "ggone", userPassword)
	_, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, gone.ID, "left the centre")
	require.NoError(t, err)
	quiet := k.User("Ivy", "Inactive", "iinactive", userPassword)
	// The person is inactive while the login is still active: a host's
	// store may hold that state; login must refuse it too.
	setPersonInactive(t, k, quiet.ID)

	cases := map[string]auth.LoginRequest{
		"UnknownUsername":     {Username: "nobody", Password: userPassword},
		"WrongPassword":       {Username: "sstaff", Password: "wrong-password-123"},
		"DeactivatedPerson":   {Username: "ggone", Password: userPassword},
		"InactivePersonOnly":  {Username: "iinactive", Password: userPassword},
		"WrongCaseOfPassword": {Username: "sstaff", Password: strings.ToUpper(userPassword)},
	}
	for name, req := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := k.Auth.Login(k.Ctx, req)
			require.Error(t, err)
			assert.True(t, errors.Is(err, auth.ErrLoginFailed))
			assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
			assert.Equal(t, "the username or password is incorrect", carenet.ErrorMessage(err))
		})
	}
	acts := k.Actions(audit.TargetAccount, quiet.Login.AccountID)
	assert.Equal(t, auth.EventLoginRefused, acts[len(acts)-1], "a right password for an inactive person is recorded")

	// An unknown username is recorded too, as a known one's wrong password
	// is (the same cost), without the name typed: it may be a password.
	unknown := k.Events(audit.TargetLogin, "")
	require.Len(t, unknown, 1)
	assert.Equal(t, auth.EventLoginFailed, unknown[0].Action)
	assert.Equal(t, map[string]string{"reason": "unknown_username"}, unknown[0].Details)
	assert.Empty(t, unknown[0].ActorID)
}

func TestLoginBadInputChangesNothing(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	before, err := k.Audit.List(k.Ctx, auditAll)
	require.NoError(t, err)
	cases := []struct {
		name  string
		req   auth.LoginRequest
		field string
		rule  string
	}{
		{"EmptyUsername", auth.LoginRequest{Password: "x"}, "username", carenet.RuleRequired},
		{"EmptyPassword", auth.LoginRequest{Username: "sstaff"}, "password", carenet.RuleRequired},
		{"OneMiBPassword", auth.LoginRequest{Username: "sstaff", Password: strings.Repeat("p", 1<<20)}, "password", carenet.RuleTooLong},
		{"OneMiBUsername", auth.LoginRequest{Username: strings.Repeat("u", 1<<20), Password: "x"}, "username", carenet.RuleTooLong},
		{"ControlCharUsername", auth.LoginRequest{Username: "ss\x1btaff", Password: "x"}, "username", carenet.RuleControlChars},
		{"LongCode", auth.LoginRequest{Username: "sstaff", Password: "x", TOTPCode: strings.Repeat("1", 100)}, "totp_code", carenet.RuleTooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := k.Auth.Login(k.Ctx, c.req)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
			assert.True(t, carenet.Validation(err).Has(c.field, c.rule), "%v", err)
		})
	}
	after, err := k.Audit.List(k.Ctx, auditAll)
	require.NoError(t, err)
	assert.Len(t, after, len(before), "malformed input writes nothing")
	k.LoginAs("sstaff", userPassword)
}

func TestLoginLockout(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	wrong := auth.LoginRequest{Username: "sstaff", Password: "not-the-password"}
	for range 5 {
		_, err := k.Auth.Login(k.Ctx, wrong)
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a locked account refuses even the right password, with the same error")

	k.Clock.Advance(59 * time.Second)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	k.Clock.Advance(2 * time.Second)
	k.LoginAs("sstaff", userPassword)

	// The count started again from zero; the lock grows with each failure
	// past the limit. Attempts while locked are not counted.
	for range 5 {
		_, _ = k.Auth.Login(k.Ctx, wrong)
	}
	k.Clock.Advance(61 * time.Second)
	_, _ = k.Auth.Login(k.Ctx, wrong)
	k.Clock.Advance(61 * time.Second)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the sixth failure locks for two minutes")
	k.Clock.Advance(time.Minute)
	k.LoginAs("sstaff", userPassword)

	var failed int
	for _, e := range k.Events(audit.TargetAccount, u.Login.AccountID) {
		if e.Action == auth.EventLoginFailed {
			failed++
		}
	}
	assert.Equal(t, 11, failed, "every counted failure is audited")
}

func TestLoginRehashesBcrypt(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	legacy, err := bcrypt.GenerateFromPassword([]byte(userPassword), bcrypt.MinCost)
	require.NoError(t, err)
	setHash(t, k, u.Login.AccountID, string(legacy))

	k.LoginAs("sstaff", userPassword)
	c := credentials(t, k, u.Login.AccountID)
	assert.True(t, strings.HasPrefix(c.PasswordHash, "$argon2id$"), "a bcrypt hash is replaced at the next login")
	k.LoginAs("sstaff", userPassword)
}

func TestLoginSecondFactor(t *testing.T) {
	k := totpKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	sam := k.LoginAs("sstaff", userPassword).Principal

	enr, err := k.Auth.BeginTOTP(k.Ctx, sam, userPassword)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(enr.URI, "otpauth://totp/"))
	secret := decodeSecret(t, enr.Secret)
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(errOf(k.Auth.ConfirmTOTP(k.Ctx, sam, userPassword, "000000"))))
	require.NoError(t, errOf(k.Auth.ConfirmTOTP(k.Ctx, sam, userPassword, code(t, secret, k.Clock.Now()))))

	// The secret is stored sealed, never in clear.
	c := credentials(t, k, sam.AccountID)
	assert.NotContains(t, string(c.TOTPSecret), string(secret))

	req := auth.LoginRequest{Username: "sstaff", Password: userPassword}
	_, err = k.Auth.Login(k.Ctx, req)
	require.ErrorIs(t, err, auth.ErrSecondFactorRequired)

	k.Clock.Advance(30 * time.Second)
	req.TOTPCode = "123456"
	if req.TOTPCode == code(t, secret, k.Clock.Now()) {
		req.TOTPCode = "654321"
	}
	_, err = k.Auth.Login(k.Ctx, req)
	require.ErrorIs(t, err, auth.ErrLoginFailed)

	req.TOTPCode = code(t, secret, k.Clock.Now())
	_, err = k.Auth.Login(k.Ctx, req)
	require.NoError(t, err)
	_, err = k.Auth.Login(k.Ctx, req)
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a code is accepted once")

	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, sam, sam.AccountID, userPassword))
	k.LoginAs("sstaff", userPassword)
}

// TestConcurrentFailedLoginsBoundMemory fires 200 failed logins at once,
// half for a username that exists and half for one that does not, with
// OWASP's 19 MiB argon2id memory cost and the default bound on concurrent
// hashes. Unbounded, they would need 3.8 GiB; the bound keeps the heap
// under 256 MiB. The peak is sampled while the logins run, and HeapSys (the
// memory the runtime has taken for the heap, which does not shrink) is
// checked afterwards, so a short peak between samples cannot slip through.
func TestConcurrentFailedLoginsBoundMemory(t *testing.T) {
	const limit = 256 << 20
	params := password.DefaultParams
	params.Iterations = 1 // memory is what this test is about
	k := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.Hasher = password.Hasher{Params: params} }))
	k.User("Sam", "Staff", "sstaff", userPassword)
	require.LessOrEqual(t, k.Auth.Config().MaxConcurrentHashes, 2,
		"the default bound does not grow with the number of cores")

	runtime.GC()
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := "sstaff"
			if i%2 == 0 {
				user = "nobody"
			}
			_, err := k.Auth.Login(context.Background(), auth.LoginRequest{Username: user, Password: "wrong-password"})
			errs <- err
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	close(errs)
	n := 0
	for err := range errs {
		require.ErrorIs(t, err, auth.ErrLoginFailed)
		n++
	}
	require.Equal(t, 200, n)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Logf("200 concurrent failed logins: peak heap in use %.1f MiB, heap reserved %.1f MiB",
		float64(peak)/(1<<20), float64(m.HeapSys)/(1<<20))
	assert.Less(t, peak, uint64(limit), "heap in use")
	assert.Less(t, m.HeapSys, uint64(limit), "heap reserved from the system")
}
