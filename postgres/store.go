package postgres

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"

	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// Store is the PostgreSQL store. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	owned   bool // Open opened db, so Close closes it
	retries int
	backoff time.Duration
	// isolation is the level of Update transactions (see the package
	// comment); tests raise it to provoke serialization failures.
	isolation sql.IsolationLevel
	// seal is the background sealer of the audit log; syncSeal makes
	// Update seal its events before it returns (WithSyncSealing);
	// noSealer turns the background sealer off (WithBackgroundSealer).
	seal     *sealer
	syncSeal bool
	noSealer bool
	// schemaChecked is set once the schema proved to be this release's
	// (see CheckSchema).
	schemaChecked atomic.Bool
	// stmts are the statements prepared on the pool's connections, and the
	// way statements are sent (WithPreparedStatements).
	stmts *statements
	// schema is the schema the store's tables are in (WithSchema); pool
	// is db seen from it.
	schema *schema
	pool   queryer
	// groups are the security groups' definitions authenticating a
	// session needs, kept exact by their row versions (groupCache).
	groups *groupCache
}

// Option tunes a Store.
type Option func(*Store)

// WithRetries sets how many times Update and View run their function again
// after a serialization failure or a deadlock (default 5). Zero turns
// retrying off.
func WithRetries(n int) Option {
	return func(s *Store) {
		if n >= 0 {
			s.retries = n
		}
	}
}

// WithRetryBackoff sets the base pause before a retry (default 5ms). The
// pause doubles with each retry, up to 32 times the base, and is jittered.
func WithRetryBackoff(d time.Duration) Option {
	return func(s *Store) {
		if d >= 0 {
			s.backoff = d
		}
	}
}

// WithPreparedStatements says whether the store sends its statements as
// prepared statements of each connection, planned once per connection
// (true), or has each one parsed and planned on every call (false). Without
// this option the store decides when it checks the schema: prepared,
// unless the pool's connections are seen to share server sessions, as they
// do through a pooler in transaction mode (see "Planned once" in the
// package comment). Set false behind a pooler that cannot follow prepared
// statements from one server connection to another (pgbouncer before 1.21,
// or without max_prepared_statements, in transaction or statement mode);
// true behind one that can, which the store cannot tell apart.
func WithPreparedStatements(on bool) Option {
	return func(s *Store) {
		if on {
			s.stmts.mode.Store(stmtPrepared)
		} else {
			s.stmts.mode.Store(stmtUnprepared)
		}
	}
}

// New returns a Store over db, a pool opened with any database/sql driver
// for PostgreSQL: lib/pq, or pgx's github.com/jackc/pgx/v5/stdlib. The
// store reads a failure's SQLSTATE, not the driver's error type, so both
// give the same error codes and the same retries. The host keeps ownership
// of db: Close does not close it. Call Migrate before first use. Stores on
// different schemas (WithSchema) may share one pool.
func New(db *sql.DB, opts ...Option) *Store {
	s := &Store{db: db, retries: 5, backoff: 5 * time.Millisecond, isolation: sql.LevelReadCommitted,
		seal: newSealer(DefaultSealInterval), stmts: newStatements(db), schema: newSchema(DefaultSchema), groups: newGroupCache()}
	for _, o := range opts {
		o(s)
	}
	s.pool = s.on(db)
	return s
}

// Open opens a pool for dsn (a PostgreSQL URL or key=value string, as
// lib/pq reads it) and returns a Store over it that Close closes. It does
// not connect: the first call that needs the database does. Returns Invalid
// if dsn cannot be parsed, or if WithSchema names a schema
// ValidateSchemaName refuses.
func Open(dsn string, opts ...Option) (*Store, error) {
	connector, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, carenet.E("postgres.Open", carenet.Invalid, "the database address is not valid", err)
	}
	if err := schemaOf(opts).err; err != nil {
		return nil, err
	}
	s := New(sql.OpenDB(connector), opts...)
	s.owned = true
	return s, nil
}

// Close stops the audit log's background sealer, closes the statements
// the store prepared, and closes the pool if Open opened it; a pool handed
// to New is left to its owner. Returns Internal if closing fails.
func (s *Store) Close() error {
	s.stopSealer()
	s.stmts.close()
	if !s.owned {
		return nil
	}
	if err := s.db.Close(); err != nil {
		return carenet.E("postgres.Close", carenet.Internal, "", err)
	}
	return nil
}

