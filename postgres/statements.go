package postgres

import (
	"container/list"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sq "github.com/Masterminds/squirrel"
)

// Planned once: the store sends its statements as prepared statements of
// each connection, so PostgreSQL parses and plans a statement once per
// server connection instead of on every call, and each call after the first
// is one round trip (bind and execute). See "Planned once" in the package
// comment for the design and for why it is safe behind poolers.

// maxPrepared is how many statement texts the store keeps prepared; the
// least recently used is closed when another one is prepared. The store
// sends far fewer distinct texts than this in ordinary use; statements
// whose text grows with their input (IN lists) are the ones that fall out.
const maxPrepared = 256

// The ways a store sends its statements.
const (
	// stmtUndecided: not decided yet (the pool is probed when the schema
	// is checked); statements go unprepared meanwhile.
	stmtUndecided int32 = iota
	// stmtPrepared: prepared once per connection, from the cache.
	stmtPrepared
	// stmtUnprepared: each statement parsed and planned on every call.
	stmtUnprepared
)

// SQLSTATEs that say that the prepared statements of a connection are not
// what the store prepared: a pooler handed the client connection another
// server connection (which lacks the statement, has one of the same name,
// or has one of the same name with other parameters), or the server threw
// its prepared statements away (DEALLOCATE ALL, DISCARD ALL).
const (
	invalidStatementName     = "26000"
	duplicatePreparedStmt    = "42P05"
	protocolViolation        = "08P01"
	featureNotSupported      = "0A000"
	cachedPlanChangedMessage = "cached plan must not change result type"
)

// statements is a store's cache of prepared statements, keyed by the
// statement's final SQL text (the text sent to the server), and its way of
// sending them. It is safe for concurrent use.
type statements struct {
	db   *sql.DB
	mode atomic.Int32
	// decide serializes the probe of the pool (see decide).
	decideMu sync.Mutex

	mu      sync.Mutex
	byText  map[string]*list.Element // of *preparedStmt
	lru     *list.List               // front: most recently used
	pending map[string]bool          // being prepared in the background
	closed  bool
	wg      sync.WaitGroup
}

// preparedStmt is one cached statement: users counts the calls running it,
// so that a statement evicted meanwhile is closed after the last of them.
type preparedStmt struct {
	text    string
	stmt    *sql.Stmt
	users   int
	evicted bool
}

func newStatements(db *sql.DB) *statements {
	return &statements{db: db, byText: map[string]*list.Element{}, lru: list.New(), pending: map[string]bool{}}
}

// prepared reports whether statements are sent prepared.
func (c *statements) prepared() bool { return c.mode.Load() == stmtPrepared }

// on returns what to run the statements of o on: base itself (a
// transaction or the pool) when statements go unprepared or o asks to be
// planned per call, else base through the cache.
func (c *statements) on(base queryer, o op) queryer {
	if o.planPerCall || !c.prepared() {
		return base
	}
	return plannedQueryer{c: c, base: base}
}

// decide settles how statements are sent when no option did: prepared,
// unless the pool shows that its connections share server sessions (a
// pooler in transaction or statement mode), or the probe cannot tell.
// It runs once per store; later calls return at once.
func (c *statements) decide(ctx context.Context) {
	if c.mode.Load() != stmtUndecided {
		return
	}
	c.decideMu.Lock()
	defer c.decideMu.Unlock()
	if c.mode.Load() != stmtUndecided {
		return
	}
	shared, err := sharedSessions(ctx, c.db)
	if err != nil || shared {
		c.mode.Store(stmtUnprepared)
		return
	}
	c.mode.Store(stmtPrepared)
}

// The session setting the probe writes and reads. A custom setting that
// any role may set; it holds a random value and nothing else.
const probeSetting = "carenet.session_probe"

