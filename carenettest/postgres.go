package carenettest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"time"

	"github.com/lib/pq"

	"github.com/carenet-go/carenet/postgres"
)

// maxConns bounds the pool of an Env's database, so a test that starts
// hundreds of goroutines queues as a host's pool would instead of opening
// a connection each, past the server's limit.
const maxConns = 8

// openPostgres creates a database with a random name on the server
// serverURL names, migrates it and returns the store over it. The store
// is closed and the database dropped when the test ends.
func openPostgres(t TB, serverURL string) *postgres.Store {
	t.Helper()
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("carenettest: OnPostgres needs a postgres:// URL, got %q", serverURL)
	}
	server, err := sql.Open("postgres", serverURL)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = server.PingContext(ctx)
		cancel()
	}
	if err != nil {
		t.Fatalf("carenettest: PostgreSQL not reachable at %s: %v", u.Redacted(), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "carenettest_" + hex.EncodeToString(b[:])
	if _, err := server.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name)); err != nil {
		server.Close()
		t.Fatalf("carenettest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer server.Close()
		if _, err := server.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)"); err != nil {
			t.Fatalf("carenettest: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	store, err := postgres.Open(u.String())
	if err != nil {
		t.Fatalf("carenettest: open %s: %v", name, err)
	}
	store.DB().SetMaxOpenConns(maxConns)
	// Registered after the drop, so it runs first: the pool closes before
	// the database is dropped.
	t.Cleanup(func() { store.Close() })
	if err := store.Migrate(context.Background()); err != nil {
		t.Fatalf("carenettest: migrate %s: %v", name, err)
	}
	return store
}
