package testkit

import (
	"os"
	"testing"

	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/pgtest"
)

// Env is a carenettest.Env on the store StoreEnv picks: the memory store,
// or with "postgres" a new PostgreSQL database on the server
// CARENET_TEST_DATABASE_URL names. Tests written on the public scenario
// builders prove their rules on both stores with it.
func Env(t *testing.T, opts ...carenettest.Option) *carenettest.Env {
	t.Helper()
	if os.Getenv(StoreEnv) == "postgres" {
		opts = append(opts, carenettest.OnPostgres(pgtest.BaseDSN()))
	}
	return carenettest.New(t, opts...)
}
