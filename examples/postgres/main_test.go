package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/pgtest"
)

// build compiles the program.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "postgres-example")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

type result struct {
	code           int
	stdout, stderr string
}

// runBin runs the program with DATABASE_URL set to env (unset when empty).
func runBin(t *testing.T, bin, env string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATABASE_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if env != "" {
		cmd.Env = append(cmd.Env, "DATABASE_URL="+env)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code, out.String(), errb.String()}
}

// TestStoryOnPostgres runs the built program against a new database: it
// migrates, tells the whole story and exits with status 0; a second run on
// the same database stops before changing anything, with status 1.
func TestStoryOnPostgres(t *testing.T) {
	bin := build(t)
	dsn := pgtest.NewDatabase(t)

	r := runBin(t, bin, "", "-dsn", dsn)
	require.Equal(t, 0, r.code, "stderr: %s\nstdout:\n%s", r.stderr, r.stdout)
	assert.Empty(t, r.stderr)
	for _, want := range []string{
		"Migrated the database to schema version",
		"referral_only  Rita Okafor  lands on the dashboard; tabs: Dashboard, My Referrals",
		"video_only     Paul Nguyen  lands on the dashboard; tabs: Dashboard, My Videos",
		"dual_access    Cara Diaz    lands on the dashboard; tabs: Dashboard, My Referrals; portal/CareNet button: true",
		"all            Dana Brooks  lands on the dashboard; tabs: Dashboard, My Videos, My Referrals",
		"Rita submits an LE referral for 2 children: submitted",
		"her browser retries the submission with the same key: no second referral is made",
		"Rita follows it in My Referrals: under_review",
		"Sam confirms a new case: the host opens CASE-2026-0001",
		"Rita follows it in My Referrals: accepted",
		"her history reads submitted → under_review → accepted",
		"Paul's download is denied",
		"Paul's view is allowed: a ticket until",
		"Dana logs in and downloads it",
		"the nightly sweep deactivates Ivy Chen",
		"Ivy's old password fails",
		"Ivy's old session fails too",
		"cannot be deleted; deactivate it instead",
		"lists 7 events:",
		"exported as CSV: a header and 7 rows",
		"events verifies (head",
		"behaved as expected.",
	} {
		assert.Contains(t, r.stdout, want)
	}

	// DATABASE_URL names the database when -dsn is not given.
	r = runBin(t, bin, dsn)
	assert.Equal(t, 1, r.code, "a second run on the same database fails")
	assert.Contains(t, r.stderr, "the store is not empty")
	assert.NotContains(t, r.stdout, "behaved as expected")
}

func TestUsage(t *testing.T) {
	bin := build(t)
	r := runBin(t, bin, "")
	assert.Equal(t, 2, r.code, "no database named")
	assert.Contains(t, r.stderr, "DATABASE_URL")
	r = runBin(t, bin, "", "-h")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stderr, "usage: postgres")
	r = runBin(t, bin, "", "-dsn", "x", "extra")
	assert.Equal(t, 2, r.code)
	r = runBin(t, bin, "", "-dsn", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	assert.Equal(t, 1, r.code, "an unreachable database fails with status 1")
	assert.Contains(t, r.stderr, "postgres: migrate:")
}
