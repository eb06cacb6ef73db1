package postgres_test

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/storetest"
)

// twoRoles is a database set up as the package comment's "Two roles"
// describes: migrated by an owner role, with an application role granted
// what the SDK needs.
type twoRoles struct {
	db                 string
	owner, app         string
	ownerDSN, appDSN   string
	ownerPool, appPool *sql.DB
}

// withUser returns dsn logging in as user with password.
func withUser(dsn, user, password string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		u.User = url.UserPassword(user, password)
		return u.String()
	}
	return fmt.Sprintf("%s user='%s' password='%s'", dsn, user, password)
}

// newTwoRoles creates an owner and an application role (both LOGIN, with
// random passwords) and a database the owner may create schemas in; the
// owner migrates it and grants the application role. Roles belong to the
// whole server, so the test drops them at the end. It needs a test user
// that may create roles; it skips otherwise (fails under CI), and under
// -short, which the runs through a pooler use: a pooler knows only its
// own users.
func newTwoRoles(t *testing.T) *twoRoles {
	t.Helper()
	requireDB(t)
	if testing.Short() {
		t.Skip("-short: logs in as roles the test creates, which a pooler in front of the server does not know")
	}
	var may bool
	require.NoError(t, admin.QueryRow("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").Scan(&may))
	if !may {
		msg := "the test user may not create roles (CREATEROLE): the two-role tests need it"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	suffix := randomHex(5)
	r := &twoRoles{owner: "carenet_owner_" + suffix, app: "carenet_app_" + suffix}
	ownerPW, appPW := randomHex(12), randomHex(12)
	for role, pw := range map[string]string{r.owner: ownerPW, r.app: appPW} {
		_, err := admin.Exec("CREATE ROLE " + pq.QuoteIdentifier(role) + " LOGIN PASSWORD " + pq.QuoteLiteral(pw))
		require.NoError(t, err)
		// A test user that is not a superuser may end the role's
		// connections (DROP DATABASE ... WITH (FORCE)) as a member.
		_, err = admin.Exec("GRANT " + pq.QuoteIdentifier(role) + " TO CURRENT_USER")
		require.NoError(t, err)
		t.Cleanup(func() {
			if _, err := admin.Exec("DROP ROLE IF EXISTS " + pq.QuoteIdentifier(role)); err != nil {
				t.Errorf("dropping role %s: %v", role, err)
			}
		})
	}
	r.db = newDatabase(t, false)
	_, err := admin.Exec("GRANT CREATE ON DATABASE " + pq.QuoteIdentifier(r.db) + " TO " + pq.QuoteIdentifier(r.owner))
	require.NoError(t, err)
	t.Cleanup(func() { dropDatabase(r.db) }) // before the roles are dropped

	r.ownerDSN = withUser(connectorDSN(r.db), r.owner, ownerPW)
	r.appDSN = withUser(connectorDSN(r.db), r.app, appPW)
	r.ownerPool, err = settings.Open(r.ownerDSN)
	require.NoError(t, err)
	t.Cleanup(func() { r.ownerPool.Close() })
	owner := postgres.New(r.ownerPool, postgres.WithBackgroundSealer(false))
	require.NoError(t, owner.Migrate(ctx))
	require.NoError(t, owner.Grant(ctx, r.app))
	r.appPool, err = settings.Open(r.appDSN)
	require.NoError(t, err)
	t.Cleanup(func() { r.appPool.Close() })
	return r
}

// TestAppRoleCannotTamperWithTheLogOrTheSchema runs, as the application
// role, every way of rewriting the audit log or the schema that the owner
// could: each is refused for want of a privilege (42501), before any
// trigger is asked.
func TestAppRoleCannotTamperWithTheLogOrTheSchema(t *testing.T) {
	r := newTwoRoles(t)
	s := postgres.New(r.appPool, postgres.WithSyncSealing())
	t.Cleanup(func() { s.Close() })
	sv := newServices(t, s) // a few audited changes, sealed
	_, _ = sv.user(t, "Grace")

	for _, stmt := range []string{
		"UPDATE carenet.audit_events SET target_id = 'x'",
		"DELETE FROM carenet.audit_events",
		"TRUNCATE carenet.audit_events",
		"TRUNCATE carenet.audit_head",
		"TRUNCATE carenet.audit_pending",
		"UPDATE carenet.audit_pending SET action = 'x'",
		"ALTER TABLE carenet.audit_pending ALTER COLUMN action DROP NOT NULL",
		"ALTER TABLE carenet.audit_head DISABLE TRIGGER ALL",
		"DELETE FROM carenet.audit_head",
		"INSERT INTO carenet.audit_head (id, seq, hash) VALUES (false, 0, '')",
		"ALTER TABLE carenet.audit_events DISABLE TRIGGER audit_events_append_only",
		"ALTER TABLE carenet.audit_events DISABLE TRIGGER ALL",
		"ALTER TABLE carenet.audit_head DISABLE TRIGGER audit_head_advance_only",
		"DROP TRIGGER audit_events_append_only ON carenet.audit_events",
		"ALTER TABLE carenet.audit_events ADD COLUMN note text",
		"DROP TABLE carenet.audit_events",
		"DROP TABLE carenet.people",
		"DROP FUNCTION carenet.audit_refuse_change()",
		"CREATE OR REPLACE FUNCTION carenet.audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
		"CREATE TABLE carenet.x (id int)",
		"TRUNCATE carenet.people",
		"UPDATE carenet.schema_migrations SET checksum = ''",
		"SET session_replication_role = replica",
	} {
		_, err := r.appPool.Exec(stmt)
		assert.Equal(t, "42501", sqlState(err), "%s is refused for want of a privilege: %v", stmt, err)
	}
	// The log is whole.
	_, err := sv.audit.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err, "the chain verifies")
}

