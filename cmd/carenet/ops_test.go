package main

import (
	"context"
	"encoding/json"
	"os/exec"
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

// migrated returns a new, migrated database's DSN.
func migrated(t *testing.T) string {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	r := runIn(dsn, "", "migrate")
	require.Equal(t, exitOK, r.code, r.stderr)
	return dsn
}

// services opens the database's auth and personnel services.
func services(t *testing.T, dsn string) (*auth.Service, *personnel.Service) {
	t.Helper()
	_, a, p := storeServices(t, dsn)
	return a, p
}

// storeServices opens the database's store, closed when the test ends,
// and the auth and personnel services on it.
func storeServices(t *testing.T, dsn string) (*postgres.Store, *auth.Service, *personnel.Service) {
	t.Helper()
	return storeServicesWith(t, dsn, auth.Config{})
}

// storeServicesWith is storeServices with cfg for the auth service.
func storeServicesWith(t *testing.T, dsn string, cfg auth.Config) (*postgres.Store, *auth.Service, *personnel.Service) {
	t.Helper()
	store, err := postgres.Open(dsn)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	a, err := auth.NewService(store.Auth(), cfg)
	require.NoError(t, err)
	return store, a, personnel.NewService(store.Personnel(), a, personnel.Config{})
}

// loggedInAdmin creates the administrator ada, whose password is pw, and
// logs her in.
func loggedInAdmin(t *testing.T, authSvc *auth.Service, people *personnel.Service, pw string) *auth.LoginResult {
	t.Helper()
	ctx := context.Background()
	_, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: pw},
	})
	require.NoError(t, err)
	admin, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: pw})
	require.NoError(t, err)
	return admin
}

// internPastEndDate signs in ada, whose password is pw, and has her
// create Ivy Intern, whose end date was yesterday, for a sweep to
// deactivate. It returns the personnel service, ada and Ivy's person ID.
func internPastEndDate(t *testing.T, dsn, pw string) (*personnel.Service, *auth.Principal, string) {
	t.Helper()
	authSvc, people := services(t, dsn)
	ctx := context.Background()
	admin, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: pw})
	require.NoError(t, err)
	yesterday := time.Now().AddDate(0, 0, -1)
	intern, err := people.Create(ctx, admin.Principal, personnel.NewPerson{Fields: personnel.Fields{
		GivenName: "Ivy", FamilyName: "Intern", AgencyKind: personnel.AgencyCAC, EndDate: &yesterday}})
	require.NoError(t, err)
	return people, admin.Principal, intern.Profile.ID
}

