package portal_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
)

// problems checks that err is an Invalid *carenet.Error wrapping a
// *carenet.ValidationError and returns its problems.
func problems(t *testing.T, err error) []carenet.FieldError {
	t.Helper()
	require.Error(t, err)
	var e *carenet.Error
	require.True(t, errors.As(err, &e), "error %v is not a *carenet.Error", err)
	assert.Equal(t, carenet.Invalid, e.Code)
	v := carenet.Validation(err)
	require.NotNil(t, v, "error %v wraps no *carenet.ValidationError", err)
	return v.Problems
}

// requireOneProblem checks that err is an Invalid *carenet.Error wrapping
// a *carenet.ValidationError with a single problem, on field under rule.
func requireOneProblem(t *testing.T, err error, field, rule string) {
	t.Helper()
	p := problems(t, err)
	require.Len(t, p, 1)
	assert.Equal(t, field, p[0].Field)
	assert.Equal(t, rule, p[0].Rule)
}