// sqlState is the SQLSTATE of the server error in err's chain, whichever
// driver reported it; "" for none.
func sqlState(err error) string {
	var s interface{ SQLState() string }
	if errors.As(err, &s) {
		return s.SQLState()
	}
	return ""
}

// TestConformanceAsAppRole runs the store conformance suite on a store
// connected as the application role, each case on a copy of a database the
// owner migrated and granted: everything the SDK does works with the
// grants alone.
func TestConformanceAsAppRole(t *testing.T) {
	r := newTwoRoles(t)
	// A template has no connections.
	r.ownerPool.Close()
	r.appPool.Close()
	require.NoError(t, pgtest.DisconnectAll(admin, r.db))
	appCopies := &databaseCopies{template: r.db}
	appCopies.start()
	t.Cleanup(appCopies.stop) // before the template and the roles go
	storetest.Run(t, func(t *testing.T) storetest.Store {
		name, err := appCopies.take()
		require.NoError(t, err)
		t.Cleanup(func() { appCopies.discard(name) })
		app, err := settings.Open(pgtest.WithDatabase(r.appDSN, name, nil))
		require.NoError(t, err)
		t.Cleanup(func() { app.Close() })
		s := postgres.New(app)
		t.Cleanup(func() { s.Close() })
		owner, err := settings.Open(pgtest.WithDatabase(r.ownerDSN, name, nil))
		require.NoError(t, err)
		t.Cleanup(func() { owner.Close() })
		return ownerTamperable{Store: s, owner: owner}
	})
}

// ownerTamperable is the store with the suite's attacker: the owner of the
// tables, who may switch their triggers off for a transaction (no
// superuser needed) and change them. The application role cannot (see
// TestAppRoleCannotTamperWithTheLogOrTheSchema).
type ownerTamperable struct {
	*postgres.Store
	owner *sql.DB
}

var _ storetest.AuditTamperer = ownerTamperable{}

func (s ownerTamperable) tamper(t *testing.T, table, stmt string, args ...any) {
	t.Helper()
	tx, err := s.owner.Begin()
	require.NoError(t, err)
	defer tx.Rollback()
	_, err = tx.Exec("ALTER TABLE " + table + " DISABLE TRIGGER USER")
	require.NoError(t, err)
	_, err = tx.Exec(stmt, args...)
	require.NoError(t, err)
	_, err = tx.Exec("ALTER TABLE " + table + " ENABLE TRIGGER USER")
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
}

func (s ownerTamperable) TruncateAudit(t *testing.T, keep int64) {
	s.tamper(t, "carenet.audit_events", "DELETE FROM carenet.audit_events WHERE seq > $1", keep)
}

func (s ownerTamperable) AlterAudit(t *testing.T, seq int64, targetID string) {
	s.tamper(t, "carenet.audit_events", "UPDATE carenet.audit_events SET target_id = $2 WHERE seq = $1", seq, targetID)
}

