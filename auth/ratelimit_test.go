package auth_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// fail is one attempt under key at now that fails.
func fail(l auth.RateLimiter, key string, now time.Time) {
	done, _ := l.Attempt(context.Background(), key, now)
	done(true)
}

// allowed is whether an attempt under key at now may succeed; the attempt
// then succeeds, so it counts nothing.
func allowed(l auth.RateLimiter, key string, now time.Time) bool {
	done, ok := l.Attempt(context.Background(), key, now)
	done(false)
	return ok
}

// TestRateLimiterBoundsFailuresPerSourceAndOverall: the default limiter
// refuses a source with PerSource failures in the window, and a source
// that has failed once all have Overall (never one that has not failed),
// forgets a window after it has passed, and counts the sources beyond
// MaxSources together.
func TestRateLimiterBoundsFailuresPerSourceAndOverall(t *testing.T) {
	t0 := carenettest.Start.Truncate(time.Hour)
	l := auth.NewRateLimiter(auth.RateLimits{Window: 10 * time.Minute, PerSource: 3, Overall: 5, MaxSources: 10})
	for range 3 {
		require.True(t, allowed(l, "a", t0))
		fail(l, "a", t0)
	}
	assert.False(t, allowed(l, "a", t0), "a source at its bound")
	assert.True(t, allowed(l, "b", t0), "another source")
	fail(l, "b", t0)
	fail(l, "c", t0)
	assert.False(t, allowed(l, "b", t0), "a source that failed, at the overall bound")
	assert.True(t, allowed(l, "fresh", t0), "a source that has not failed, whatever the others did")
	fail(l, "a", t0.Add(11*time.Minute))
	assert.False(t, allowed(l, "a", t0.Add(11*time.Minute)), "the last window still counts, weighted")
	assert.True(t, allowed(l, "a", t0.Add(20*time.Minute)), "a whole window later it is forgotten")

	l = auth.NewRateLimiter(auth.RateLimits{PerSource: 2, Overall: 1000, MaxSources: 2})
	fail(l, "a", t0)
	fail(l, "b", t0)
	fail(l, "c", t0)
	assert.True(t, allowed(l, "d", t0), "past MaxSources, new sources share one count")
	fail(l, "d", t0)
	assert.False(t, allowed(l, "e", t0))
	assert.True(t, allowed(l, "a", t0), "remembered sources keep their own")
}

// TestSprayingIsSlowedBeyondOneAccount: one password tried against many
// usernames from one address is refused after the per-source bound, with
// ErrLoginFailed as every failure, audited as rate-limited; the right
// password of a real user is then refused from that address (any port)
// and accepted from another, and the right password with a valid code
// passes the limit. A host's key replaces the address.
func TestSprayingIsSlowedBeyondOneAccount(t *testing.T) {
	k := totpKit(t, carenettest.WithAuthConfig(func(c *auth.Config) {
		c.RateLimiter = auth.NewRateLimiter(auth.RateLimits{PerSource: 5})
	}))
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	k.User("Tia", "Totp", "ttotp", userPassword)
	secret := enrol(t, k, k.LoginAs("ttotp", userPassword).Principal, userPassword)
	for i := range 8 {
		_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: fmt.Sprintf("user%d", i), Password: "Spring2024!!",
			RemoteAddr: fmt.Sprintf("[2001:db8:7:1::%x]:%d", i, 40000+i)})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	var reasons []string
	for _, e := range allEvents(t, k) {
		if e.TargetType == audit.TargetLogin {
			reasons = append(reasons, e.Details["reason"])
		}
	}
	assert.Equal(t, []string{"unknown_username", "unknown_username", "unknown_username", "unknown_username",
		"unknown_username", "rate_limited", "rate_limited", "rate_limited"}, reasons, "one /64 is one source")

	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, RemoteAddr: "[2001:db8:7:1::99]:1"})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	ev := accountEvents(t, k, u.Login.AccountID)
	assert.Equal(t, "rate_limited", ev[len(ev)-1].Details["reason"])
	assert.Equal(t, "2001:db8:7:1::/64", ev[len(ev)-1].Details["source"])
	assert.Zero(t, credentials(t, k, u.Login.AccountID).FailedLogins, "a refusal of the limiter is not the account's failure")

	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, RemoteAddr: "[2001:db8:7:1::99]:1", RateKey: "office-vpn"})
	require.NoError(t, err, "the host's key counts instead of the address")
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, RemoteAddr: "192.0.2.10:5000"})
	require.NoError(t, err)
	k.Clock.Advance(30 * time.Second)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "ttotp", Password: userPassword,
		TOTPCode: code(t, secret, k.Clock.Now()), RemoteAddr: "[2001:db8:7:1::99]:1"})
	require.NoError(t, err, "the right password with a valid code passes the limit")
}
