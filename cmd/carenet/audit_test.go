package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/clitest"
	"github.com/carenet-go/carenet/internal/pgtest"
)

// TestAuditCheckpointCommands makes a key and a checkpoint, exports the
// log and checks the file offline, then truncates the log and rewrites
// the database's record of its end: plain verify passes, verify with the
// checkpoint fails.
func TestAuditCheckpointCommands(t *testing.T) {
	bin := build(t)
	dsn := pgtest.NewDatabase(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "audit.key")
	cpFile := filepath.Join(dir, "checkpoint.txt")

	require.Equal(t, 0, runBin(t, bin, dsn, "", "migrate").Code)
	for _, u := range []string{"ada", "bob", "cyd"} {
		r := runBin(t, bin, dsn, "", "create-admin", "-given", "A", "-family", "B", "-username", u)
		require.Equal(t, 0, r.Code, r.Stderr)
	}

	r := runBin(t, bin, dsn, "", "audit", "keygen", "-out", key)
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "carenet-audit-ed25519-public ")
	info, err := os.Stat(key)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the signing key is readable by its owner only")
	pub := key + ".pub"

	r = runBin(t, bin, dsn, "", "audit", "checkpoint", "-key", key, "-out", cpFile)
	require.Equal(t, 0, r.Code, r.Stderr)
	text, err := os.ReadFile(cpFile)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(text), "carenet-audit-checkpoint v1\nseq "), "%s", text)

	// The key from the environment instead of a file.
	keyText, err := os.ReadFile(key)
	require.NoError(t, err)
	r = runBin(t, bin, dsn, "", "audit", "checkpoint")
	assert.Equal(t, 2, r.Code, "no key")
	r = runBinEnv(t, bin, []string{"DATABASE_URL=" + dsn, "CARENET_AUDIT_KEY=" + string(keyText)}, "audit", "checkpoint")
	require.Equal(t, 0, r.Code, r.Stderr)

	r = runBin(t, bin, dsn, "", "audit", "verify", "-checkpoint", cpFile, "-public-key", pub)
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "events checked:")
	assert.Contains(t, r.Stdout, "audit log verified")
	r = runBin(t, bin, dsn, "", "audit", "verify", "-checkpoint", cpFile, "-public-key", pub, "-resume")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "resumed after:")

	for _, format := range []string{"csv", "jsonl"} {
		r = runBin(t, bin, dsn, "", "audit", "export", "-format", format)
		require.Equal(t, 0, r.Code, r.Stderr)
		file := filepath.Join(dir, "log."+format)
		require.NoError(t, os.WriteFile(file, []byte(r.Stdout), 0o600))
		r = runBin(t, bin, "", "", "audit", "verify-export", "-checkpoint", cpFile, "-public-key", pub, file)
		require.Equal(t, 0, r.Code, r.Stderr)
		assert.Contains(t, r.Stdout, "the whole chain from event 1")
		forged := strings.Replace(string(mustRead(t, file)), "auth.", "auth:", 1)
		require.NoError(t, os.WriteFile(file, []byte(forged), 0o600))
		r = runBin(t, bin, "", "", "audit", "verify-export", "-checkpoint", cpFile, "-public-key", pub, file)
		assert.Equal(t, 1, r.Code)
		assert.Contains(t, r.Stderr, "BROKEN")
	}
	r = runBin(t, bin, dsn, "", "audit", "export", "-since", "yesterday")
	assert.Equal(t, 2, r.Code)

	// Truncate the log and rewrite the record of its end to match.
	db, err := sql.Open("postgres", dsn)
	require.NoError(t, err)
	defer db.Close()
	tx, err := db.Begin()
	require.NoError(t, err)
	for _, q := range []string{
		// The tables' owner switches the log's triggers off for this
		// transaction alone.
		`ALTER TABLE carenet.audit_events DISABLE TRIGGER USER`,
		`ALTER TABLE carenet.audit_head DISABLE TRIGGER USER`,
		`DELETE FROM carenet.audit_events WHERE seq > 2`,
		`UPDATE carenet.audit_head h SET seq = e.seq, hash = e.hash FROM carenet.audit_events e WHERE e.seq = 2`,
		`ALTER TABLE carenet.audit_events ENABLE TRIGGER USER`,
		`ALTER TABLE carenet.audit_head ENABLE TRIGGER USER`,
	} {
		_, err := tx.Exec(q)
		require.NoError(t, err, q)
	}
	require.NoError(t, tx.Commit())
	r = runBin(t, bin, dsn, "", "audit", "verify")
	require.Equal(t, 0, r.Code, "the database's own record was rewritten too: %s", r.Stderr)
	r = runBin(t, bin, dsn, "", "audit", "verify", "-checkpoint", cpFile, "-public-key", pub)
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stderr, "BROKEN")
	assert.Contains(t, r.Stderr, "event 3")

	// Another key's public key.
	other := filepath.Join(dir, "other.key")
	require.Equal(t, 0, runBin(t, bin, "", "", "audit", "keygen", "-out", other).Code)
	r = runBin(t, bin, dsn, "", "audit", "verify", "-checkpoint", cpFile, "-public-key", other+".pub")
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stderr, "signed with key")
	// A malformed checkpoint names its field.
	bad := filepath.Join(dir, "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(string(text), "seq ", "seq x", 1)), 0o600))
	r = runBin(t, bin, dsn, "", "audit", "verify", "-checkpoint", bad, "-public-key", pub)
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stderr, "checkpoint.seq")
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

// runBinEnv runs the command with env set.
func runBinEnv(t *testing.T, bin string, env []string, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, bin, env, "", args...)
}