func (s ownerTamperable) SetAuditHead(t *testing.T, h audit.Head) {
	s.tamper(t, "carenet.audit_head", "UPDATE carenet.audit_head SET seq = $1, hash = $2", h.Seq, h.Hash)
}

// TestServicesRunAsAppRole runs a story through the services on a store
// connected as the application role: an administrator, a staff member who
// logs in, is offboarded and loses the login, and the audit log verified.
func TestServicesRunAsAppRole(t *testing.T) {
	r := newTwoRoles(t)
	s := postgres.New(r.appPool)
	t.Cleanup(func() { s.Close() })
	sv := newServices(t, s)
	grace, username := sv.user(t, "Grace")
	res := sv.login(t, username)
	_, err := sv.auth.Authenticate(ctx, res.Token)
	require.NoError(t, err)
	found, err := sv.people.Search(ctx, sv.admin, personnel.Query{Name: "grace staff"})
	require.NoError(t, err)
	require.NotEmpty(t, found.People)
	_, err = sv.people.Deactivate(ctx, sv.admin, grace.ID, "left the center")
	require.NoError(t, err)
	_, err = sv.auth.Authenticate(ctx, res.Token)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err), "the session ended with the deactivation: %v", err)
	_, err = sv.auth.Login(ctx, auth.LoginRequest{Username: username, Password: servicePassword})
	assert.Error(t, err)
	_, err = s.Seal(ctx)
	require.NoError(t, err)
	rep, err := sv.audit.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err)
	assert.Positive(t, rep.Checked)
}

// TestRoleWithoutGrantsIsToldWhatToDo opens a store as a role that was
// never granted: it refuses with an error that says to run carenet grant.
func TestRoleWithoutGrantsIsToldWhatToDo(t *testing.T) {
	r := newTwoRoles(t)
	owner := postgres.New(r.ownerPool, postgres.WithBackgroundSealer(false))
	_, err := r.ownerPool.Exec("REVOKE ALL ON SCHEMA carenet FROM " + pq.QuoteIdentifier(r.app))
	require.NoError(t, err)
	s := postgres.New(r.appPool, postgres.WithBackgroundSealer(false))
	err = s.CheckSchema(ctx)
	require.Error(t, err)
	assert.Equal(t, carenet.Internal, carenet.ErrorCode(err))
	assert.Contains(t, err.Error(), "carenet grant -role")

	// Granted again, with one table's grant taken away (as after a
	// release whose migration added a table, before grant ran again).
	require.NoError(t, owner.Grant(ctx, r.app))
	_, err = r.ownerPool.Exec("REVOKE ALL ON carenet.people FROM " + pq.QuoteIdentifier(r.app))
	require.NoError(t, err)
	sv, err := auth.NewService(s.Auth(), auth.Config{Hasher: carenettest.FastHasher})
	require.NoError(t, err)
	_, err = personnel.NewService(s.Personnel(), sv, personnel.Config{}).CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: uniq("admin"), Password: servicePassword},
	})
	require.Error(t, err)
	assert.Equal(t, carenet.Internal, carenet.ErrorCode(err))
	assert.Contains(t, err.Error(), "carenet grant -role")
}

// TestGrantRefusesABadRole names the field and the rule for every role
// Grant will not grant to, and grants nothing.
func TestGrantRefusesABadRole(t *testing.T) {
	for role, rule := range map[string]string{
		"":                             carenet.RuleRequired,
		"App":                          carenet.RuleFormat,
		"app; DROP":                    carenet.RuleFormat,
		"1app":                         carenet.RuleFormat,
		"pg_monitor":                   carenet.RuleNotAllowed,
		"public":                       carenet.RuleNotAllowed,
		"a" + string(make([]byte, 63)): carenet.RuleFormat,
	} {
		_, err := postgres.GrantStatements(role)
		assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%q", role)
		assert.True(t, carenet.Validation(err).Has("role", rule), "%q: %v", role, err)
	}
	r := newTwoRoles(t)
	owner := postgres.New(r.ownerPool, postgres.WithBackgroundSealer(false))
	for role, why := range map[string]string{"nobody_" + randomHex(4): "does not exist", r.owner: "owns the schema"} {
		err := owner.Grant(ctx, role)
		assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err), role)
		assert.True(t, carenet.Validation(err).Has("role", carenet.RuleNotAllowed), "%s: %v", role, err)
		assert.Contains(t, err.Error(), why)
	}
}
