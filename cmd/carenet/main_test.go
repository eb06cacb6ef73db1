package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/clitest"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/personnel"
)

// build compiles the command.
func build(t *testing.T) string { return clitest.Build(t, "carenet") }

// runBin runs the command with DATABASE_URL set to dsn and stdin as its
// standard input.
func runBin(t *testing.T, bin, dsn, stdin string, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, bin, []string{"DATABASE_URL=" + dsn}, stdin, args...)
}

func TestUsage(t *testing.T) {
	bin := build(t)
	r := runBin(t, bin, "", "")
	assert.Equal(t, 2, r.Code, "no command is a usage error")
	assert.Contains(t, r.Stderr, "usage: carenet")

	for _, sub := range [][]string{{"migrate", "-h"}, {"create-admin", "-h"}, {"sweep", "-h"}, {"audit", "verify", "-h"}, {"audit", "-h"}, {"custody", "export", "-h"}, {"custody", "-h"}, {"-h"}} {
		r := runBin(t, bin, "", "", sub...)
		assert.Equal(t, 0, r.Code, "%v", sub)
		assert.Contains(t, r.Stderr, "usage: carenet", "%v", sub)
	}
	r = runBin(t, bin, "", "", "launch")
	assert.Equal(t, 2, r.Code)
	assert.Contains(t, r.Stderr, `unknown command "launch"`)
	r = runBin(t, bin, "", "", "migrate")
	assert.Equal(t, 2, r.Code, "no database named")
	assert.Contains(t, r.Stderr, "DATABASE_URL")
	r = runBin(t, bin, "", "", "audit", "verify", "-anchor", "nonsense")
	assert.Equal(t, 2, r.Code)
	for _, sub := range [][]string{{"custody"}, {"custody", "print", "v-1"}, {"custody", "export"}, {"custody", "export", "v-1", "v-2"}} {
		r = runBin(t, bin, "", "", sub...)
		assert.Equal(t, 2, r.Code, "%v", sub)
		assert.Contains(t, r.Stderr, "custody", "%v", sub)
	}
	r = runBin(t, bin, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "", "migrate")
	assert.Equal(t, 1, r.Code, "an unreachable database fails with status 1")
	assert.NotEmpty(t, r.Stderr)
}

func TestOperatorCommands(t *testing.T) {
	bin := build(t)
	dsn := pgtest.NewDatabase(t)

	r := runBin(t, bin, dsn, "", "migrate")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "schema at version")
	r = runBin(t, bin, dsn, "", "migrate")
	require.Equal(t, 0, r.Code, "migrating twice is harmless: %s", r.Stderr)

	r = runBin(t, bin, dsn, "granite-orchard-lantern-7\n", "create-admin", "-given", "Ada", "-family", "Admin", "-username", "ada", "-password-stdin")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "created administrator Ada Admin")
	r = runBin(t, bin, dsn, "", "create-admin", "-given", "Bo", "-family", "Boss", "-username", "bboss")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "password link token")
	r = runBin(t, bin, dsn, "password\n", "create-admin", "-given", "Cy", "-family", "Weak", "-username", "cweak", "-password-stdin")
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stderr, "password")

	r = runBin(t, bin, dsn, "", "sweep", "-q")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Empty(t, r.Stdout, "-q prints nothing when no one is due")

	// An intern whose end date has passed.
	people, admin, intern := internPastEndDate(t, dsn, "granite-orchard-lantern-7")

	r = runBin(t, bin, dsn, "", "sweep")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "deactivated "+intern)
	assert.Contains(t, r.Stdout, "sweep: 1 deactivated, 0 failed")
	got, err := people.Get(context.Background(), admin, intern)
	require.NoError(t, err)
	assert.Equal(t, personnel.Inactive, got.State)

	r = runBin(t, bin, dsn, "", "audit", "verify")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "audit log verified")
	head := strings.TrimSpace(r.Stdout[strings.LastIndex(r.Stdout, " ")+1:])
	r = runBin(t, bin, dsn, "", "audit", "verify", "-anchor", head)
	require.Equal(t, 0, r.Code, r.Stderr)

	// Someone with the database owner's rights alters an event behind the
	// trigger's back: verification fails with status 1.
	db, err := sql.Open("postgres", dsn)
	require.NoError(t, err)
	defer db.Close()
	for _, q := range []string{
		`ALTER TABLE carenet.audit_events DISABLE TRIGGER USER`,
		`UPDATE carenet.audit_events SET actor_id = 'someone-else' WHERE seq = 2`,
		`ALTER TABLE carenet.audit_events ENABLE TRIGGER USER`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	r = runBin(t, bin, dsn, "", "audit", "verify")
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stderr, "BROKEN")
}
