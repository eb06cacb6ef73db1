package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/postgres/internal/sqlcount"
)

// The tests run against a real PostgreSQL server. CARENET_TEST_DATABASE_URL
// names a database the tests can connect to as a user allowed to create
// databases; every run creates its own databases, with random names that
// start with CARENET_TEST_DATABASE_PREFIX, and drops them at the end. The
// store talks to them through the driver CARENET_TEST_DRIVER names (see
// internal/pgtest); the harness itself always uses lib/pq.
var (
	// skipReason is set when no server is reachable (and CI is not set):
	// every test that needs the database skips with it.
	skipReason string
	// admin is a pool on the database the DSN names, for creating and
	// dropping the test databases.
	admin *sql.DB
	// settings are the run's URL, driver and database name prefix.
	settings pgtest.Config
	// sharedDB is the run's migrated database, shared by the tests that
	// keep to their own rows; templateDB is a migrated database no one
	// connects to, copied for the tests that need an empty store.
	sharedDB, templateDB string
	dbSeq                atomic.Int64
)

// otherSchema is a second schema every test database holds, migrated
// beside the default one, for the tests of stores on a schema of their own
// and of two stores sharing a database.
const otherSchema = "center_two"

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	cfg, err := pgtest.Settings()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: "+err.Error())
		return 1
	}
	settings = cfg
	dsn := cfg.DSN
	if err := connect(dsn); err != nil {
		msg := fmt.Sprintf("PostgreSQL not reachable at %s: set CARENET_TEST_DATABASE_URL (%v)", redact(dsn), err)
		if os.Getenv("CI") != "" {
			fmt.Fprintln(os.Stderr, "FAIL: "+msg)
			return 1
		}
		fmt.Fprintln(os.Stderr, "SKIP: "+msg)
		skipReason = msg
		return m.Run()
	}
	defer admin.Close()
	run := cfg.RandomName()
	sharedDB, templateDB = run, run+"_template"
	defer dropDatabase(templateDB)
	defer dropDatabase(sharedDB)
	for _, name := range []string{sharedDB, templateDB} {
		if err := createMigrated(name); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: preparing test database %s: %v\n", name, err)
			return 1
		}
	}
	copies.start()
	defer copies.stop()
	return m.Run()
}

// copies makes copies of the template ahead of the tests that need an
// empty store, and drops them after, in the background: creating and
// dropping a database takes longer than most tests.
var copies databaseCopies

type databaseCopies struct {
	// template is the database copied; templateDB when empty.
	template string
	ready    chan databaseCopy
	quit     chan struct{}
	wg       sync.WaitGroup
}

type databaseCopy struct {
	name string
	err  error
}

func (c *databaseCopies) start() {
	template := c.template
	if template == "" {
		template = templateDB
	}
	c.ready = make(chan databaseCopy, 3)
	c.quit = make(chan struct{})
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		for {
			select {
			case <-c.quit:
				return
			default:
			}
			name := fmt.Sprintf("%s_%d", sharedDB, dbSeq.Add(1))
			_, err := admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name) + " TEMPLATE " + pq.QuoteIdentifier(template))
			select {
			case c.ready <- databaseCopy{name, err}:
			case <-c.quit:
				if err == nil {
					dropDatabase(name)
				}
				return
			}
		}
	}()
}

// take returns a fresh copy of the template.
func (c *databaseCopies) take() (string, error) {
	d := <-c.ready
	return d.name, d.err
}

// discard drops a copy in the background.
func (c *databaseCopies) discard(name string) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		dropDatabase(name)
	}()
}

// stop ends the copying and drops every copy.
func (c *databaseCopies) stop() {
	close(c.quit)
	c.wg.Wait()
	for {
		select {
		case d := <-c.ready:
			if d.err == nil {
				dropDatabase(d.name)
			}
		default:
			return
		}
	}
}

func connect(dsn string) error {
	connector, err := pq.NewConnector(dsn)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return err
	}
	admin = db
	return nil
}

