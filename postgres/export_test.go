package postgres

import "database/sql"

// SetUpdateIsolation sets the isolation level of s's Update transactions,
// so a test can provoke serialization failures.
func SetUpdateIsolation(s *Store, level sql.IsolationLevel) { s.isolation = level }

// ServerError returns the SQLSTATE and the constraint of the server error
// in err's chain, as the store reads them, whichever driver reported it.
func ServerError(err error) (code, constraint string, ok bool) {
	pe, ok := serverError(err)
	return pe.code, pe.constraint, ok
}
