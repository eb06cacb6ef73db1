package postgres

import "database/sql"

// SetUpdateIsolation sets the isolation level of s's Update transactions,
// so a test can provoke serialization failures.
func SetUpdateIsolation(s *Store, level sql.IsolationLevel) { s.isolation = level }
