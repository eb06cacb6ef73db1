package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// schemaExists reports whether database db has the schema.
func schemaExists(t *testing.T, db *sql.DB, schema string) bool {
	t.Helper()
	var ok bool
	require.NoError(t, db.QueryRow("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema).Scan(&ok))
	return ok
}

// TestSchemasMigrateIndependently takes one schema part of the way and
// another all of it in the same database: each records its own steps, is
// refused or served by its own version, and the default schema, never
// migrated, is neither.
func TestSchemasMigrateIndependently(t *testing.T) {
	db := openDB(t, newDatabase(t, false), nil)
	ms, err := postgres.Migrations()
	require.NoError(t, err)
	partWay := ms[2].Version
	a := postgres.New(db, postgres.WithSchema("center_a"))
	b := postgres.New(db, postgres.WithSchema("center_b"))
	require.NoError(t, postgres.MigrateTo(ctx, a, partWay))
	require.NoError(t, b.Migrate(ctx))

	for s, want := range map[*postgres.Store]int{a: partWay, b: releaseVersion(t)} {
		v, err := s.SchemaVersion(ctx)
		require.NoError(t, err)
		require.Equal(t, want, v, "the version of %s", s.Schema())
	}
	var rows int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM "center_a".schema_migrations`).Scan(&rows))
	require.Equal(t, 3, rows, "center_a records its own steps")
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM "center_b".schema_migrations`).Scan(&rows))
	require.Equal(t, len(ms), rows)

	// A store of its own: the one that migrated part of the way has
	// checked the schema already.
	err = viewPeople(postgres.New(db, postgres.WithSchema("center_a")))
	requireSchemaRefused(t, err, partWay)
	require.Contains(t, err.Error(), `schema "center_a" is at version`)
	require.Contains(t, err.Error(), `carenet migrate -schema center_a`)
	require.NoError(t, viewPeople(b), "center_b is served while center_a is behind")
	requireSchemaRefused(t, postgres.New(db).CheckSchema(ctx), 0)
	require.False(t, schemaExists(t, db, postgres.DefaultSchema), "no one touched the default schema")

	// A newer release's step in one schema leaves the other alone.
	_, err = db.Exec(`INSERT INTO "center_b".schema_migrations (version, name, checksum) VALUES ($1, 'from_the_future', 'x')`, releaseVersion(t)+1)
	require.NoError(t, err)
	require.NoError(t, a.Migrate(ctx))
	require.NoError(t, viewPeople(a))
	err = postgres.New(db, postgres.WithSchema("center_b")).CheckSchema(ctx)
	requireSchemaRefused(t, err, releaseVersion(t)+1)
	require.Contains(t, err.Error(), `schema "center_b"`)
}

// TestStoreOnASchemaNotMigrated opens a store on a schema the database
// does not have: every operation is refused, naming the schema and how to
// migrate it, and nothing is created.
func TestStoreOnASchemaNotMigrated(t *testing.T) {
	_, db := sharedStore(t)
	s := postgres.New(db, postgres.WithSchema("center_never"))
	err := viewPeople(s)
	requireSchemaRefused(t, err, 0)
	require.Contains(t, err.Error(), `schema "center_never" is not migrated`)
	require.Contains(t, err.Error(), `carenet migrate -schema center_never`)
	require.Contains(t, err.Error(), `postgres.MigrationsFS(postgres.WithSchema("center_never"))`)
	_, err = s.Auth().(auth.SessionLooker).LookupSession(ctx, "0000")
	requireSchemaRefused(t, err, 0)
	requireSchemaRefused(t, s.Grant(ctx, "nobody_at_all"), 0)
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Zero(t, v)
	require.False(t, schemaExists(t, db, "center_never"))
}

// TestStoreRefusesABadSchemaName makes a store with New on a malformed
// schema name: every call returns Invalid naming the field "schema", and
// nothing reaches the database.
func TestStoreRefusesABadSchemaName(t *testing.T) {
	_, db := sharedStore(t)
	s := postgres.New(db, postgres.WithSchema(`x"; DROP SCHEMA carenet CASCADE; --`))
	t.Cleanup(func() { s.Close() })
	requireBad := func(what string, err error) {
		t.Helper()
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%s: %v", what, err)
		v := carenet.Validation(err)
		require.NotNil(t, v, "%s: %v", what, err)
		require.Equal(t, "schema", v.Problems[0].Field, what)
		require.Equal(t, carenet.RuleFormat, v.Problems[0].Rule, what)
	}
	requireBad("Migrate", s.Migrate(ctx))
	requireBad("CheckSchema", s.CheckSchema(ctx))
	_, err := s.SchemaVersion(ctx)
	requireBad("SchemaVersion", err)
	_, err = s.Seal(ctx)
	requireBad("Seal", err)
	requireBad("Grant", s.Grant(ctx, "app"))
	requireBad("View", viewPeople(s))
	requireBad("Update", s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		return tx.People().Create(ctx, person(uniq("p"), "Ada", "Lovelace"))
	}))
	_, err = s.Auth().(auth.SessionLooker).LookupSession(ctx, "0000")
	requireBad("LookupSession", err)
	require.True(t, schemaExists(t, db, postgres.DefaultSchema))
}

