package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// build compiles the command once per test binary.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "carenet")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

type result struct {
	code           int
	stdout, stderr string
}

func runBin(t *testing.T, bin, dsn, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn)
	cmd.Stdin = strings.NewReader(stdin)
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

func TestUsage(t *testing.T) {
	bin := build(t)
	r := runBin(t, bin, "", "")
	assert.Equal(t, 2, r.code, "no command is a usage error")
	assert.Contains(t, r.stderr, "usage: carenet")

	for _, sub := range [][]string{{"migrate", "-h"}, {"create-admin", "-h"}, {"sweep", "-h"}, {"audit", "verify", "-h"}, {"audit", "-h"}, {"custody", "export", "-h"}, {"custody", "-h"}, {"-h"}} {
		r := runBin(t, bin, "", "", sub...)
		assert.Equal(t, 0, r.code, "%v", sub)
		assert.Contains(t, r.stderr, "usage: carenet", "%v", sub)
	}
	r = runBin(t, bin, "", "", "launch")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown command "launch"`)
	r = runBin(t, bin, "", "", "migrate")
	assert.Equal(t, 2, r.code, "no database named")
	assert.Contains(t, r.stderr, "DATABASE_URL")
	r = runBin(t, bin, "", "", "audit", "verify", "-anchor", "nonsense")
	assert.Equal(t, 2, r.code)
	for _, sub := range [][]string{{"custody"}, {"custody", "print", "v-1"}, {"custody", "export"}, {"custody", "export", "v-1", "v-2"}} {
		r = runBin(t, bin, "", "", sub...)
		assert.Equal(t, 2, r.code, "%v", sub)
		assert.Contains(t, r.stderr, "custody", "%v", sub)
	}
	r = runBin(t, bin, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "", "migrate")
	assert.Equal(t, 1, r.code, "an unreachable database fails with status 1")
	assert.NotEmpty(t, r.stderr)
}

func TestOperatorCommands(t *testing.T) {
	bin := build(t)
	dsn := pgtest.NewDatabase(t)

	r := runBin(t, bin, dsn, "", "migrate")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "schema at version")
	r = runBin(t, bin, dsn, "", "migrate")
	require.Equal(t, 0, r.code, "migrating twice is harmless: %s", r.stderr)

	r = runBin(t, bin, dsn, "granite-orchard-lantern-7\n", "create-admin", "-given", "Ada", "-family", "Admin", "-username", "ada", "-password-stdin")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "created administrator Ada Admin")
	r = runBin(t, bin, dsn, "", "create-admin", "-given", "Bo", "-family", "Boss", "-username", "bboss")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "password link token")
	r = runBin(t, bin, dsn, "password\n", "create-admin", "-given", "Cy", "-family", "Weak", "-username", "cweak", "-password-stdin")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "password")

	r = runBin(t, bin, dsn, "", "sweep", "-q")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout, "-q prints nothing when no one is due")

	// An intern whose end date has passed.
	store, err := postgres.Open(dsn)
	require.NoError(t, err)
	defer store.Close()
	ctx := context.Background()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
	require.NoError(t, err)
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	admin, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: "granite-orchard-lantern-7"})
	require.NoError(t, err)
	yesterday := time.Now().AddDate(0, 0, -1)
	intern, err := people.Create(ctx, admin.Principal, personnel.NewPerson{Fields: personnel.Fields{
		GivenName: "Ivy", FamilyName: "Intern", AgencyKind: personnel.AgencyCAC, EndDate: &yesterday}})
	require.NoError(t, err)

	r = runBin(t, bin, dsn, "", "sweep")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "deactivated "+intern.Profile.ID)
	assert.Contains(t, r.stdout, "sweep: 1 deactivated, 0 failed")
	got, err := people.Get(ctx, admin.Principal, intern.Profile.ID)
	require.NoError(t, err)
	assert.Equal(t, personnel.Inactive, got.State)

	r = runBin(t, bin, dsn, "", "audit", "verify")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "audit log verified")
	head := strings.TrimSpace(r.stdout[strings.LastIndex(r.stdout, " ")+1:])
	r = runBin(t, bin, dsn, "", "audit", "verify", "-anchor", head)
	require.Equal(t, 0, r.code, r.stderr)

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
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "BROKEN")
}
