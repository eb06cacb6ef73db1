package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/clitest"
	"github.com/carenet-go/carenet/internal/pgtest"
)

// newDSN returns the DSN of a database that does not exist yet on the test
// server, and drops it when the test ends.
func newDSN(t *testing.T) string {
	t.Helper()
	pgtest.NewDatabase(t) // skips the test, or fails it under CI, without a server
	u, err := url.Parse(pgtest.BaseDSN())
	require.NoError(t, err)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "carenet_quickstart_" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		db, err := sql.Open("postgres", pgtest.BaseDSN())
		if err == nil {
			_, _ = db.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)")
			db.Close()
		}
	})
	u.Path = "/" + name
	return u.String()
}

// TestStoryOnPostgres runs the built program against a database that does
// not exist yet: it creates and migrates it, tells the whole story and
// exits with status 0; a second run on the same database stops before
// changing anything, with status 1.
func TestStoryOnPostgres(t *testing.T) {
	bin := clitest.Build(t, "quickstart")
	dsn := newDSN(t)

	r := clitest.Run(t, bin, nil, "", "-dsn", dsn)
	require.Equal(t, 0, r.Code, "stderr: %s\nstdout:\n%s", r.Stderr, r.Stdout)
	assert.Empty(t, r.Stderr)
	for _, want := range []string{
		"Created the database.",
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

	r = clitest.Run(t, bin, nil, "", "-dsn", dsn)
	assert.Equal(t, 1, r.Code, "a second run on the same database fails")
	assert.Contains(t, r.Stderr, "the store is not empty")
	assert.NotContains(t, r.Stdout, "Created the database.")
	assert.NotContains(t, r.Stdout, "behaved as expected")
}

func TestUsage(t *testing.T) {
	bin := clitest.Build(t, "quickstart")
	r := clitest.Run(t, bin, nil, "", "-h")
	assert.Equal(t, 0, r.Code)
	assert.Contains(t, r.Stderr, "usage: quickstart")
	assert.Equal(t, 1, strings.Count(r.Stderr, "usage:"))
	r = clitest.Run(t, bin, nil, "", "-dsn", "x", "extra")
	assert.Equal(t, 2, r.Code)
	assert.Contains(t, r.Stderr, `unexpected argument "extra"`)
	r = clitest.Run(t, bin, nil, "", "-nope")
	assert.Equal(t, 2, r.Code)
	assert.Contains(t, r.Stderr, "-nope")
	r = clitest.Run(t, bin, nil, "", "-dsn", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	assert.Equal(t, 1, r.Code, "an unreachable database fails with status 1")
	assert.Contains(t, r.Stderr, "quickstart failed: connect to")
	assert.Empty(t, r.Stdout)
}
