package carenettest_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/carenettest"
)

// TestHarnessStopsOnEveryFailure: outside a test, testify's checks on a
// Harness (Errorf, FailNow) stop as Fatalf does, and clean-ups run last
// first at Close.
func TestHarnessStopsOnEveryFailure(t *testing.T) {
	h := &carenettest.Harness{}
	assert.Contains(t, fatal(func() { h.Errorf("checked %d", 1) }), "checked 1")
	assert.Contains(t, fatal(func() { h.FailNow() }), "failed")
	msg := fatal(func() { require.NoError(h, errors.New("boom")) })
	assert.Contains(t, msg, "boom", "require reports through Errorf")

	var order []int
	h.Cleanup(func() { order = append(order, 1) })
	h.Cleanup(func() { order = append(order, 2) })
	h.Close()
	h.Close()
	assert.Equal(t, []int{2, 1}, order, "last first, once")
}
