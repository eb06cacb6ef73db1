package postgres_test

import (
	"testing"

	"github.com/carenet-go/carenet/postgres"
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

// TestConformanceOnAnotherSchema runs the suite on stores whose tables are
// in a schema of their own (WithSchema), each case on an empty database of
// its own that holds the default schema too: every statement of the store
// names the store's schema, and the Neighbors cases keep the two apart.
func TestConformanceOnAnotherSchema(t *testing.T) {
	requireDB(t)
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s, db := freshStore(t, postgres.WithSchema(otherSchema))
		return tamperable{Store: s, db: db}
	})
}
