package postgres_test

import (
	"testing"

	"github.com/carenet-go/carenet/storetest"
)

// TestConformance runs the SDK's store conformance suite, each case on an
// empty database of its own.
func TestConformance(t *testing.T) {
	requireDB(t)
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s, db := freshStore(t)
		return tamperable{Store: s, db: db}
	})
}
