// Package pgtest gives tests a fresh PostgreSQL database. The server comes
// from CARENET_TEST_DATABASE_URL (default: the local server as user
// postgres). Without a reachable server a test is skipped with a message
// saying so; with the CI environment variable set it fails instead, so a
// CI run never passes without having talked to a database. Only tests
// and the public test kit (carenettest) import it.
//
// The tests' databases get random names that start with
// CARENET_TEST_DATABASE_PREFIX (default "carenet_test_"), and the store
// talks to them through the driver CARENET_TEST_DRIVER names: "pq"
// (github.com/lib/pq, the default) or "pgx" (github.com/jackc/pgx/v5's
// database/sql driver).
//
// go test caches a passing package and runs it again only when its files
// or the environment variables it read change. It learns which variables a
// test read only while the tests run, not in TestMain before m.Run; so
// every test that needs the server calls Settings, directly or through
// NewDatabase or a Template, and a change of URL, driver or prefix runs the
// tests again.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
)

// DefaultDSN is used when CARENET_TEST_DATABASE_URL is not set.
const DefaultDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// The environment variables the tests read.
const (
	URLEnv    = "CARENET_TEST_DATABASE_URL"
	DriverEnv = "CARENET_TEST_DRIVER"
	PrefixEnv = "CARENET_TEST_DATABASE_PREFIX"
)

// DefaultPrefix starts the names of the tests' databases unless
// CARENET_TEST_DATABASE_PREFIX says otherwise.
const DefaultPrefix = "carenet_test_"

// The drivers CARENET_TEST_DRIVER can name.
const (
	DriverPQ  = "pq"
	DriverPGX = "pgx"
)

// Config is the tests' view of the environment.
type Config struct {
	// DSN is the server's URL or key=value string.
	DSN string
	// Driver is DriverPQ or DriverPGX.
	Driver string
	// Prefix starts every test database's name.
	Prefix string
}

// prefixPattern is what a database name prefix may hold: it is pasted
// into names that are quoted, but a plain lower-case identifier keeps the
// names easy to find and drop by hand.
var prefixPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,39}$`)

// Settings reads the environment; call it from each test that needs the
// server (see the package comment). The error names the variable that is
// wrong and what it must hold.
func Settings() (Config, error) {
	c := Config{DSN: os.Getenv(URLEnv), Driver: os.Getenv(DriverEnv), Prefix: os.Getenv(PrefixEnv)}
	if c.DSN == "" {
		c.DSN = DefaultDSN
	}
	switch c.Driver {
	case "", DriverPQ:
		c.Driver = DriverPQ
	case DriverPGX:
	default:
		return c, fmt.Errorf("%s=%q: want %q or %q", DriverEnv, c.Driver, DriverPQ, DriverPGX)
	}
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if !prefixPattern.MatchString(c.Prefix) {
		return c, fmt.Errorf("%s=%q: want lower-case letters, digits and _, not starting with a digit, at most 40", PrefixEnv, c.Prefix)
	}
	return c, nil
}

// BaseDSN is the server's DSN as configured.
func BaseDSN() string {
	c, _ := Settings()
	return c.DSN
}

// WithDatabase returns dsn naming database name instead, with the extra
// run-time parameters (statement_timeout, application_name, ...).
func WithDatabase(dsn, name string, runtime map[string]string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		u.Path = "/" + name
		q := u.Query()
		for k, v := range runtime {
			q.Set(k, v)
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	var b strings.Builder
	b.WriteString(dsn)
	fmt.Fprintf(&b, " dbname=%s", quoteValue(name))
	for k, v := range runtime {
		fmt.Fprintf(&b, " %s=%s", k, quoteValue(v))
	}
	return b.String()
}

func quoteValue(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// Connector returns a connector for dsn through the configured driver.
func (c Config) Connector(dsn string) (driver.Connector, error) {
	if c.Driver == DriverPGX {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, err
		}
		return stdlib.GetConnector(*cfg), nil
	}
	return pq.NewConnector(dsn)
}

// Open opens a pool on dsn through the configured driver.
func (c Config) Open(dsn string) (*sql.DB, error) {
	connector, err := c.Connector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(connector), nil
}

// RandomName returns a new database name: the prefix and random digits.
func (c Config) RandomName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return c.Prefix + hex.EncodeToString(b[:])
}

// NewDatabase creates an empty database with a random name, drops it when
// the test ends, and returns its DSN.
func NewDatabase(t testing.TB) string {
	t.Helper()
	c, err := Settings()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(c.DSN)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", URLEnv, err)
	}
	admin, err := sql.Open("postgres", c.DSN)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		msg := "PostgreSQL not reachable at " + u.Redacted() + ": set " + URLEnv + " (" + err.Error() + ")"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	name := c.RandomName()
	if _, err := admin.Exec(`CREATE DATABASE ` + pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + pq.QuoteIdentifier(name) + ` WITH (FORCE)`)
		admin.Close()
	})
	return WithDatabase(c.DSN, name, nil)
}
