package testkit

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// StoreEnv is the environment variable that picks the store every Kit runs
// on: "memory" (the default, also when empty) or "postgres". With
// "postgres" each Kit gets a fresh, migrated PostgreSQL database on the
// server that CARENET_TEST_DATABASE_URL names, through the driver
// CARENET_TEST_DRIVER names (see internal/pgtest), so the services' tests
// prove their rules on the production store too, with either driver.
const StoreEnv = "CARENET_TEST_STORE"

// SchemaEnv is the environment variable that names the PostgreSQL schema
// the PostgreSQL Kits keep their tables in (postgres.WithSchema); the
// default schema when unset. Running the services' tests with it proves
// every statement they cause names the store's schema.
const SchemaEnv = "CARENET_TEST_SCHEMA"

// schemaOption is the store option SchemaEnv asks for.
func schemaOption() postgres.Option {
	name := os.Getenv(SchemaEnv)
	if name == "" {
		name = postgres.DefaultSchema
	}
	return postgres.WithSchema(name)
}

// Store is what a Kit runs on: every package's transaction boundary over
// one store. *memory.Store and *postgres.Store are both Stores.
type Store interface {
	Audit() carenet.Transactor[audit.Tx]
	Auth() auth.Store
	Personnel() personnel.Store
	Video() video.Store
	Referral() referral.Store
	AccessReview() accessreview.Store
}

var (
	_ Store = (*memory.Store)(nil)
	_ Store = (*postgres.Store)(nil)
)

// maxConns bounds each PostgreSQL Kit's pool.
const maxConns = 8

// template is the migrated database Kits copy when StoreEnv is
// "postgres"; Main prepares it.
var template *pgtest.Template

// Main runs a package's tests and returns the exit code; call it from
// TestMain as os.Exit(testkit.Main(m)). With StoreEnv set to "postgres" it
// migrates a template database first, and fails the run if the server
// cannot be reached: a run that asked for PostgreSQL must not pass
// without it. An unknown StoreEnv fails the run too.
func Main(m *testing.M) int {
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
		template = t
		defer t.Close()
		return m.Run()
	default:
		fmt.Fprintf(os.Stderr, "FAIL: %s=%q: want memory or postgres\n", StoreEnv, kind)
		return 1
	}
}

// NewStore returns an empty store of the kind StoreEnv picks, holding only
// the built-in security groups; a PostgreSQL one is closed and dropped when
// the test ends.
func NewStore(t testing.TB) Store {
	t.Helper()
	if os.Getenv(StoreEnv) != "postgres" {
		return memory.New()
	}
	if template == nil {
		t.Fatalf("%s=postgres needs the package's TestMain to call testkit.Main", StoreEnv)
	}
	// Through the driver CARENET_TEST_DRIVER names (lib/pq by default).
	db, err := template.Config().Open(template.Copy(t))
	if err != nil {
		t.Fatalf("opening the test database: %v", err)
	}
	// Tests that start hundreds of goroutines (a storm of logins) would
	// otherwise open a connection each, past the server's limit; like a
	// host's pool, this one queues instead.
	db.SetMaxOpenConns(maxConns)
	// Registered after Copy's clean-up, so it runs first: the pool closes
	// before the database is dropped.
	// Each Update seals its events before it returns, so a test reads
	// the log right after a write as it would on the memory store.
	s := postgres.New(db, postgres.WithSyncSealing(), schemaOption())
	t.Cleanup(func() { db.Close() })
	t.Cleanup(func() { s.Close() }) // runs first: the sealer stops before the pool closes
	return s
}
