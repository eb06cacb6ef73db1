package auth_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// TestAnAttemptInFlightHoldsItsSourcesSlotUntilDone: the default limiter
// counts an attempt as a failure from the moment it is asked about, so
// attempts in flight cannot pass the per-source bound together; one that
// succeeds gives its slot back, one that fails keeps it, and done twice
// counts once.
func TestAnAttemptInFlightHoldsItsSourcesSlotUntilDone(t *testing.T) {
	t0 := carenettest.Start
	l := auth.NewRateLimiter(auth.RateLimits{PerSource: 2})
	first, ok1 := l.Attempt(t.Context(), "a", t0)
	second, ok2 := l.Attempt(t.Context(), "a", t0)
	require.True(t, ok1)
	require.True(t, ok2)
	assert.False(t, allowed(l, "a", t0), "two in flight fill a bound of two")
	assert.True(t, allowed(l, "b", t0), "another source")
	first(false)
	first(false)
	assert.True(t, allowed(l, "a", t0), "a success gives its slot back")
	second(true)
	second(true)
	assert.True(t, allowed(l, "a", t0), "one failure of two, however often done is called")
	fail(l, "a", t0)
	assert.False(t, allowed(l, "a", t0), "two failures")
}

// TestLoginsArrivingAtOnceGetNoMoreThanTheSourcesBound: three times the
// per-source bound of logins from one address all pass the limiter before
// any of them is decided (each waits, once it has read, until all have);
// only PerSource are decided truthfully, the others are refused as
// rate-limited.
func TestLoginsArrivingAtOnceGetNoMoreThanTheSourcesBound(t *testing.T) {
	const n = 3 * auth.DefaultRatePerSource
	k := newKit(t)
	svc := racing(t, k, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := svc.Login(k.Ctx, auth.LoginRequest{Username: fmt.Sprintf("sprayed-%d", i), Password: "Winter2026!!",
				RemoteAddr: "203.0.113.9:1234"})
			assert.ErrorIs(t, err, auth.ErrLoginFailed)
		}()
	}
	wg.Wait()
	counts := map[string]int{}
	for _, e := range allEvents(t, k) {
		if e.TargetType == audit.TargetLogin {
			counts[e.Details["reason"]]++
		}
	}
	assert.Equal(t, map[string]int{"unknown_username": auth.DefaultRatePerSource, "rate_limited": n - auth.DefaultRatePerSource}, counts)
}
