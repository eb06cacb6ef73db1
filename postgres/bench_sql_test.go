package postgres_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBenchDeactivateSQLIsWhatTheServiceSends keeps bench/deactivate.sql,
// which pgbench.sh runs under pgbench -M prepared beside
// BenchmarkPostgresDeactivate, the statements Deactivate sends, in their
// order: the same text, once every value (a parameter of the store's, a
// pgbench variable, a literal, or an expression that makes a value in SQL)
// is read as one placeholder.
func TestBenchDeactivateSQLIsWhatTheServiceSends(t *testing.T) {
	name := newDatabase(t, true)
	loadPopulation(t, name, 100, true)
	s, counter := countingStore(t, name)
	sv := newServices(t, s)
	counter.Reset()
	d, err := sv.people.Deactivate(ctx, sv.admin, "p-2", "left")
	require.NoError(t, err)
	require.True(t, d.LoginDisabled)
	require.Equal(t, 1, d.SessionsRevoked)
	require.Equal(t, 2, counter.TxControl(), "one transaction")
	var sent []string
	for _, st := range counter.Statements() {
		sent = append(sent, valuesAsPlaceholders(st.SQL))
	}
	scripted, txControl := benchScript(t, "bench/deactivate.sql")
	require.Equal(t, []string{"BEGIN ISOLATION LEVEL READ COMMITTED", "COMMIT"}, txControl,
		"the script runs in one transaction, at the level of the store's")
	require.Equal(t, sent, scripted, "bench/deactivate.sql sends what Deactivate sends")
}

// TestBenchSessionSQLIsWhatTheServiceSends keeps bench/session.sql, which
// pgbench.sh runs under pgbench -M prepared to show what the session
// statement costs without the Go side, the statement Authenticate sends
// once the session's groups are cached.
func TestBenchSessionSQLIsWhatTheServiceSends(t *testing.T) {
	name := newDatabase(t, true)
	s, counter := countingStore(t, name)
	sv := newServices(t, s)
	_, username := sv.user(t, "Scripted")
	token := sv.login(t, username).Token
	_, err := sv.auth.Authenticate(ctx, token)
	require.NoError(t, err)
	counter.Reset()
	_, err = sv.auth.Authenticate(ctx, token)
	require.NoError(t, err)
	var sent []string
	for _, st := range counter.Statements() {
		sent = append(sent, valuesAsPlaceholders(st.SQL))
	}
	scripted, txControl := benchScript(t, "bench/session.sql")
	require.Empty(t, txControl, "no transaction")
	require.Equal(t, sent, scripted, "bench/session.sql sends what Authenticate sends")
}

// benchScript returns the statements of a pgbench script with their
// values read as placeholders (valuesAsPlaceholders), and its
// transaction control apart.
func benchScript(t *testing.T, path string) (statements, txControl []string) {
	t.Helper()
	script, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, line := range strings.Split(string(script), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "--") || strings.HasPrefix(line, `\set`) {
			continue
		}
		line, _, _ = strings.Cut(line, `\gset`)
		line = strings.TrimSuffix(strings.TrimSpace(line), ";")
		if strings.HasPrefix(line, "BEGIN") || line == "COMMIT" {
			txControl = append(txControl, line)
			continue
		}
		statements = append(statements, valuesAsPlaceholders(line))
	}
	return statements, txControl
}

// placeholderRules read every value of a statement as "?", innermost
// first: quoted literals, parameters ($1) and pgbench variables (:name),
// keywords that are values, then the expressions that make a value of
// values (a concatenation, lower(?), a cast of a value, now(), a random
// secret, a fresh ID, a token's hash, a JSON object of values), until nothing changes.
var placeholderRules = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`'(?:[^']|'')*'`), "?"},
	{regexp.MustCompile(`\$\d+`), "?"},
	{regexp.MustCompile(`([^:\w]):[a-z_]+`), "${1}?"},
	{regexp.MustCompile(`\b(?:NULL|true|false)\b`), "?"},
	{regexp.MustCompile(`\b\d+\s*\*\s*\?`), "?"},
	{regexp.MustCompile(`\?\s*\|\|\s*\?`), "?"},
	{regexp.MustCompile(`\blower\(\?\)`), "?"},
	{regexp.MustCompile(`\bCAST\(\? AS [a-z]+(?:\[\])?\)`), "?"},
	{regexp.MustCompile(`\bnow\(\)`), "?"},
	{regexp.MustCompile(`\bmd5\(random\(\)::text\)`), "?"},
	{regexp.MustCompile(`\bgen_random_uuid\(\)::text`), "?"},
	{regexp.MustCompile(`\bencode\(sha256\(\?\), \?\)`), "?"},
	{regexp.MustCompile(`\bjsonb_build_object\(\?(?:, \?)*\)`), "?"},
}

var commas = regexp.MustCompile(`\s*,\s*`)

// valuesAsPlaceholders returns text with its values read as placeholders
// (placeholderRules), its spaces collapsed and one after each comma.
func valuesAsPlaceholders(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	text = commas.ReplaceAllString(text, ", ")
	for {
		before := text
		for _, r := range placeholderRules {
			text = r.re.ReplaceAllString(text, r.with)
		}
		if text == before {
			return text
		}
	}
}
