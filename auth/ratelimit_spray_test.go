package auth_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// TestAFloodOfFailuresNeverRefusesAnUnfailedSourcesRightPassword: an
// outsider's failures spread over many addresses, at usernames that do not
// exist, reach the default overall bound; the right password from an
// address that has not failed still opens a session, while a sprayed
// address is refused, with ErrLoginFailed and audited as rate-limited
// like any refusal.
func TestAFloodOfFailuresNeverRefusesAnUnfailedSourcesRightPassword(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	for i := range auth.DefaultRateOverall {
		_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: fmt.Sprintf("nobody-%d", i), Password: "Spring2024!!",
			RemoteAddr: fmt.Sprintf("198.51.%d.%d:4444", i/250, i%250+1)})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, RemoteAddr: "198.51.0.1:4444"})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a sprayed address, past the overall bound")
	ev := accountEvents(t, k, u.Login.AccountID)
	assert.Equal(t, "rate_limited", ev[len(ev)-1].Details["reason"])
	assert.Equal(t, "198.51.0.1", ev[len(ev)-1].Details["source"])

	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, RemoteAddr: "10.0.0.7:5000"})
	require.NoError(t, err, "the right password from an address that never failed")
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "nobody", Password: "Spring2024!!", RemoteAddr: "10.0.0.8:5000"})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	var reasons []string
	for _, e := range allEvents(t, k) {
		if e.TargetType == audit.TargetLogin {
			reasons = append(reasons, e.Details["reason"])
		}
	}
	assert.Equal(t, "unknown_username", reasons[len(reasons)-1], "a fresh address's failure is decided truthfully")
}
