// Package sqlcount wraps a database/sql/driver.Connector so that tests can
// count and read the statements a pool sends to the server: how many round
// trips an operation costs, and the exact text and arguments of a statement
// (to EXPLAIN it, for instance).
//
//	counter := sqlcount.New(connector)
//	db := sql.OpenDB(counter)
//	counter.Reset()
//	... run the operation ...
//	n := len(counter.Statements())
//
// Statements are what the driver is asked to run (a query or an exec).
// Transaction control (BEGIN, COMMIT, ROLLBACK) is counted apart.
package sqlcount

import (
	"context"
	"database/sql/driver"
	"sync"
)

// Statement is one statement sent: its text and arguments.
type Statement struct {
	SQL  string
	Args []any
}

// Connector is a driver.Connector that records what its connections send.
// It is safe for concurrent use.
type Connector struct {
	base driver.Connector

	mu         sync.Mutex
	statements []Statement
	txControl  int
}

// New wraps base.
func New(base driver.Connector) *Connector { return &Connector{base: base} }

// Connect opens a connection of the wrapped connector and wraps it.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &wrappedConn{Conn: conn, c: c}, nil
}

// Driver returns the wrapped connector's driver.
func (c *Connector) Driver() driver.Driver { return c.base.Driver() }

// Reset forgets everything recorded so far.
func (c *Connector) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statements = nil
	c.txControl = 0
}

// Statements returns the statements sent since the last Reset, in order.
func (c *Connector) Statements() []Statement {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Statement(nil), c.statements...)
}

// TxControl returns how many BEGIN, COMMIT and ROLLBACK were sent since the
// last Reset.
func (c *Connector) TxControl() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.txControl
}

func (c *Connector) record(query string, args []driver.NamedValue) {
	values := make([]any, len(args))
	for i, a := range args {
		values[i] = a.Value
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statements = append(c.statements, Statement{SQL: query, Args: values})
}

func (c *Connector) control() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.txControl++
}

// wrappedConn wraps a driver connection, passing on every optional interface the
// wrapped one has.
type wrappedConn struct {
	driver.Conn
	c *Connector
}

var (
	_ driver.ConnBeginTx        = (*wrappedConn)(nil)
	_ driver.ConnPrepareContext = (*wrappedConn)(nil)
	_ driver.QueryerContext     = (*wrappedConn)(nil)
	_ driver.ExecerContext      = (*wrappedConn)(nil)
	_ driver.Pinger             = (*wrappedConn)(nil)
	_ driver.SessionResetter    = (*wrappedConn)(nil)
	_ driver.Validator          = (*wrappedConn)(nil)
	_ driver.NamedValueChecker  = (*wrappedConn)(nil)
)

func (w *wrappedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, ok := w.Conn.(driver.ConnBeginTx)
	if !ok {
		return nil, errNotSupported
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	w.c.control()
	return wrappedTx{tx, w.c}, nil
}

func (w *wrappedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := w.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = w.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &wrappedStmt{Stmt: st, c: w.c, query: query}, nil
}

func (w *wrappedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := w.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	w.c.record(query, args)
	return q.QueryContext(ctx, query, args)
}

func (w *wrappedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := w.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	w.c.record(query, args)
	return e.ExecContext(ctx, query, args)
}

func (w *wrappedConn) Ping(ctx context.Context) error {
	if p, ok := w.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (w *wrappedConn) ResetSession(ctx context.Context) error {
	if r, ok := w.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (w *wrappedConn) IsValid() bool {
	if v, ok := w.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (w *wrappedConn) CheckNamedValue(nv *driver.NamedValue) error {
	if c, ok := w.Conn.(driver.NamedValueChecker); ok {
		return c.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type wrappedTx struct {
	driver.Tx
	c *Connector
}

func (t wrappedTx) Commit() error {
	t.c.control()
	return t.Tx.Commit()
}

func (t wrappedTx) Rollback() error {
	t.c.control()
	return t.Tx.Rollback()
}

type wrappedStmt struct {
	driver.Stmt
	c     *Connector
	query string
}

func (s *wrappedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.record(s.query, args)
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	return nil, errNotSupported
}

func (s *wrappedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.record(s.query, args)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	return nil, errNotSupported
}

type notSupported struct{}

func (notSupported) Error() string {
	return "sqlcount: the wrapped driver lacks a context-aware method"
}

var errNotSupported error = notSupported{}
