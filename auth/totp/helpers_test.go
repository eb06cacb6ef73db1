package totp_test

import (
	"testing"

	"github.com/carenet-go/carenet/internal/testkit"
)

// requireInvalid asserts that err is a *carenet.Error of code Invalid that
// wraps a *carenet.ValidationError reporting rule for field.
func requireInvalid(t *testing.T, err error, field, rule string) {
	t.Helper()
	testkit.RequireInvalid(t, err, field, rule)
}