// TestMigrationsFSForASchemaAppliedByAnotherTool applies the files of two
// schemas as a host's own tool would, one exec per file, and opens a store
// on each: both are migrated and apart.
func TestMigrationsFSForASchemaAppliedByAnotherTool(t *testing.T) {
	db := openDB(t, newDatabase(t, false), nil)
	for _, schema := range []string{"center_x", "center_y"} {
		execMigrationsFS(t, db, schema, postgres.WithSchema(schema))
	}
	x := postgres.New(db, postgres.WithSchema("center_x"))
	y := postgres.New(db, postgres.WithSchema("center_y"))
	require.NoError(t, x.CheckSchema(ctx))
	require.NoError(t, y.CheckSchema(ctx))
	require.NoError(t, x.Migrate(ctx), "Migrate finds every step recorded")
	p := person(uniq("p"), "Ada", "Lovelace")
	require.NoError(t, x.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))
	require.NoError(t, y.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, p.ID)
		requireCode(t, err, carenet.NotFound)
		return nil
	}))
	require.False(t, schemaExists(t, db, postgres.DefaultSchema))
}

// TestSchemasTakeLocksOfTheirOwn holds the default schema's seal and
// migration locks, as a sealer or a Migrate of another process would: the
// default schema's store waits for them, a store on another schema does
// not.
func TestSchemasTakeLocksOfTheirOwn(t *testing.T) {
	db := openDB(t, newDatabase(t, true), nil)
	const sealLock, migrateLock = 0x61756469745f7365, 0x636172656e6574
	hold, err := db.Begin()
	require.NoError(t, err)
	defer hold.Rollback()
	for _, key := range []int64{sealLock, migrateLock} {
		_, err = hold.Exec("SELECT pg_advisory_xact_lock($1)", key)
		require.NoError(t, err)
	}

	other := postgres.New(db, postgres.WithSchema(otherSchema), postgres.WithBackgroundSealer(false))
	def := postgres.New(db, postgres.WithBackgroundSealer(false))
	for _, s := range []*postgres.Store{other, def} {
		require.NoError(t, s.Audit().Update(ctx, func(tx audit.Tx) error {
			_, err := tx.Audit().Append(ctx, audit.Event{ID: uniq("e"), Action: "test.lock"})
			return err
		}))
	}
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	head, err := other.Seal(wait)
	require.NoError(t, err, "another schema's sealer takes a lock of its own")
	require.Equal(t, int64(1), head.Seq)
	fresh := postgres.New(db, postgres.WithSchema("center_new"))
	require.NoError(t, fresh.Migrate(wait), "another schema migrates under a lock of its own")

	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	_, err = def.Seal(short)
	require.Equal(t, carenet.Canceled, carenet.ErrorCode(err), "the default schema's sealer waits for its lock: %v", err)
	short, cancelShort = context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	err = postgres.New(db, postgres.WithSchema(postgres.DefaultSchema)).Migrate(short)
	require.Equal(t, carenet.Canceled, carenet.ErrorCode(err), "the default schema's Migrate waits for its lock: %v", err)
	require.NoError(t, hold.Rollback())
	_, err = def.Seal(ctx)
	require.NoError(t, err)
}

// TestGrantsPerSchema migrates a second schema as the owner and grants the
// application role on it: the role works in both schemas, granting on one
// leaves its privileges on the other as they were, and a third schema it
// was not granted is refused for want of a privilege, saying what to do.
func TestGrantsPerSchema(t *testing.T) {
	r := newTwoRoles(t)
	owner := postgres.New(r.ownerPool, postgres.WithSchema("center_b"), postgres.WithBackgroundSealer(false))
	require.NoError(t, owner.Migrate(ctx))
	require.NoError(t, owner.Grant(ctx, r.app))
	third := postgres.New(r.ownerPool, postgres.WithSchema("center_c"), postgres.WithBackgroundSealer(false))
	require.NoError(t, third.Migrate(ctx))

	for _, schema := range []string{postgres.DefaultSchema, "center_b"} {
		for priv, want := range map[string]bool{"SELECT": true, "INSERT": true, "UPDATE": false, "DELETE": false, "TRUNCATE": false} {
			var has bool
			require.NoError(t, r.ownerPool.QueryRow("SELECT has_table_privilege($1, $2, $3)", r.app, pq.QuoteIdentifier(schema)+".audit_events", priv).Scan(&has))
			require.Equal(t, want, has, "%s on %s.audit_events", priv, schema)
		}
		s := postgres.New(r.appPool, postgres.WithSchema(schema), postgres.WithSyncSealing())
		t.Cleanup(func() { s.Close() })
		sv := newServices(t, s)
		_, err := sv.audit.VerifyLog(ctx, audit.VerifyOptions{})
		require.NoError(t, err, "the application role works in %s", schema)
	}
	var create bool
	require.NoError(t, r.ownerPool.QueryRow("SELECT has_schema_privilege($1, 'center_b', 'CREATE')", r.app).Scan(&create))
	require.False(t, create, "no CREATE on center_b")

	err := viewPeople(postgres.New(r.appPool, postgres.WithSchema("center_c")))
	require.Error(t, err)
	require.Contains(t, err.Error(), "carenet grant", "the store says how to grant: %v", err)

	// The owner of a schema is refused as the application's role.
	err = owner.Grant(ctx, r.owner)
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	require.Contains(t, err.Error(), "owns the schema center_b")
	var se *postgres.SchemaVersionError
	require.False(t, errors.As(err, &se))
}
