package storetest_test

import (
	"testing"

	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/storetest"
)

// A store proves itself with one call from a test of its own package. The
// function it passes returns a new, empty store for each case; a store that
// needs clean-up (closing a pool, dropping a database) registers it with
// t.Cleanup there.
func ExampleRun() {
	// In mystore_test.go, with mystore.New in place of memory.New:
	testConformance := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) storetest.Store { return memory.New() })
	}
	_ = testConformance
}
