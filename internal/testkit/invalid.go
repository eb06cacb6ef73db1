package testkit

import (
	"errors"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
)

// RequireInvalid fails t unless err is a *carenet.Error of code Invalid
// that wraps a *carenet.ValidationError reporting rule for field.
func RequireInvalid(t require.TestingT, err error, field, rule string) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	require.Error(t, err)
	var e *carenet.Error
	require.True(t, errors.As(err, &e), "want *carenet.Error, got %T: %v", err, err)
	require.Equal(t, carenet.Invalid, e.Code, "code of %v", err)
	v := carenet.Validation(err)
	require.NotNil(t, v, "no *carenet.ValidationError in %v", err)
	require.True(t, v.Has(field, rule), "want %s/%s in %+v", field, rule, v.Problems)
}