// DB returns the pool the store uses.
func (s *Store) DB() *sql.DB { return s.db }

// Audit returns the transaction boundary of the audit package. The value
// also implements audit.Sealer.
func (s *Store) Audit() carenet.Transactor[audit.Tx] {
	return auditBoundary{boundary[audit.Tx]{s: s, as: func(t *txn) audit.Tx { return t }}}
}

// auditBoundary is audit's boundary with the sealer.
type auditBoundary struct {
	boundary[audit.Tx]
}

// Seal seals every event committed before the call (see Store.Seal).
func (b auditBoundary) Seal(ctx context.Context) (audit.Head, error) { return b.s.Seal(ctx) }

// Auth returns the transaction boundary of the auth package. The value also
// implements auth.SessionLooker.
func (s *Store) Auth() auth.Store {
	return authBoundary{boundary[auth.Tx]{s: s, as: func(t *txn) auth.Tx { return t }}}
}

// Personnel returns the transaction boundary of the personnel package.
func (s *Store) Personnel() personnel.Store {
	return boundary[personnel.Tx]{s: s, as: func(t *txn) personnel.Tx { return t }}
}

// Video returns the transaction boundary of the video package.
func (s *Store) Video() video.Store {
	return boundary[video.Tx]{s: s, as: func(t *txn) video.Tx { return t }}
}

// Referral returns the transaction boundary of the referral package.
func (s *Store) Referral() referral.Store {
	return boundary[referral.Tx]{s: s, as: func(t *txn) referral.Tx { return t }}
}

// boundary adapts the store's one transaction type to the handle a package
// asks for. A later package adds a method to txn for each repository it
// needs and a Store method returning boundary[itspackage.Tx].
type boundary[T any] struct {
	s  *Store
	as func(*txn) T
}

// Update runs fn in a read-write transaction (see the package comment).
func (b boundary[T]) Update(ctx context.Context, fn func(tx T) error) error {
	return b.s.run(ctx, false, func(t *txn) error { return fn(b.as(t)) })
}

// View runs fn in a read-only transaction on one snapshot.
func (b boundary[T]) View(ctx context.Context, fn func(tx T) error) error {
	return b.s.run(ctx, true, func(t *txn) error { return fn(b.as(t)) })
}

// authBoundary is auth's boundary with the optional session lookup.
type authBoundary struct {
	boundary[auth.Tx]
}

// LookupSession returns the facts of the session with the token hash, read
// with one statement outside any transaction. NotFound if there is no such
// session; revoked and expired sessions are returned too.
func (b authBoundary) LookupSession(ctx context.Context, tokenHash string) (auth.SessionFacts, error) {
	if err := b.s.schemaReady(ctx); err != nil {
		return auth.SessionFacts{}, err
	}
	facts, err := lookupSession(ctx, b.s.stmts.on(b.s.pool, lookupOp), b.s.groups, tokenHash)
	if err != nil && b.s.stmts.stale(err) {
		facts, err = lookupSession(ctx, b.s.stmts.on(b.s.pool, lookupOp), b.s.groups, tokenHash)
	}
	if err != nil {
		return auth.SessionFacts{}, dbError(ctx, lookupOp, err)
	}
	return facts, nil
}

// The one transaction type serves every package, and the boundaries are
// the packages' stores.
var (
	_ audit.Tx                         = (*txn)(nil)
	_ auth.Tx                          = (*txn)(nil)
	_ personnel.Tx                     = (*txn)(nil)
	_ carenet.Transactor[audit.Tx]     = auditBoundary{}
	_ audit.Sealer                     = auditBoundary{}
	_ auth.Store                       = authBoundary{}
	_ auth.SessionLooker               = authBoundary{}
	_ carenet.Transactor[personnel.Tx] = boundary[personnel.Tx]{}
	_ video.Tx                         = (*txn)(nil)
	_ referral.Tx                      = (*txn)(nil)
	_ video.Store                      = boundary[video.Tx]{}
	_ referral.Store                   = boundary[referral.Tx]{}
)
