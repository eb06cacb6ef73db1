package auth_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/testkit"
)

// TestRateLimiterBoundsFailuresPerSourceAndOverall: the default limiter
// refuses a source with PerSource failures in the window, every source
// once all have Overall, forgets a window after it has passed, and
// counts the sources beyond MaxSources together.
func TestRateLimiterBoundsFailuresPerSourceAndOverall(t *testing.T) {
	ctx := context.Background()
	t0 := testkit.Start.Truncate(time.Hour)
	l := auth.NewRateLimiter(auth.RateLimits{Window: 10 * time.Minute, PerSource: 3, Overall: 5, MaxSources: 3})
	for range 3 {
		require.True(t, l.Allow(ctx, "a", t0))
		l.Failed(ctx, "a", t0)
	}
	assert.False(t, l.Allow(ctx, "a", t0), "a source at its bound")
	assert.True(t, l.Allow(ctx, "b", t0), "another source")
	l.Failed(ctx, "b", t0)
	l.Failed(ctx, "c", t0)
	assert.False(t, l.Allow(ctx, "fresh", t0), "everyone, at the overall bound")
	l.Failed(ctx, "a", t0.Add(11*time.Minute))
	assert.False(t, l.Allow(ctx, "a", t0.Add(11*time.Minute)), "the last window still counts, weighted")
	assert.True(t, l.Allow(ctx, "a", t0.Add(20*time.Minute)), "a whole window later it is forgotten")

	l = auth.NewRateLimiter(auth.RateLimits{PerSource: 2, Overall: 1000, MaxSources: 2})
	l.Failed(ctx, "a", t0)
	l.Failed(ctx, "b", t0)
	l.Failed(ctx, "c", t0)
	assert.True(t, l.Allow(ctx, "d", t0), "past MaxSources, new sources share one count")
	l.Failed(ctx, "d", t0)
	assert.False(t, l.Allow(ctx, "e", t0))
	assert.True(t, l.Allow(ctx, "a", t0), "remembered sources keep their own")
}

// TestSprayingIsSlowedBeyondOneAccount: one password tried against many
// usernames from one address is refused after the per-source bound, with
// ErrLoginFailed as every failure, audited as rate-limited; the right
// password of a real user is then refused from that address (any port)
// and accepted from another, and the right password with a valid code
// passes the limit. A host's key replaces the address.
func TestSprayingIsSlowedBeyondOneAccount(t *testing.T) {
	k := totpKit(t, testkit.WithAuthConfig(func(c *auth.Config) {
		c.RateLimiter = auth.NewRateLimiter(auth.RateLimits{PerSource: 5})
	}))
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	k.User("Tia", "Totp", "ttotp", userPassword)
	secret := enrol(t, k, k.Login("ttotp", userPassword).Principal, userPassword)
	for i := range 8 {
		_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: fmt.Sprintf("user%d", i), Password: "Spring2024!!",
			RemoteAddr: fmt.Sprintf("[2001:db8:7:1::%x]:%d", i, 40000+i)})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	var reasons []string
	for _, e := range allEvents(t, k) {
		if e.TargetType == "login" {
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
