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

// TestConformanceUnprepared runs the suite once more with every statement
// parsed and planned on each call, as behind a pooler that cannot follow
// prepared statements: the results are the same either way.
func TestConformanceUnprepared(t *testing.T) {
	requireDB(t)
	if testing.Short() {
		t.Skip("the suite's second run, with statements unprepared: not in -short")
	}
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s, db := freshStore(t, postgres.WithPreparedStatements(false))
		return tamperable{Store: s, db: db}
	})
}
