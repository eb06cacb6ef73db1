package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// Template is a prepared database that tests copy, so each test starts
// from the same state without paying for preparing it again: copying a
// migrated database takes a fraction of migrating a new one.
type Template struct {
	admin *sql.DB
	cfg   Config
	name  string
	seq   atomic.Int64
}

// OpenTemplate connects to the server Settings names, creates a database
// with a random name and calls prepare with its DSN (to migrate it, say).
// Close drops it. The error says why the server could not be used.
func OpenTemplate(prepare func(dsn string) error) (*Template, error) {
	cfg, err := Settings()
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(cfg.DSN)
	if err != nil || base.Scheme == "" {
		return nil, fmt.Errorf("%s is not a postgres:// URL", URLEnv)
	}
	admin, err := sql.Open("postgres", cfg.DSN)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		return nil, fmt.Errorf("PostgreSQL not reachable at %s: set %s (%v)", base.Redacted(), URLEnv, err)
	}
	t := &Template{admin: admin, cfg: cfg, name: cfg.RandomName()}
	if _, err := admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(t.name)); err != nil {
		admin.Close()
		return nil, fmt.Errorf("create template database: %v", err)
	}
	if err := prepare(t.DSN(t.name)); err != nil {
		t.Close()
		return nil, fmt.Errorf("prepare template database: %v", err)
	}
	if err := DisconnectAll(admin, t.name); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// DisconnectAll ends the server's connections to database name that a
// pooler in between (pgbouncer) may keep open after its clients closed
// theirs, so that the database can serve as a template.
func DisconnectAll(admin *sql.DB, name string) error {
	_, err := admin.Exec("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name)
	if err != nil {
		return fmt.Errorf("disconnect from template database: %v", err)
	}
	return nil
}

// Config returns the settings the template was made with.
func (t *Template) Config() Config { return t.cfg }

// TB is what Copy needs of a test: testing.TB satisfies it, and so does
// a carenettest.TB.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
	Cleanup(func())
}

// Copy creates a copy of the template, drops it when the test ends, and
// returns its DSN. The template must have no open connection.
func (t *Template) Copy(tb TB) string {
	tb.Helper()
	// Read again while the test runs, for go test's cache (see the package
	// comment).
	if _, err := Settings(); err != nil {
		tb.Fatalf("%v", err)
	}
	name := fmt.Sprintf("%s_%d", t.name, t.seq.Add(1))
	if _, err := t.admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name) + " TEMPLATE " + pq.QuoteIdentifier(t.name)); err != nil {
		tb.Fatalf("copy template database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := t.admin.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)"); err != nil {
			tb.Errorf("drop test database %s: %v", name, err)
		}
	})
	return t.DSN(name)
}

// Close drops the template and closes the connection to the server.
func (t *Template) Close() {
	_, _ = t.admin.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(t.name) + " WITH (FORCE)")
	t.admin.Close()
}

// DSN is the DSN of database name on the template's server.
func (t *Template) DSN(name string) string { return WithDatabase(t.cfg.DSN, name, nil) }