func TestSetPasswordRedeemsALinkOnce(t *testing.T) {
	dsn := migrated(t)
	r := runIn(dsn, "", "create-admin", "-given", "Bo", "-family", "Boss", "-username", "bboss", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var created struct {
		PersonID      string    `json:"person_id"`
		Username      string    `json:"username"`
		LinkToken     string    `json:"link_token"`
		LinkExpiresAt time.Time `json:"link_expires_at"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &created), r.stdout)
	require.NotEmpty(t, created.LinkToken)
	assert.Equal(t, "bboss", created.Username)
	authSvc, _ := services(t, dsn)
	const pw = "granite-orchard-lantern-7"

	// A weak password is refused, naming the rule, and the link still works.
	r = runIn(dsn, created.LinkToken+"\npassword\n", "set-password")
	assertRefused(t, r, exitFailed, "carenet set-password: ", "password")

	r = runIn(dsn, created.LinkToken+"\n"+pw+"\n", "set-password")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "password set; every session of the account has ended\n", r.stdout)
	assert.NotContains(t, r.stdout+r.stderr, pw, "the password is never echoed")
	_, err := authSvc.Login(context.Background(), auth.LoginRequest{Username: "bboss", Password: pw})
	require.NoError(t, err, "the new password logs in")

	// The link works once; a wrong token is refused alike; nothing changes.
	for _, token := range []string{created.LinkToken, "pwl_not-a-real-token", "garbage"} {
		r = runIn(dsn, token+"\nharbor-velvet-compass-42\n", "set-password", "-json")
		assert.Equal(t, exitFailed, r.code, token)
		assert.Contains(t, r.stderr, "this password link is invalid or has expired", token)
		assert.Empty(t, r.stdout, token)
	}
	_, err = authSvc.Login(context.Background(), auth.LoginRequest{Username: "bboss", Password: pw})
	require.NoError(t, err, "the password is still the one set")

	r = runIn(dsn, created.LinkToken+"\n", "set-password")
	assert.Equal(t, exitUsage, r.code, "no password given")
	assert.Contains(t, r.stderr, "no new password on standard input")
}

func TestCreateAdminNamesARefusedFlag(t *testing.T) {
	dsn := migrated(t)
	r := runIn(dsn, "", "create-admin", "-given", "Ada", "-family", "Admin", "-username", "ada")
	require.Equal(t, exitOK, r.code, r.stderr)
	r = runIn(dsn, "", "create-admin", "-given", "Ada", "-family", "Again", "-username", "ADA")
	assertRefused(t, r, exitUsage, "carenet create-admin: -username: is already taken\n")
	assert.NotContains(t, r.stderr, "login.username")
	r = runIn(dsn, "", "create-admin", "-given", "Ada", "-family", "Again\x01", "-username", "ada2", "-email", "nope")
	assertRefused(t, r, exitUsage, "-family: ", "-email: must be an email address")
}

func TestJSONOutputForScripts(t *testing.T) {
	dsn := migrated(t)
	r := runIn("", "", "migrate", "-dsn", dsn, "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var m struct {
		SchemaVersion int `json:"schema_version"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &m), r.stdout)
	assert.Positive(t, m.SchemaVersion)
	assert.Empty(t, r.stderr)

	r = runIn(dsn, "granite-orchard-lantern-7\n", "create-admin", "-given", "Ada", "-family", "Admin", "-username", "ada", "-password-stdin", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "link_token", "a password was given: no link")

	people, admin, intern := internPastEndDate(t, dsn, "granite-orchard-lantern-7")

	r = runIn(dsn, "", "sweep", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var swept struct {
		Deactivated int `json:"deactivated"`
		Failed      int `json:"failed"`
		People      []struct {
			PersonID string `json:"person_id"`
		} `json:"people"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &swept), r.stdout)
	assert.Equal(t, 1, swept.Deactivated)
	assert.Equal(t, 0, swept.Failed)
	require.Len(t, swept.People, 1)
	assert.Equal(t, intern, swept.People[0].PersonID)
	assert.Empty(t, r.stderr, "off a terminal, no progress is drawn")
	got, err := people.Get(context.Background(), admin, intern)
	require.NoError(t, err)
	assert.Equal(t, personnel.Inactive, got.State)

	r = runIn(dsn, "", "sweep", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, strings.Contains(r.stdout, `"people": []`), "an empty sweep lists no one: %s", r.stdout)
}

func TestAMissingDatabaseFailsWithStatusOne(t *testing.T) {
	base := pgtest.NewDatabase(t)
	missing := strings.Replace(base, "carenet_test_", "carenet_missing_", 1)
	r := runIn(missing, "", "migrate")
	assertRefused(t, r, exitFailed, "carenet migrate: database \"carenet_missing_", "does not exist; create it first, or name another with -dsn\n")
}

// TestProgressOnlyOnATerminal runs the built command twice: with standard
// error on a pipe it writes nothing there; on a pseudo-terminal (made by
// util-linux's script) it draws and erases a status line.
func TestProgressOnlyOnATerminal(t *testing.T) {
	bin := build(t)
	dsn := migrated(t)
	r := runBin(t, bin, dsn, "", "sweep", "-q")
	require.Equal(t, exitOK, r.Code, r.Stderr)
	assert.Empty(t, r.Stderr, "off a terminal: no progress")
	assert.Empty(t, r.Stdout)

	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to make a terminal")
	}
	out, err := exec.Command(script, "-qec", bin+" -dsn '"+dsn+"' sweep -q", "/dev/null").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "\rsweeping end dates… ")
	assert.Contains(t, string(out), "\r\x1b[K", "the line is erased when done")
}
