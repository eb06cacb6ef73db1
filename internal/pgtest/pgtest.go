// Package pgtest gives tests a fresh PostgreSQL database. The server comes
// from CARENET_TEST_DATABASE_URL (default: the local server as user
// postgres). Without a reachable server a test is skipped with a message
// saying so; with the CI environment variable set it fails instead, so a
// CI run never passes without having talked to a database. Only tests
// import it.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/lib/pq" // the driver
)

// DefaultDSN is used when CARENET_TEST_DATABASE_URL is not set.
const DefaultDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// BaseDSN is the server's DSN as configured.
func BaseDSN() string {
	if dsn := os.Getenv("CARENET_TEST_DATABASE_URL"); dsn != "" {
		return dsn
	}
	return DefaultDSN
}

// NewDatabase creates an empty database with a random name, drops it when
// the test ends, and returns its DSN.
func NewDatabase(t testing.TB) string {
	t.Helper()
	base := BaseDSN()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("CARENET_TEST_DATABASE_URL is not a URL: %v", err)
	}
	admin, err := sql.Open("postgres", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		msg := "PostgreSQL not reachable at " + u.Redacted() + ": set CARENET_TEST_DATABASE_URL (" + err.Error() + ")"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "carenet_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	u.Path = "/" + name
	return u.String()
}