// sharedSessions tells whether the pool's connections keep a server
// session of their own, as a direct connection does, or share them, as
// through a pooler in transaction or statement mode (pgbouncer), where a
// statement prepared by one client connection may be found, or missed, by
// another. It writes a random value into a session setting on one
// connection, then three times reads it back there and reads it on a
// second connection: a connection that loses its own value, or one that
// sees the other's, shares sessions. A pool of at most one connection
// cannot be told apart, and counts as shared.
func sharedSessions(ctx context.Context, db *sql.DB) (bool, error) {
	if db.Stats().MaxOpenConnections == 1 {
		return true, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	value := hex.EncodeToString(nonce)
	own, err := db.Conn(ctx)
	if err != nil {
		return true, err
	}
	defer own.Close()
	if _, err := execute(ctx, bare(own), psql.Select().Column(sq.Expr("set_config(?, ?, false)", probeSetting, value))); err != nil {
		return true, err
	}
	read := func(conn *sql.Conn) (string, error) {
		var v sql.NullString
		err := queryOne(ctx, bare(conn), psql.Select().Column(sq.Expr("current_setting(?, true)", probeSetting)), &v)
		return v.String, err
	}
	for range 3 {
		mine, err := read(own)
		if err != nil || mine != value {
			return true, err
		}
		other, err := db.Conn(ctx)
		if err != nil {
			return true, err
		}
		theirs, err := read(other)
		other.Close()
		if err != nil || theirs == value {
			return true, err
		}
	}
	_, _ = execute(ctx, bare(own), psql.Select().Column(sq.Expr("set_config(?, '', false)", probeSetting)))
	return false, nil
}

// stale tells whether err says that a connection's prepared statements
// are not the store's (see the SQLSTATEs above), and if so makes the store
// stop trusting them: a pooler that cannot follow prepared statements
// turns them off for good; a plan whose result type changed (a migration
// altered a table) empties the cache. The caller then runs its work again.
func (c *statements) stale(err error) bool {
	pe, ok := serverError(err)
	if !ok || c.mode.Load() != stmtPrepared {
		return false
	}
	switch {
	case pe.code == invalidStatementName || pe.code == duplicatePreparedStmt ||
		(pe.code == protocolViolation && strings.Contains(err.Error(), "prepared statement")):
		c.mode.Store(stmtUnprepared)
		c.evictAll()
		return true
	case pe.code == featureNotSupported && strings.Contains(err.Error(), cachedPlanChangedMessage):
		c.evictAll()
		return true
	}
	return false
}

// acquire returns the prepared statement for text, counted as in use until
// release; nil if it is not prepared yet, in which case it is prepared in
// the background for the next call.
func (c *statements) acquire(text string) *preparedStmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || !c.prepared() {
		return nil
	}
	if el, ok := c.byText[text]; ok {
		c.lru.MoveToFront(el)
		p := el.Value.(*preparedStmt)
		p.users++
		return p
	}
	if !c.pending[text] {
		c.pending[text] = true
		c.wg.Add(1)
		go c.prepare(text)
	}
	return nil
}

// release ends a use of p, closing it if it was evicted meanwhile.
func (c *statements) release(p *preparedStmt) {
	c.mu.Lock()
	p.users--
	closeIt := p.evicted && p.users == 0
	c.mu.Unlock()
	if closeIt {
		_ = p.stmt.Close()
	}
}

// prepare prepares text on the pool and caches it. It runs in the
// background, outside the transaction that first sent text: preparing
// there would take a second connection from the pool while holding one.
// A text that fails to prepare is not cached (running it reports the
// failure).
func (c *statements) prepare(text string) {
	defer c.wg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stmt, err := c.db.PrepareContext(ctx, text)
	if err != nil {
		c.stale(err)
	}
	c.mu.Lock()
	delete(c.pending, text)
	if err != nil || c.closed || !c.prepared() {
		c.mu.Unlock()
		if stmt != nil {
			_ = stmt.Close()
		}
		return
	}
	c.byText[text] = c.lru.PushFront(&preparedStmt{text: text, stmt: stmt})
	var unused []*sql.Stmt
	for c.lru.Len() > maxPrepared {
		if s := c.evictLocked(c.lru.Back()); s != nil {
			unused = append(unused, s)
		}
	}
	c.mu.Unlock()
	for _, s := range unused {
		_ = s.Close()
	}
}

// evictLocked takes el out of the cache and returns its statement if no
// call uses it, for the caller to close after unlocking.
func (c *statements) evictLocked(el *list.Element) *sql.Stmt {
	p := c.lru.Remove(el).(*preparedStmt)
	delete(c.byText, p.text)
	p.evicted = true
	if p.users == 0 {
		return p.stmt
	}
	return nil
}

// evictAll empties the cache.
func (c *statements) evictAll() {
	c.mu.Lock()
	var unused []*sql.Stmt
	for c.lru.Len() > 0 {
		if s := c.evictLocked(c.lru.Back()); s != nil {
			unused = append(unused, s)
		}
	}
	c.mu.Unlock()
	for _, s := range unused {
		_ = s.Close()
	}
}

// close waits for the preparations under way and closes every cached
// statement; later calls go unprepared.
func (c *statements) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.wg.Wait()
	c.evictAll()
}

// plannedQueryer runs statements on base (a transaction or the pool)
// through the cache: a statement prepared already runs as such (in a
// transaction, on the transaction's connection, prepared there first if it
// is not yet); another runs unprepared, and is prepared for the next call.
type plannedQueryer struct {
	c    *statements
	base queryer
}

// qualify qualifies text as base does: the statements are cached by the
// text qualified for the store's schema.
func (q plannedQueryer) qualify(text string) string { return q.base.qualify(text) }

// stmt returns p's statement for base.
func (q plannedQueryer) stmt(ctx context.Context, p *preparedStmt) *sql.Stmt {
	if in, ok := q.base.(inSchema); ok {
		if tx, ok := in.conn.(*sql.Tx); ok {
			return tx.StmtContext(ctx, p.stmt)
		}
	}
	return p.stmt
}

func (q plannedQueryer) QueryContext(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	p := q.c.acquire(text)
	if p == nil {
		return q.base.QueryContext(ctx, text, args...)
	}
	defer q.c.release(p)
	return q.stmt(ctx, p).QueryContext(ctx, args...)
}

func (q plannedQueryer) ExecContext(ctx context.Context, text string, args ...any) (sql.Result, error) {
	p := q.c.acquire(text)
	if p == nil {
		return q.base.ExecContext(ctx, text, args...)
	}
	defer q.c.release(p)
	return q.stmt(ctx, p).ExecContext(ctx, args...)
}
