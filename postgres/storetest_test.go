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

// TestConformanceUnpreparedOnAnotherSchema runs the suite once more on
// stores whose tables are in a schema of their own (WithSchema), each case
// on an empty database of its own that holds the default schema too, with
// every statement parsed and planned on each call, as behind a pooler that
// cannot follow prepared statements. Every statement of the store names
// the store's schema, the Neighbors cases keep the two apart, and the
// results are the same prepared or not. (One run for both, to keep the
// package's time down.)
func TestConformanceUnpreparedOnAnotherSchema(t *testing.T) {
	requireDB(t)
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s, db := freshStore(t, postgres.WithSchema(otherSchema), postgres.WithPreparedStatements(false))
		return tamperable{Store: s, db: db}
	})
}
