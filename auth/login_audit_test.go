package auth_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// refuseAll is a host's RateLimiter that refuses every attempt and counts
// what it is told.
type refuseAll struct{ failed int }

func (r *refuseAll) Attempt(context.Context, string, time.Time) (func(bool), bool) {
	return func(failed bool) {
		if failed {
			r.failed++
		}
	}, false
}

// attemptCase is a login attempt and the event it must write.
type attemptCase struct {
	name   string
	svc    *auth.Service // nil: a service whose rate limiter refuses
	req    auth.LoginRequest
	action audit.Action
	reason string
}

// TestEveryLoginAttemptIsAuditedOnce: whatever becomes of a login attempt,
// it writes exactly one audit event, naming its outcome, and no event
// holds the password given or the username typed for an unknown login.
func TestEveryLoginAttemptIsAuditedOnce(t *testing.T) {
	k := totpKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	k.User("Tia", "Totp", "ttotp", userPassword)
	secret := enrol(t, k, k.LoginAs("ttotp", userPassword).Principal, userPassword)
	k.User("Lou", "Locked", "llocked", userPassword)
	limited := auth.LoginRequest{Username: "sstaff", Password: userPassword}
	const unknownName, wrongPassword = "sprayed-name", "Spring2024!!-guess"

	k.Clock.Advance(30 * time.Second)
	wrongCode := "000000"
	if wrongCode == code(t, secret, k.Clock.Now()) {
		wrongCode = "111111"
	}
	cases := []attemptCase{
		{"Success", k.Auth, auth.LoginRequest{Username: "sstaff", Password: userPassword}, auth.EventLogin, ""},
		{"CodeRequired", k.Auth, auth.LoginRequest{Username: "ttotp", Password: userPassword}, auth.EventLoginCodeRequired, "second_factor_required"},
		{"WrongCode", k.Auth, auth.LoginRequest{Username: "ttotp", Password: userPassword, TOTPCode: wrongCode}, auth.EventLoginFailed, "wrong_totp_code"},
		{"UnexpectedCode", k.Auth, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: "123456"}, auth.EventLoginFailed, "unexpected_totp_code"},
		{"WrongPassword", k.Auth, auth.LoginRequest{Username: "sstaff", Password: wrongPassword}, auth.EventLoginFailed, "wrong_password"},
		{"UnknownUser", k.Auth, auth.LoginRequest{Username: unknownName, Password: wrongPassword}, auth.EventLoginFailed, "unknown_username"},
		{"RateLimited", nil, limited, auth.EventLoginRefused, "rate_limited"},
	}
	for i := range 5 {
		cases = append(cases, attemptCase{"Locking" + strconv.Itoa(i), k.Auth, auth.LoginRequest{Username: "llocked", Password: wrongPassword}, auth.EventLoginFailed, "wrong_password"})
	}
	cases = append(cases, []attemptCase{
		{"LockedRightPassword", k.Auth, auth.LoginRequest{Username: "llocked", Password: userPassword}, auth.EventLoginRefused, "locked"},
		{"LockedWrongPassword", k.Auth, auth.LoginRequest{Username: "llocked", Password: wrongPassword}, auth.EventLoginRefused, "locked"},
	}...)
	limiter := &refuseAll{}
	cfg := k.Auth.Config()
	cfg.RateLimiter = limiter
	refusing, err := auth.NewService(k.Store.Auth(), cfg)
	require.NoError(t, err)

	for _, c := range cases {
		svc := c.svc
		if svc == nil {
			svc = refusing
		}
		before := allEvents(t, k)
		_, err := svc.Login(k.Ctx, c.req)
		if c.action == auth.EventLogin {
			require.NoError(t, err, c.name)
		} else {
			require.Error(t, err, c.name)
		}
		after := allEvents(t, k)
		require.Len(t, after, len(before)+1, "%s: exactly one event", c.name)
		e := after[len(after)-1]
		assert.Equal(t, c.action, e.Action, c.name)
		if c.reason != "" {
			assert.Equal(t, c.reason, e.Details["reason"], c.name)
		}
	}
	assert.Equal(t, 1, limiter.failed, "the host's limiter is told of its refusal")

	// 50 guesses and the right password at a locked account: 51 events.
	before := len(allEvents(t, k))
	for range 50 {
		_, _ = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "llocked", Password: wrongPassword, RemoteAddr: "192.0.2.1"})
	}
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "llocked", Password: userPassword, RemoteAddr: "192.0.2.2"})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	assert.Len(t, allEvents(t, k), before+51)

	for _, e := range allEvents(t, k) {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		for _, secret := range []string{userPassword, wrongPassword, unknownName} {
			assert.NotContains(t, string(b), secret, "event %d (%s)", e.Seq, e.Action)
		}
	}
	k.VerifyAudit()
}

// TestEveryCredentialIsCheckedAsGiven: a one-time code given to an account
// without a second factor fails the login after the same work as any
// failure, and counts; a code that is not six digits is refused, naming
// the field, before anything is read or written.
func TestEveryCredentialIsCheckedAsGiven(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	before := len(allEvents(t, k))
	for _, bad := range []string{"not-a-code", "12345", "1234567", "12 456", "١٢٣٤٥٦", strings.Repeat("1", 17)} {
		_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: bad})
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%q: %v", bad, err)
		v := carenet.Validation(err)
		require.NotNil(t, v)
		assert.Equal(t, "totp_code", v.Problems[0].Field, "%q", bad)
	}
	assert.Len(t, allEvents(t, k), before, "malformed codes write nothing")

	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: "123456"})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a code for an account without a second factor is refused")
	assert.Equal(t, 1, credentials(t, k, u.Login.AccountID).FailedLogins, "and counted")
	k.LoginAs("sstaff", userPassword)
}

// TestEnrollingASecondFactorNeedsThePassword: a session alone cannot put a
// second factor between the owner and their account. Without the current
// password, or with a wrong one (counted), BeginTOTP and ConfirmTOTP store
// nothing and the owner's password still opens the account.
func TestEnrollingASecondFactorNeedsThePassword(t *testing.T) {
	k := totpKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	stolen := k.LoginAs("sstaff", userPassword).Principal

	_, err := k.Auth.BeginTOTP(k.Ctx, stolen, "")
	requireRule(t, err, carenet.RuleRequired)
	_, err = k.Auth.BeginTOTP(k.Ctx, stolen, "a guess at the password")
	requireRule(t, err, auth.RuleIncorrect)
	c := credentials(t, k, u.Login.AccountID)
	assert.Empty(t, c.TOTPSecret, "no enrolment was stored")
	assert.Equal(t, 1, c.FailedLogins, "the wrong password counted")

	enr, err := k.Auth.BeginTOTP(k.Ctx, stolen, userPassword)
	require.NoError(t, err)
	now := code(t, decodeSecret(t, enr.Secret), k.Clock.Now())
	requireRule(t, errOf(k.Auth.ConfirmTOTP(k.Ctx, stolen, "", now)), carenet.RuleRequired)
	requireRule(t, errOf(k.Auth.ConfirmTOTP(k.Ctx, stolen, "a guess at the password", now)), auth.RuleIncorrect)
	err = errOf(k.Auth.ConfirmTOTP(k.Ctx, stolen, userPassword, "12345"))
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.True(t, carenet.Validation(err).Has("totp_code", carenet.RuleFormat), "%v", err)
	k.LoginAs("sstaff", userPassword) // no code is asked for: nothing was enabled

	require.NoError(t, errOf(k.Auth.ConfirmTOTP(k.Ctx, stolen, userPassword, now)))
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrSecondFactorRequired)
}
