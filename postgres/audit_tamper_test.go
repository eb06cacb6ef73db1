package postgres_test

import (
	"database/sql"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/storetest"
)

// tamperable is the store with the suite's attacker: the tables' owner,
// who switches the log's triggers off for one transaction and changes its
// tables (no superuser needed, so the suite runs as any role that can
// create a database).
type tamperable struct {
	*postgres.Store
	db *sql.DB
}

var (
	_ storetest.AuditTamperer = tamperable{}
	_ storetest.Neighbors     = tamperable{}
)

// Neighbor returns a store on the other schema of the same database, over
// the same pool: the default schema's neighbor is otherSchema, and
// otherSchema's the default.
func (s tamperable) Neighbor(t *testing.T) storetest.Store {
	other := otherSchema
	if s.Schema() == otherSchema {
		other = postgres.DefaultSchema
	}
	n := postgres.New(s.db, postgres.WithSchema(other))
	t.Cleanup(func() { n.Close() })
	return tamperable{Store: n, db: s.db}
}

func (s tamperable) tamper(t *testing.T, stmt string, args ...any) {
	t.Helper()
	tx, err := s.db.Begin()
	require.NoError(t, err)
	defer tx.Rollback()
	// The statements name the schema carenet, as the store's do.
	in := func(q string) string { return postgres.QualifyText(q, pq.QuoteIdentifier(s.Schema())) }
	for _, q := range []string{
		"ALTER TABLE carenet.audit_events DISABLE TRIGGER USER",
		"ALTER TABLE carenet.audit_head DISABLE TRIGGER USER",
	} {
		_, err = tx.Exec(in(q))
		require.NoError(t, err, q)
	}
	_, err = tx.Exec(in(stmt), args...)
	require.NoError(t, err)
	for _, q := range []string{
		"ALTER TABLE carenet.audit_events ENABLE TRIGGER USER",
		"ALTER TABLE carenet.audit_head ENABLE TRIGGER USER",
	} {
		_, err = tx.Exec(in(q))
		require.NoError(t, err, q)
	}
	require.NoError(t, tx.Commit())
}

func (s tamperable) TruncateAudit(t *testing.T, keep int64) {
	s.tamper(t, "DELETE FROM carenet.audit_events WHERE seq > $1", keep)
}

func (s tamperable) AlterAudit(t *testing.T, seq int64, targetID string) {
	s.tamper(t, "UPDATE carenet.audit_events SET target_id = $2 WHERE seq = $1", seq, targetID)
}

func (s tamperable) SetAuditHead(t *testing.T, h audit.Head) {
	s.tamper(t, "UPDATE carenet.audit_head SET seq = $1, hash = $2", h.Seq, h.Hash)
}
