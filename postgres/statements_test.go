package postgres_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/postgres"
)

// directStore returns a store that sends its statements prepared, over a
// pool of one connection (so a test sees that connection's prepared
// statements), with the services. It skips behind a pooler that shares
// server sessions, where prepared statements are off.
func directStore(t *testing.T) (*services, *sql.DB) {
	t.Helper()
	// pgx's own statement cache (its default mode) would lose its
	// statements too when a test throws the connection's away: these
	// tests are about the store's.
	var runtime map[string]string
	if settings.Driver == pgtest.DriverPGX {
		runtime = map[string]string{"default_query_exec_mode": "exec"}
	}
	db := openDB(t, newDatabase(t, true), runtime)
	if shared, err := postgres.SharedSessions(ctx, db); err != nil || shared {
		t.Skipf("the pool's connections share server sessions (a pooler in transaction mode?), err %v: prepared statements stay off there", err)
	}
	db.SetMaxOpenConns(1)
	s := postgres.New(db, postgres.WithPreparedStatements(true))
	t.Cleanup(func() { s.Close() })
	require.True(t, postgres.PreparedStatements(s))
	return newServices(t, s), db
}

// sessionStatementUses returns how many times the connection ran the
// statement that authenticates a session as a prepared statement, and how
// many of those runs used the generic plan (one made once for any token).
func sessionStatementUses(t *testing.T, db *sql.DB) (runs, generic int64) {
	t.Helper()
	err := db.QueryRowContext(ctx, `SELECT coalesce(sum(generic_plans + custom_plans), 0), coalesce(sum(generic_plans), 0)
		FROM pg_prepared_statements WHERE statement LIKE '%FROM carenet.sessions s JOIN carenet.accounts a%'`).Scan(&runs, &generic)
	require.NoError(t, err)
	return runs, generic
}

// TestSessionLookupPlannedOnce authenticates a session twenty times and
// reads the connection's prepared statements: the statement runs
// prepared, on a plan made once and reused, and gives what an unprepared
// store gives.
func TestSessionLookupPlannedOnce(t *testing.T) {
	sv, db := directStore(t)
	_, username := sv.user(t, "Planned")
	tok := sv.login(t, username).Token
	for range 20 {
		_, err := sv.auth.Authenticate(ctx, tok)
		require.NoError(t, err)
	}
	runs, generic := sessionStatementUses(t, db)
	require.GreaterOrEqual(t, runs, int64(15), "authenticating runs the prepared statement (the first calls go unprepared while it is prepared)")
	require.Greater(t, generic, int64(0), "the plan is made once and reused")

	unprepared := postgres.New(db, postgres.WithPreparedStatements(false))
	plain, err := auth.NewService(unprepared.Auth(), auth.Config{})
	require.NoError(t, err)
	want, err := plain.Authenticate(ctx, tok)
	require.NoError(t, err)
	got, err := sv.auth.Authenticate(ctx, tok)
	require.NoError(t, err)
	got.AuthenticatedAt = want.AuthenticatedAt
	require.Equal(t, want, got)
	_, err = sv.auth.Authenticate(ctx, tok+"x")
	_, wantErr := plain.Authenticate(ctx, tok+"x")
	require.Error(t, err)
	require.Equal(t, wantErr.Error(), err.Error())
}

// TestPreparedStatementsLostAreHealed throws the connection's prepared
// statements away behind the store's back (as a pooler does by handing
// the client another server connection): the next session lookup and the
// next deactivation, whose statements were prepared, still succeed with
// the right result, and the store sends its statements unprepared from
// then on.
func TestPreparedStatementsLostAreHealed(t *testing.T) {
	sv, db := directStore(t)
	var people []string
	var tokens []string
	for range 4 {
		p, username := sv.user(t, "Healed")
		people = append(people, p.ID)
		tokens = append(tokens, sv.login(t, username).Token)
	}
	// Twice each, so that the statements are prepared and used.
	for i := range 2 {
		_, err := sv.auth.Authenticate(ctx, tokens[i])
		require.NoError(t, err)
		_, err = sv.people.Deactivate(ctx, sv.admin, people[i], "left")
		require.NoError(t, err)
	}
	for range 5 {
		_, err := sv.auth.Authenticate(ctx, tokens[2])
		require.NoError(t, err)
	}
	runs, _ := sessionStatementUses(t, db)
	require.Greater(t, runs, int64(0), "the lookup ran prepared")

	_, err := db.ExecContext(ctx, "DEALLOCATE ALL")
	require.NoError(t, err)
	p, err := sv.auth.Authenticate(ctx, tokens[3])
	require.NoError(t, err, "the lookup runs again unprepared")
	require.Equal(t, people[3], p.PersonID)
	require.False(t, postgres.PreparedStatements(sv.store), "prepared statements are off once lost")

	d, err := sv.people.Deactivate(ctx, sv.admin, people[2], "left")
	require.NoError(t, err)
	require.True(t, d.LoginDisabled)
	require.Equal(t, 1, d.SessionsRevoked)
	_, err = sv.auth.Authenticate(ctx, tokens[2])
	require.Error(t, err, "the session ended with the deactivation")
}

