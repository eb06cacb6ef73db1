package carenettest

import (
	"context"
	"database/sql"
	"net/url"
	"time"

	"github.com/lib/pq"

	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/postgres"
)

// maxConns bounds the pool of an Env's database, so a test that starts
// hundreds of goroutines queues as a host's pool would instead of opening
// a connection each, past the server's limit.
const maxConns = 8

// openPostgres creates a database with a random name on the server
// serverURL names, migrates it and returns the store over it, through
// lib/pq. The store is closed and the database dropped when the test ends.
func openPostgres(t TB, serverURL string) *postgres.Store {
	t.Helper()
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("carenettest: OnPostgres needs a postgres:// URL, got %q", serverURL)
		return nil
	}
	return openStore(t, pgtest.Config{Driver: pgtest.DriverPQ}, createDatabase(t, serverURL, "carenettest_"), true)
}

// createDatabase creates an empty database named prefix and random digits
// on the server serverURL names, drops it when the test ends, and returns
// its URL.
func createDatabase(t TB, serverURL, prefix string) string {
	t.Helper()
	u, err := url.Parse(serverURL)
	if err != nil || u.Scheme == "" {
		t.Fatalf("carenettest: the PostgreSQL server's address is not a postgres:// URL")
		return ""
	}
	server, err := sql.Open("postgres", serverURL)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = server.PingContext(ctx)
		cancel()
	}
	if err != nil {
		t.Fatalf("carenettest: PostgreSQL not reachable at %s: %v", u.Redacted(), err)
		return ""
	}
	name := pgtest.Config{Prefix: prefix}.RandomName()
	if _, err := server.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name)); err != nil {
		server.Close()
		t.Fatalf("carenettest: create database %s: %v", name, err)
		return ""
	}
	t.Cleanup(func() {
		defer server.Close()
		if _, err := server.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)"); err != nil {
			t.Fatalf("carenettest: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// openStore opens the store over the database dsn names through cfg's
// driver, migrating it first if migrate says so. Each write seals its
// audit events before it returns, so a test reads the log right after a
// write as it would on the memory store. The store is closed when the
// test ends, before the database is dropped.
func openStore(t TB, cfg pgtest.Config, dsn string, migrate bool) *postgres.Store {
	t.Helper()
	db, err := cfg.Open(dsn)
	if err != nil {
		t.Fatalf("carenettest: open the test database: %v", err)
		return nil
	}
	db.SetMaxOpenConns(maxConns)
	store := postgres.New(db, postgres.WithSyncSealing(), schemaOption())
	// Registered after the drop, so they run first: the sealer stops, then
	// the pool closes, then the database is dropped.
	t.Cleanup(func() { db.Close() })
	t.Cleanup(func() { store.Close() })
	if migrate {
		if err := store.Migrate(context.Background()); err != nil {
			t.Fatalf("carenettest: migrate the test database: %v", err)
			return nil
		}
	}
	return store
}
