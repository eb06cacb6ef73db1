package postgres_test

import (
	"context"
	"encoding/base32"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/carenettest"
)

// refusingLimiter is a RateLimiter that refuses every attempt.
type refusingLimiter struct{}

func (refusingLimiter) Attempt(context.Context, string, time.Time) (func(bool), bool) {
	return func(bool) {}, false
}

// TestFailedLoginsSendTheSameStatements: a login with an unknown username,
// a wrong password, at a locked account or refused by the rate limiter
// sends the same statements, in the same order and transactions, so neither their
// number nor their time tells which usernames exist or which accounts are
// locked.
func TestFailedLoginsSendTheSameStatements(t *testing.T) {
	s, counter := countingStore(t, sharedDB)
	sv := newServices(t, s)
	_, username := sv.user(t, "Guessed")
	_, lockedName := sv.user(t, "Locked")
	refusing, err := auth.NewService(s.Auth(), auth.Config{Hasher: carenettest.FastHasher, RateLimiter: refusingLimiter{}})
	require.NoError(t, err)
	for range sv.auth.Config().MaxFailedLogins {
		_, err := sv.auth.Login(ctx, auth.LoginRequest{Username: lockedName, Password: "a wrong guess, again"})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}

	// count is what one attempt sent: the statements' text in order (the
	// same queries, whatever their arguments) and the transaction control.
	type count struct {
		statements, txControl int
		sql                   string
	}
	measure := func(name string, svc *auth.Service, req auth.LoginRequest) count {
		t.Helper()
		counter.Reset()
		_, err := svc.Login(ctx, req)
		require.ErrorIs(t, err, auth.ErrLoginFailed, name)
		c := count{statements: len(counter.Statements()), txControl: counter.TxControl()}
		for _, st := range counter.Statements() {
			c.sql += st.SQL + ";\n"
		}
		t.Logf("%-24s %d statement(s), %d transaction control", name, c.statements, c.txControl)
		return c
	}
	wrong := measure("wrong password", sv.auth, auth.LoginRequest{Username: username, Password: "a wrong guess, again"})
	for name, c := range map[string]count{
		"unknown username": measure("unknown username", sv.auth, auth.LoginRequest{Username: uniq("nobody"), Password: "a wrong guess, again"}),
		"locked, wrong":    measure("locked, wrong", sv.auth, auth.LoginRequest{Username: lockedName, Password: "a wrong guess, again"}),
		"locked, right":    measure("locked, right", sv.auth, auth.LoginRequest{Username: lockedName, Password: servicePassword}),
		"rate-limited":     measure("rate-limited", refusing, auth.LoginRequest{Username: username, Password: servicePassword}),
	} {
		require.Equal(t, wrong, c, "%s sends what a wrong password sends", name)
	}
	require.Equal(t, 7, wrong.statements, "a read of 2, a write of 5")
}

// TestLoginsWithARecoveryCodeSendTheSameStatements: with a code of a
// recovery code's shape, the account's codes are read whether the
// username is known, the password right or the account without a second
// factor, so neither the number of statements nor their time tells a
// guesser that a password was right.
func TestLoginsWithARecoveryCodeSendTheSameStatements(t *testing.T) {
	s, counter := countingStore(t, sharedDB)
	sv := newServices(t, s)
	svc, err := auth.NewService(s.Auth(), auth.Config{Hasher: carenettest.FastHasher, TOTPKey: make([]byte, 32)})
	require.NoError(t, err)
	_, enrolled := sv.user(t, "Enrolled")
	p := sv.login(t, enrolled).Principal
	en, err := svc.BeginTOTP(ctx, p, servicePassword)
	require.NoError(t, err)
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(en.Secret)
	require.NoError(t, err)
	otp, err := totp.Generate(secret, time.Now(), totp.Config{})
	require.NoError(t, err)
	_, err = svc.ConfirmTOTP(ctx, p, servicePassword, otp)
	require.NoError(t, err)
	_, plain := sv.user(t, "Plain")

	const wrongCode = "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz"
	measure := func(name string, req auth.LoginRequest) string {
		t.Helper()
		counter.Reset()
		_, err := svc.Login(ctx, req)
		require.ErrorIs(t, err, auth.ErrLoginFailed, name)
		sql := ""
		for _, st := range counter.Statements() {
			sql += st.SQL + ";\n"
		}
		t.Logf("%-32s %d statement(s), %d transaction control", name, len(counter.Statements()), counter.TxControl())
		return sql + strconv.Itoa(counter.TxControl())
	}
	right := measure("right password, wrong code", auth.LoginRequest{Username: enrolled, Password: servicePassword, TOTPCode: wrongCode})
	require.Contains(t, right, "carenet.recovery_codes")
	for name, req := range map[string]auth.LoginRequest{
		"wrong password":        {Username: enrolled, Password: "a wrong guess, again", TOTPCode: wrongCode},
		"unknown username":      {Username: uniq("nobody"), Password: "a wrong guess, again", TOTPCode: wrongCode},
		"without second factor": {Username: plain, Password: servicePassword, TOTPCode: wrongCode},
	} {
		require.Equal(t, right, measure(name, req), "%s sends what a right password with a wrong code sends", name)
	}
}
