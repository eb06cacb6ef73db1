package carenettest_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet/carenettest"
)

// TestRaceRunsEveryCall: Race runs each call once and returns its error
// in its place.
func TestRaceRunsEveryCall(t *testing.T) {
	var ran atomic.Int32
	errOdd := errors.New("odd")
	errs := carenettest.Race(5, func(i int) error {
		ran.Add(1)
		if i%2 == 1 {
			return errOdd
		}
		return nil
	})
	assert.Equal(t, int32(5), ran.Load())
	assert.Equal(t, []error{nil, errOdd, nil, errOdd, nil}, errs)
}

// TestRequireOneWon passes exactly one nil error among the awaited ones,
// and fails on none, on two, and on an error of another kind.
func TestRequireOneWon(t *testing.T) {
	lost, other := errors.New("lost"), errors.New("other")
	h := &carenettest.Harness{}
	carenettest.RequireOneWon(h, []error{lost, nil, lost}, lost)
	assert.Contains(t, fatal(func() { carenettest.RequireOneWon(h, []error{lost, lost}, lost) }), "0 of 2")
	assert.Contains(t, fatal(func() { carenettest.RequireOneWon(h, []error{nil, nil}, lost) }), "2 of 2")
	assert.Contains(t, fatal(func() { carenettest.RequireOneWon(h, []error{nil, other}, lost) }), "failed with other")
}
