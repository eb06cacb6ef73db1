package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/postgres"
)

// TestGrantPrintIsTheStatements prints, without a database, the statements
// Store.Grant runs, in one transaction, and as JSON with -json.
func TestGrantPrintIsTheStatements(t *testing.T) {
	stmts, err := postgres.GrantStatements("app")
	require.NoError(t, err)
	r := runIn("", "", "grant", "-role", "app", "-print")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "BEGIN;\n"+strings.Join(stmts, ";\n")+";\nCOMMIT;\n", r.stdout)

	r = runIn("", "", "grant", "-role", "app", "-print", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var out struct {
		Role       string   `json:"role"`
		Statements []string `json:"statements"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.Equal(t, "app", out.Role)
	assert.Equal(t, stmts, out.Statements)
}

// TestGrantRefusesABadRoleAsUsage exits 2 naming -role for a missing or
// malformed role, before any database is asked.
func TestGrantRefusesABadRoleAsUsage(t *testing.T) {
	for _, args := range [][]string{{"grant"}, {"grant", "-role", "App"}, {"grant", "-role", "pg_read_all_data", "-print"}} {
		r := runIn("postgres://nobody@127.0.0.1:1/none?sslmode=disable", "", args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "-role", "%v", args)
		assert.Empty(t, r.stdout)
	}
}

// TestGrantGivesTheRoleWhatTheSDKNeeds runs grant as the owner of a
// migrated database: the role may read and append to the audit log, not
// change or truncate it; a role that does not exist is refused (exit 1).
func TestGrantGivesTheRoleWhatTheSDKNeeds(t *testing.T) {
	server, err := sql.Open("postgres", pgtest.BaseDSN())
	require.NoError(t, err)
	t.Cleanup(func() { server.Close() })
	var may bool
	if err := server.QueryRow("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").Scan(&may); err != nil {
		pgtest.NewDatabase(t) // skips, or fails under CI, saying why
		t.Fatal(err)
	}
	if !may {
		if os.Getenv("CI") != "" {
			t.Fatal("the test user may not create roles (CREATEROLE)")
		}
		t.Skip("the test user may not create roles (CREATEROLE)")
	}
	role := "carenet_cli_app_" + randomSuffix(t, server)
	_, err = server.Exec("CREATE ROLE " + pq.QuoteIdentifier(role) + " NOLOGIN")
	require.NoError(t, err)
	t.Cleanup(func() { // after the database, and the privileges in it, are dropped
		_, err := server.Exec("DROP ROLE " + pq.QuoteIdentifier(role))
		assert.NoError(t, err)
	})
	dsn := migrated(t)
	db, err := sql.Open("postgres", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })

	r := runIn(dsn, "", "grant", "-role", role, "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"role": "`+role+`"`)
	for priv, want := range map[string]bool{"SELECT": true, "INSERT": true, "UPDATE": false, "DELETE": false, "TRUNCATE": false, "TRIGGER": false} {
		var has bool
		require.NoError(t, db.QueryRow("SELECT has_table_privilege($1, 'carenet.audit_events', $2)", role, priv).Scan(&has))
		assert.Equal(t, want, has, "%s on carenet.audit_events", priv)
	}
	var create bool
	require.NoError(t, db.QueryRow("SELECT has_schema_privilege($1, 'carenet', 'CREATE')", role).Scan(&create))
	assert.False(t, create, "no CREATE on the schema")

	r = runIn(dsn, "", "grant", "-role", "nobody_"+role)
	assert.Equal(t, exitFailed, r.code, r.stderr)
	assert.Contains(t, r.stderr, "does not exist")
}

// randomSuffix is a short random name part, from the server.
func randomSuffix(t *testing.T, db *sql.DB) string {
	t.Helper()
	var s string
	require.NoError(t, db.QueryRow("SELECT substr(md5(random()::text), 1, 10)").Scan(&s))
	return s
}
