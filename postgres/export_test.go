package postgres

import (
	"context"
	"database/sql"
)

// SetUpdateIsolation sets the isolation level of s's Update transactions,
// so a test can provoke serialization failures.
func SetUpdateIsolation(s *Store, level sql.IsolationLevel) { s.isolation = level }

// MigrateTo applies the migrations up to and including version, so a test
// can put data in an older schema and watch a later migration move it.
func MigrateTo(ctx context.Context, s *Store, version int) error { return s.migrate(ctx, version) }

// ServerError returns the SQLSTATE and the constraint of the server error
// in err's chain, as the store reads them, whichever driver reported it.
func ServerError(err error) (code, constraint string, ok bool) {
	pe, ok := serverError(err)
	return pe.code, pe.constraint, ok
}

// PreparedStatements reports whether s sends its statements prepared.
func PreparedStatements(s *Store) bool { return s.stmts.prepared() }

// SharedSessions runs the probe that tells whether db's connections share
// server sessions (a pooler in transaction mode).
func SharedSessions(ctx context.Context, db *sql.DB) (bool, error) { return sharedSessions(ctx, db) }

// QualifyText is the store's qualification of a statement's text for the
// schema whose quoted name is quoted.
func QualifyText(text, quoted string) string { return qualifyText(text, quoted) }

// Qualifier returns the store's qualification of statement texts for the
// schema name, with its cache.
func Qualifier(name string) func(string) string { return newSchema(name).qualify }