// TestPreparedStatementsLostInATransaction is the same in a transaction:
// a deactivation whose statements were prepared on the connection, after
// the connection lost them, runs again unprepared and succeeds once.
func TestPreparedStatementsLostInATransaction(t *testing.T) {
	sv, db := directStore(t)
	var people []string
	for range 3 {
		p, username := sv.user(t, "Replayed")
		sv.login(t, username)
		people = append(people, p.ID)
	}
	for i := range 2 {
		_, err := sv.people.Deactivate(ctx, sv.admin, people[i], "left")
		require.NoError(t, err)
	}
	_, err := db.ExecContext(ctx, "DEALLOCATE ALL")
	require.NoError(t, err)
	require.True(t, postgres.PreparedStatements(sv.store))
	d, err := sv.people.Deactivate(ctx, sv.admin, people[2], "left")
	require.NoError(t, err)
	require.True(t, d.PersonDeactivated)
	require.Equal(t, 1, d.SessionsRevoked)
	require.False(t, postgres.PreparedStatements(sv.store))
	var events int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM carenet.audit_pending WHERE target_id = $1 AND action = 'personnel.deactivated')
		+ (SELECT count(*) FROM carenet.audit_events WHERE target_id = $1 AND action = 'personnel.deactivated')`, people[2]).Scan(&events))
	require.Equal(t, 1, events, "the replayed deactivation is audited once")
}

// TestPreparedStatementsOffWhenSessionsAreShared gives the store a pool
// whose connections all share one server session, as a pooler in
// transaction mode with one server connection does: the store sees it and
// sends its statements unprepared, so that no connection runs a statement
// another one prepared; a direct pool gets them prepared.
func TestPreparedStatementsOffWhenSessionsAreShared(t *testing.T) {
	requireDB(t)
	name := newDatabase(t, true)
	base, err := connectorFor(name, nil)
	require.NoError(t, err)
	shared := &sharedSessionConnector{base: base}
	db := sql.OpenDB(shared)
	t.Cleanup(func() { db.Close(); shared.close() })
	isShared, err := postgres.SharedSessions(ctx, db)
	require.NoError(t, err)
	require.True(t, isShared)

	// No sealer: the one server connection serves one client at a time.
	s := postgres.New(db, postgres.WithBackgroundSealer(false))
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.CheckSchema(ctx))
	require.False(t, postgres.PreparedStatements(s))
	sv := newServices(t, s)
	_, username := sv.user(t, "Shared")
	tok := sv.login(t, username).Token
	for range 10 {
		_, err := sv.auth.Authenticate(ctx, tok)
		require.NoError(t, err)
	}
	var n int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%carenet.%' AND statement NOT LIKE '%pg_prepared_statements%'").Scan(&n))
	require.Zero(t, n, "no statement of the store's is left prepared in the shared session")

	one := openDB(t, name, nil)
	one.SetMaxOpenConns(1)
	s1 := postgres.New(one)
	t.Cleanup(func() { s1.Close() })
	require.NoError(t, s1.CheckSchema(ctx))
	require.False(t, postgres.PreparedStatements(s1), "a pool of one connection cannot be told apart from a pooler")
}

// sharedSessionConnector hands out connections that all run on one
// server connection: a pooler in transaction mode with one server
// connection, for a client that uses one connection at a time.
type sharedSessionConnector struct {
	base driver.Connector
	mu   sync.Mutex
	conn driver.Conn
}

func (c *sharedSessionConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		conn, err := c.base.Connect(ctx)
		if err != nil {
			return nil, err
		}
		c.conn = conn
	}
	return sharedConn{c.conn}, nil
}

func (c *sharedSessionConnector) Driver() driver.Driver { return c.base.Driver() }

func (c *sharedSessionConnector) close() {
	if c.conn != nil {
		c.conn.Close()
	}
}

// sharedConn is one client connection on the shared one: closing it
// leaves the shared one open.
type sharedConn struct{ driver.Conn }

func (sharedConn) Close() error { return nil }

func (c sharedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c sharedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}
