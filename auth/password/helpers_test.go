package password_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

// cheap are parameters that make tests fast; the cost is not under test.
var cheap = password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// requireInvalid asserts that err is a *carenet.Error of code Invalid that
// wraps a *carenet.ValidationError reporting rule for field, and that its
// end-user message contains msg.
func requireInvalid(t *testing.T, err error, field, rule, msg string) {
	t.Helper()
	require.Error(t, err)
	var e *carenet.Error
	require.True(t, errors.As(err, &e), "want *carenet.Error, got %T: %v", err, err)
	require.Equal(t, carenet.Invalid, e.Code, "code of %v", err)
	v := carenet.Validation(err)
	require.NotNil(t, v, "no *carenet.ValidationError in %v", err)
	require.True(t, v.Has(field, rule), "want %s/%s in %+v", field, rule, v.Problems)
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