// connectorDSN is the DSN of the tests with database name.
func connectorDSN(name string) string {
	return pgtest.WithDatabase(settings.DSN, name, nil)
}

func createMigrated(name string) error {
	if _, err := admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name)); err != nil {
		return err
	}
	db, err := openConfig(name, nil)
	if err != nil {
		return err
	}
	for _, schema := range []string{postgres.DefaultSchema, otherSchema} {
		if err := postgres.New(db, postgres.WithSchema(schema)).Migrate(context.Background()); err != nil {
			db.Close()
			return err
		}
	}
	db.Close()
	// A pooler between the tests and the server may hold on to the
	// connection; a template must have none.
	return pgtest.DisconnectAll(admin, name)
}

func dropDatabase(name string) {
	if _, err := admin.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)"); err != nil {
		fmt.Fprintf(os.Stderr, "dropping test database %s: %v\n", name, err)
	}
}

// redact hides a password in a URL DSN.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	if strings.Contains(dsn, "password") {
		return "(the DSN given)"
	}
	return dsn
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requireDB skips the test when no server is reachable. It reads the
// settings again, so that go test's cache learns that the test depends on
// them (see internal/pgtest).
func requireDB(t testing.TB) {
	t.Helper()
	if _, err := pgtest.Settings(); err != nil {
		t.Fatal(err)
	}
	if skipReason != "" {
		t.Skip(skipReason)
	}
}

// openConfig opens a pool on database name, with extra run-time
// parameters.
func openConfig(name string, runtime map[string]string) (*sql.DB, error) {
	connector, err := connectorFor(name, runtime)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(connector), nil
}

func connectorFor(name string, runtime map[string]string) (driver.Connector, error) {
	return settings.Connector(pgtest.WithDatabase(settings.DSN, name, runtime))
}

// openDB opens a pool on database name for the test.
func openDB(t testing.TB, name string, runtime map[string]string) *sql.DB {
	t.Helper()
	requireDB(t)
	db, err := openConfig(name, runtime)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newDatabase creates a database for the test, a copy of the migrated
// template (or empty when migrated is false), and drops it afterwards.
func newDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	requireDB(t)
	if migrated {
		name, err := copies.take()
		if err != nil {
			t.Fatalf("copying the template database: %v", err)
		}
		t.Cleanup(func() { copies.discard(name) })
		return name
	}
	name := fmt.Sprintf("%s_%d", sharedDB, dbSeq.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() { dropDatabase(name) })
	return name
}

// sharedStore returns a store on the run's shared database and a pool for
// looking at it directly.
func sharedStore(t testing.TB, opts ...postgres.Option) (*postgres.Store, *sql.DB) {
	t.Helper()
	db := openDB(t, sharedDB, nil)
	return postgres.New(db, opts...), db
}

// freshStore returns a store on a database of its own, migrated and empty.
func freshStore(t testing.TB, opts ...postgres.Option) (*postgres.Store, *sql.DB) {
	t.Helper()
	db := openDB(t, newDatabase(t, true), nil)
	s := postgres.New(db, opts...)
	// Runs before the pool closes: the sealer stops first.
	t.Cleanup(func() { s.Close() })
	return s, db
}

// countingStore returns a store on database name whose statements are
// counted.
func countingStore(t testing.TB, name string) (*postgres.Store, *sqlcount.Connector) {
	t.Helper()
	requireDB(t)
	connector, err := connectorFor(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	counter := sqlcount.New(connector)
	db := sql.OpenDB(counter)
	t.Cleanup(func() { db.Close() })
	// No background sealer: its statements would be counted too.
	s := postgres.New(db, postgres.WithBackgroundSealer(false))
	// The store checks the schema before its first use; done here, the
	// check is not counted as part of the first operation a test counts.
	if err := s.CheckSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	counter.Reset()
	return s, counter
}

// uniq returns a name unique in the run, for rows in the shared database.
func uniq(prefix string) string { return prefix + "-" + randomHex(6) }
