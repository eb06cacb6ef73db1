package postgres_test

import (
	"database/sql"
	"testing"

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

var _ storetest.AuditTamperer = tamperable{}

func (s tamperable) tamper(t *testing.T, stmt string, args ...any) {
	t.Helper()
	tx, err := s.db.Begin()
	require.NoError(t, err)
	defer tx.Rollback()
	for _, q := range []string{
		"ALTER TABLE carenet.audit_events DISABLE TRIGGER USER",
		"ALTER TABLE carenet.audit_head DISABLE TRIGGER USER",
	} {
		_, err = tx.Exec(q)
		require.NoError(t, err, q)
	}
	_, err = tx.Exec(stmt, args...)
	require.NoError(t, err)
	for _, q := range []string{
		"ALTER TABLE carenet.audit_events ENABLE TRIGGER USER",
		"ALTER TABLE carenet.audit_head ENABLE TRIGGER USER",
	} {
		_, err = tx.Exec(q)
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
