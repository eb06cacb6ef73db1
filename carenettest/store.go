package carenettest

import (
	"context"
	"fmt"
	"os"

	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/postgres"
)

// StoreEnv is the environment variable that picks the store New (without
// OnPostgres, OnMemory or OnStore) and NewStore run on, so that one set of tests
// proves its rules on both stores:
//
//   - "memory", or empty: the memory store.
//   - "postgres": a new, migrated PostgreSQL database for each Env, on the
//     server DatabaseURLEnv names (DefaultDatabaseURL if unset), dropped
//     when the test ends. A test fails, rather than skips, when the server
//     cannot be reached: a run that asked for PostgreSQL must not pass
//     without it. CARENET_TEST_DRIVER=pgx talks to it through pgx's
//     database/sql driver instead of lib/pq, and the databases' names start
//     with CARENET_TEST_DATABASE_PREFIX (default carenet_test_).
//
// Anything else fails the test. Call Main from TestMain to make each
// PostgreSQL database a copy of one migrated template instead, which is
// several times faster.
const StoreEnv = "CARENET_TEST_STORE"

// SchemaEnv is the environment variable that names the PostgreSQL schema
// the PostgreSQL stores of StoreEnv=postgres keep their tables in
// (postgres.WithSchema); the default schema when unset. Running a host's
// tests with it set proves every statement they cause names the store's
// schema.
const SchemaEnv = "CARENET_TEST_SCHEMA"

// schemaOption is the store option SchemaEnv asks for.
func schemaOption() postgres.Option {
	name := os.Getenv(SchemaEnv)
	if name == "" {
		name = postgres.DefaultSchema
	}
	return postgres.WithSchema(name)
}

// DatabaseURLEnv is the environment variable that names the PostgreSQL
// server StoreEnv=postgres runs on: a postgres:// URL of any database on
// it that the user, who needs the CREATEDB privilege, may connect to.
const DatabaseURLEnv = pgtest.URLEnv

// DefaultDatabaseURL is the server StoreEnv=postgres runs on when
// DatabaseURLEnv is not set: the local server, as user postgres.
const DefaultDatabaseURL = pgtest.DefaultDSN

// template is the migrated database every PostgreSQL store copies; Main
// prepares it.
var template *pgtest.Template

// Main runs a package's tests and returns their exit code; call it from
// TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(carenettest.Main(m)) }
//
// With StoreEnv set to "postgres" it first migrates a template database
// that every store of the run copies, and drops it when the tests end; it
// fails the run, without running a test, if the server cannot be reached.
// An unknown StoreEnv fails the run too. With the memory store it only
// runs the tests.
func Main(m interface{ Run() int }) int {
	switch kind := os.Getenv(StoreEnv); kind {
	case "", "memory":
		return m.Run()
	case "postgres":
		t, err := pgtest.OpenTemplate(func(dsn string) error {
			cfg, err := pgtest.Settings()
			if err != nil {
				return err
			}
			db, err := cfg.Open(dsn)
			if err != nil {
				return err
			}
			defer db.Close()
			return postgres.New(db, schemaOption()).Migrate(context.Background())
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: %s=postgres: %v\n", StoreEnv, err)
			return 1
		}
		prev := template
		template = t
		defer func() { template = prev; t.Close() }()
		return m.Run()
	default:
		fmt.Fprintf(os.Stderr, "FAIL: %s=%q: want memory or postgres\n", StoreEnv, kind)
		return 1
	}
}

// NewStore returns an empty store of the kind StoreEnv picks, holding
// only the built-in security groups, for a test that wires services of
// its own. A PostgreSQL one is closed and its database dropped when the
// test ends.
func NewStore(t TB) Store {
	t.Helper()
	switch kind := os.Getenv(StoreEnv); kind {
	case "", "memory":
		return memory.New()
	case "postgres":
		cfg, err := pgtest.Settings()
		if err != nil {
			t.Fatalf("carenettest: %s=postgres: %v", StoreEnv, err)
			return nil
		}
		if template != nil {
			return openStore(t, cfg, template.Copy(t), false)
		}
		return openStore(t, cfg, createDatabase(t, cfg.DSN, cfg.Prefix), true)
	default:
		t.Fatalf("carenettest: %s=%q: want memory or postgres", StoreEnv, kind)
		return nil
	}
}
