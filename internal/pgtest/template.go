package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"
)

// Template is a prepared database that tests copy, so each test starts
// from the same state without paying for preparing it again: copying a
// migrated database takes a fraction of migrating a new one.
type Template struct {
	admin *sql.DB
	base  *url.URL
	name  string
	seq   atomic.Int64
}

// OpenTemplate connects to the server BaseDSN names, creates a database
// with a random name and calls prepare with its DSN (to migrate it, say).
// Close drops it. The error says why the server could not be used.
func OpenTemplate(prepare func(dsn string) error) (*Template, error) {
	base, err := url.Parse(BaseDSN())
	if err != nil || base.Scheme == "" {
		return nil, fmt.Errorf("CARENET_TEST_DATABASE_URL is not a postgres:// URL")
	}
	admin, err := sql.Open("postgres", base.String())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		return nil, fmt.Errorf("PostgreSQL not reachable at %s: set CARENET_TEST_DATABASE_URL (%v)", base.Redacted(), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	t := &Template{admin: admin, base: base, name: "carenet_template_" + hex.EncodeToString(b[:])}
	if _, err := admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(t.name)); err != nil {
		admin.Close()
		return nil, fmt.Errorf("create template database: %v", err)
	}
	if err := prepare(t.dsn(t.name)); err != nil {
		t.Close()
		return nil, fmt.Errorf("prepare template database: %v", err)
	}
	return t, nil
}

// Copy creates a copy of the template, drops it when the test ends, and
// returns its DSN. The template must have no open connection.
func (t *Template) Copy(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("%s_%d", t.name, t.seq.Add(1))
	if _, err := t.admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name) + " TEMPLATE " + pq.QuoteIdentifier(t.name)); err != nil {
		tb.Fatalf("copy template database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := t.admin.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)"); err != nil {
			tb.Errorf("drop test database %s: %v", name, err)
		}
	})
	return t.dsn(name)
}

// Close drops the template and closes the connection to the server.
func (t *Template) Close() {
	_, _ = t.admin.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(t.name) + " WITH (FORCE)")
	t.admin.Close()
}

func (t *Template) dsn(name string) string {
	u := *t.base
	u.Path = "/" + name
	return u.String()
}
