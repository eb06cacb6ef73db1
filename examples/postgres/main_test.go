package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/clitest"
	"github.com/carenet-go/carenet/internal/pgtest"
)

// build compiles the program.
func build(t *testing.T) string { return clitest.Build(t, "postgres-example") }

// runBin runs the program with DATABASE_URL set to env (empty: none).
func runBin(t *testing.T, bin, env string, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, bin, []string{"DATABASE_URL=" + env}, "", args...)
}

// TestStoryOnPostgres runs the built program against a new database: it
// migrates, tells the whole story and exits with status 0; a second run on
// the same database stops before changing anything, with status 1.
func TestStoryOnPostgres(t *testing.T) {
	bin := build(t)
	dsn := pgtest.NewDatabase(t)

	r := runBin(t, bin, "", "-dsn", dsn)
	require.Equal(t, 0, r.Code, "stderr: %s\nstdout:\n%s", r.Stderr, r.Stdout)
	assert.Empty(t, r.Stderr)
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
		"lists 9 events:",
		"exported as CSV: a header and 9 rows",
		"events verifies (head",
		"behaved as expected.",
	} {
		assert.Contains(t, r.Stdout, want)
	}

	// DATABASE_URL names the database when -dsn is not given.
	r = runBin(t, bin, dsn)
	assert.Equal(t, 1, r.Code, "a second run on the same database fails")
	assert.Contains(t, r.Stderr, "the store is not empty")
	assert.NotContains(t, r.Stdout, "behaved as expected")
}

func TestUsage(t *testing.T) {
	bin := build(t)
	r := runBin(t, bin, "")
	assert.Equal(t, 2, r.Code, "no database named")
	assert.Contains(t, r.Stderr, "DATABASE_URL")
	r = runBin(t, bin, "", "-h")
	assert.Equal(t, 0, r.Code)
	assert.Contains(t, r.Stderr, "usage: postgres")
	r = runBin(t, bin, "", "-dsn", "x", "extra")
	assert.Equal(t, 2, r.Code)
	r = runBin(t, bin, "", "-dsn", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	assert.Equal(t, 1, r.Code, "an unreachable database fails with status 1")
	assert.Contains(t, r.Stderr, "postgres: migrate:")
}
