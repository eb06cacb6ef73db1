package password_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/internal/testkit"
)

// cheap are parameters that make tests fast; the cost is not under test.
var cheap = password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// requireInvalid asserts that err is a *carenet.Error of code Invalid that
// wraps a *carenet.ValidationError reporting rule for field, and that its
// end-user message contains msg.
func requireInvalid(t *testing.T, err error, field, rule, msg string) {
	t.Helper()
	testkit.RequireInvalid(t, err, field, rule)
	require.Contains(t, carenet.ErrorMessage(err), msg)
}

// invalidProblems requires err to be of code Invalid and to wrap a
// *carenet.ValidationError, and returns its problems.
func invalidProblems(t *testing.T, err error) []carenet.FieldError {
	t.Helper()
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	v := carenet.Validation(err)
	require.NotNil(t, v)
	return v.Problems
}

func itoa(n int) string { return strconv.Itoa(n) }
