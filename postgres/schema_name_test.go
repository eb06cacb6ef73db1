package postgres_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/postgres"
)

// TestQualifyText checks what the store rewrites in a statement for a
// schema: the unquoted identifier carenet wherever statements are, and
// nothing in comments, literals, quoted identifiers or longer names.
func TestQualifyText(t *testing.T) {
	const q = `"center_12"`
	for _, c := range []struct{ in, want string }{
		{"SELECT id FROM carenet.people WHERE id = $1", `SELECT id FROM "center_12".people WHERE id = $1`},
		{"CREATE SCHEMA IF NOT EXISTS carenet;", `CREATE SCHEMA IF NOT EXISTS "center_12";`},
		{"SELECT 1 FROM CareNet.people", `SELECT 1 FROM "center_12".people`},
		{"INSERT INTO carenet.a SELECT * FROM carenet.b", `INSERT INTO "center_12".a SELECT * FROM "center_12".b`},
		// Longer names, qualified names and parameters are other tokens.
		{"SELECT portal_carenet, carenet_x, x.carenet FROM t", "SELECT portal_carenet, carenet_x, x.carenet FROM t"},
		// Comments, literals and quoted identifiers are not statements.
		{"-- carenet.people\nSELECT 1 FROM carenet.t", "-- carenet.people\nSELECT 1 FROM \"center_12\".t"},
		{"/* carenet /* nested carenet */ carenet */ carenet.t", `/* carenet /* nested carenet */ carenet */ "center_12".t`},
		{"SELECT 'carenet.people', 'it''s carenet', carenet.f()", `SELECT 'carenet.people', 'it''s carenet', "center_12".f()`},
		{`SELECT E'\' carenet', carenet.f()`, `SELECT E'\' carenet', "center_12".f()`},
		{`GRANT USAGE ON SCHEMA carenet TO "carenet"`, `GRANT USAGE ON SCHEMA "center_12" TO "carenet"`},
		// A dollar-quoted body is a function's statements.
		{"AS $$ BEGIN RAISE EXCEPTION 'carenet.h'; PERFORM carenet.f(); END $$", `AS $$ BEGIN RAISE EXCEPTION 'carenet.h'; PERFORM "center_12".f(); END $$`},
		{"AS $body$ SELECT carenet.f() $body$", `AS $body$ SELECT "center_12".f() $body$`},
		{"SELECT 1", "SELECT 1"},
	} {
		require.Equal(t, c.want, postgres.QualifyText(c.in, q), "qualifying %q", c.in)
		// Qualifying twice changes nothing more.
		require.Equal(t, c.want, postgres.QualifyText(c.want, q), "qualifying %q again", c.want)
	}
}

// bareSchema finds the identifier carenet outside comments and literals
// the way qualifyText does, for the test below: after qualifying, none is
// left.
var bareSchema = regexp.MustCompile(`(?i)(^|[^a-z0-9_$."])carenet($|[^a-z0-9_$])`)

// TestMigrationsForASchema checks the migrations of another schema: the
// same steps and checksums as the default's, and no statement that names
// the schema carenet, though the comments and messages may.
func TestMigrationsForASchema(t *testing.T) {
	def, err := postgres.Migrations()
	require.NoError(t, err)
	other, err := postgres.Migrations(postgres.WithSchema("center_12"))
	require.NoError(t, err)
	require.Len(t, other, len(def))
	for i, m := range other {
		require.Equal(t, def[i].Version, m.Version)
		require.Equal(t, def[i].Checksum, m.Checksum, "the checksum is the shipped file's")
		require.Equal(t, "carenet", def[i].Schema)
		require.Equal(t, "center_12", m.Schema)
		require.Contains(t, def[i].SQL, "carenet.", "the default's statements name carenet")
		require.Contains(t, m.SQL, `"center_12".`)
		require.Contains(t, m.SQL, `INSERT INTO "center_12".schema_migrations`)
		for n, line := range strings.Split(m.SQL, "\n") {
			code, _, _ := strings.Cut(line, "--")
			code = regexp.MustCompile(`'[^']*'`).ReplaceAllString(code, "''")
			require.False(t, bareSchema.MatchString(code), "%s line %d still names carenet: %s", m.FileName(), n+1, line)
		}
	}
}

// TestSchemaNameRules checks the names WithSchema refuses: each with
// Invalid naming the field "schema" and the rule, from every function
// that takes one, and from Open before it connects.
func TestSchemaNameRules(t *testing.T) {
	for _, c := range []struct{ name, rule string }{
		{"", carenet.RuleRequired},
		{strings.Repeat("c", 64), carenet.RuleTooLong},
		{"Center", carenet.RuleFormat},
		{"1center", carenet.RuleFormat},
		{"center-12", carenet.RuleFormat},
		{`center"; DROP SCHEMA carenet; --`, carenet.RuleFormat},
		{"centre_é", carenet.RuleFormat},
		{"pg_center", carenet.RuleNotAllowed},
		{"information_schema", carenet.RuleNotAllowed},
		{"public", carenet.RuleNotAllowed},
	} {
		check := func(what string, err error) {
			t.Helper()
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%s of %q: %v", what, c.name, err)
			v := carenet.Validation(err)
			require.NotNil(t, v, "%s of %q: %v", what, c.name, err)
			require.Len(t, v.Problems, 1)
			require.Equal(t, "schema", v.Problems[0].Field)
			require.Equal(t, c.rule, v.Problems[0].Rule, "%s of %q: %v", what, c.name, err)
		}
		check("ValidateSchemaName", postgres.ValidateSchemaName(c.name))
		_, err := postgres.Migrations(postgres.WithSchema(c.name))
		check("Migrations", err)
		_, err = postgres.MigrationsFS(postgres.WithSchema(c.name))
		check("MigrationsFS", err)
		_, err = postgres.GrantStatements("app", postgres.WithSchema(c.name))
		check("GrantStatements", err)
		_, err = postgres.Open("postgres://127.0.0.1:1/none", postgres.WithSchema(c.name))
		check("Open", err)
	}
	for _, ok := range []string{"carenet", "center_12", "_c", strings.Repeat("c", 63), "select"} {
		require.NoError(t, postgres.ValidateSchemaName(ok), ok)
	}
}

// BenchmarkQualify measures what naming a schema costs a statement: the
// lexer alone (the first run of a statement's text), and the cached text
// every later run gets, against the default schema's text sent as written.
func BenchmarkQualify(b *testing.B) {
	const stmt = `SELECT s.id, s.account_id, s.created_at, s.expires_at, a.username, a.active, p.id, p.state ` +
		`FROM carenet.sessions s JOIN carenet.accounts a ON a.id = s.account_id JOIN carenet.people p ON p.id = a.person_id ` +
		`LEFT JOIN carenet.account_groups g ON g.account_id = a.id WHERE s.token_hash = $1`
	b.Run("lexer", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = postgres.QualifyText(stmt, `"center_12"`)
		}
	})
	for _, schema := range []string{"center_12", postgres.DefaultSchema} {
		q := postgres.Qualifier(schema)
		b.Run("cached/"+schema, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = q(stmt)
			}
		})
	}
}
