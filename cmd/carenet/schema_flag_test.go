package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// TestSchemaFlagChoosesTheSchema migrates one schema with migrate and
// another with the printed SQL, creates an administrator in one of them,
// and checks that each command acted on its schema alone: the other
// schemas, the default's among them, hold nothing of it.
func TestSchemaFlagChoosesTheSchema(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	db, err := sql.Open("postgres", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()

	r := runIn(dsn, "", "-schema", "center_a", "migrate")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `^schema center_a at version \d+\n$`, r.stdout)

	r = runIn("", "", "migrate", "-print", "-schema", "center_b")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `CREATE TABLE "center_b".people`)
	assert.NotContains(t, r.stdout, "CREATE TABLE carenet.")
	_, err = db.Exec(r.stdout)
	require.NoError(t, err, "the SQL printed for center_b applies")
	for _, schema := range []string{"center_a", "center_b"} {
		require.NoError(t, postgres.New(db, postgres.WithSchema(schema)).CheckSchema(ctx), "%s is migrated", schema)
	}
	err = postgres.New(db).CheckSchema(ctx)
	require.ErrorContains(t, err, `schema "carenet" is not migrated`, "neither touched the default schema")

	r = runIn(dsn, "", "create-admin", "-schema", "center_a", "-given", "Ada", "-family", "Admin", "-username", "ada", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	for schema, want := range map[string]int{"center_a": 1, "center_b": 0} {
		var people []personnel.Person
		require.NoError(t, postgres.New(db, postgres.WithSchema(schema)).Personnel().View(ctx, func(tx personnel.Tx) (err error) {
			people, err = tx.People().Search(ctx, personnel.SearchQuery{Terms: []string{"ada"}, States: []personnel.State{personnel.Active}, Limit: 10})
			return err
		}))
		assert.Len(t, people, want, "administrators in %s", schema)
	}

	// A command on a schema never migrated says which and what to do.
	r = runIn(dsn, "", "-schema", "center_c", "sweep")
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stderr, `schema "center_c" is not migrated`)
	assert.Contains(t, r.stderr, "carenet migrate -schema center_c")
}

// TestSchemaFlagRefusesABadName exits 2 naming -schema and the rule, for
// each command and in either place, before any database is asked.
func TestSchemaFlagRefusesABadName(t *testing.T) {
	for _, args := range [][]string{
		{"-schema", "Center", "migrate"},
		{"migrate", "-schema", "pg_center", "-print"},
		{"grant", "-role", "app", "-print", "-schema", "center-1"},
		{"-schema", "", "sweep"},
		{"audit", "verify", "-schema", strings.Repeat("c", 64)},
	} {
		r := runIn("postgres://nobody@127.0.0.1:1/none?sslmode=disable", "", args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "-schema", "%v", args)
		assert.Empty(t, r.stdout, "%v", args)
	}
	r := runIn("", "", "-schema", "Center", "migrate")
	assert.Contains(t, r.stderr, "lower-case letters, digits and underscores")
}

// TestGrantPrintIsForTheSchema prints grants on the schema -schema names.
func TestGrantPrintIsForTheSchema(t *testing.T) {
	stmts, err := postgres.GrantStatements("app", postgres.WithSchema("center_a"))
	require.NoError(t, err)
	r := runIn("", "", "grant", "-role", "app", "-print", "-schema", "center_a")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "BEGIN;\n"+strings.Join(stmts, ";\n")+";\nCOMMIT;\n", r.stdout)
	assert.Contains(t, r.stdout, `GRANT USAGE ON SCHEMA "center_a" TO "app"`)
	assert.NotContains(t, r.stdout, "carenet")
}
