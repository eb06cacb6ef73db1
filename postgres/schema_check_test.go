package postgres_test

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// releaseVersion is the version this release's schema ends at.
func releaseVersion(t *testing.T) int {
	t.Helper()
	ms, err := postgres.Migrations()
	require.NoError(t, err)
	return ms[len(ms)-1].Version
}

// requireSchemaRefused checks that err is the store's refusal of a schema
// at version have, naming it and this release's version.
func requireSchemaRefused(t *testing.T, err error, have int) {
	t.Helper()
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err), "error: %v", err)
	var v *postgres.SchemaVersionError
	require.True(t, errors.As(err, &v), "no SchemaVersionError in %v", err)
	require.Equal(t, have, v.Database)
	require.Equal(t, releaseVersion(t), v.Release)
	msg := err.Error()
	require.Contains(t, msg, fmt.Sprintf("version %d", have))
	require.Contains(t, msg, fmt.Sprintf("version %d", releaseVersion(t)))
}

// viewPeople runs a search through the store, the first use of it.
func viewPeople(s *postgres.Store) error {
	return s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().Search(ctx, personnel.SearchQuery{States: []personnel.State{personnel.Active}, Limit: 1})
		return err
	})
}

func TestStoreRefusesASchemaNotMigrated(t *testing.T) {
	db := openDB(t, newDatabase(t, false), nil)
	s := postgres.New(db)
	err := viewPeople(s)
	requireSchemaRefused(t, err, 0)
	require.Contains(t, err.Error(), "not migrated")
	require.Contains(t, err.Error(), "carenet migrate")
	_, err = s.Auth().(auth.SessionLooker).LookupSession(ctx, "0000")
	requireSchemaRefused(t, err, 0)
	requireSchemaRefused(t, s.CheckSchema(ctx), 0)
	// Migrating makes the same store usable.
	require.NoError(t, s.Migrate(ctx))
	require.NoError(t, viewPeople(s))
}

func TestStoreRefusesASchemaMigratedPartWay(t *testing.T) {
	db := openDB(t, newDatabase(t, false), nil)
	ms, err := postgres.Migrations()
	require.NoError(t, err)
	_, err = db.Exec(ms[0].SQL)
	require.NoError(t, err)
	err = viewPeople(postgres.New(db))
	requireSchemaRefused(t, err, ms[0].Version)
	require.Contains(t, err.Error(), "missing")
}

func TestStoreRefusesASchemaOfANewerRelease(t *testing.T) {
	_, db := freshStore(t)
	newer := releaseVersion(t) + 1
	_, err := db.Exec("INSERT INTO carenet.schema_migrations (version, name, checksum) VALUES ($1, 'from_the_future', 'x')", newer)
	require.NoError(t, err)
	s := postgres.New(db)
	err = viewPeople(s)
	requireSchemaRefused(t, err, newer)
	require.Contains(t, err.Error(), "newer release")
	require.Contains(t, err.Error(), "upgrade the SDK")
	// Migrate refuses it too, and leaves it as it was.
	err = s.Migrate(ctx)
	requireSchemaRefused(t, err, newer)
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, newer, v)
}

func TestMigrationsFSListsTheStepsInOrder(t *testing.T) {
	fsys, err := postgres.MigrationsFS()
	require.NoError(t, err)
	ms, err := postgres.Migrations()
	require.NoError(t, err)
	var names []string
	for _, m := range ms {
		names = append(names, m.FileName())
	}
	require.NoError(t, fstest.TestFS(fsys, names...))
	entries, err := fs.ReadDir(fsys, ".")
	require.NoError(t, err)
	require.Len(t, entries, len(ms))
	for i, e := range entries {
		require.Equal(t, names[i], e.Name())
		body, err := fs.ReadFile(fsys, e.Name())
		require.NoError(t, err)
		require.Equal(t, ms[i].SQL, string(body))
		require.Contains(t, string(body), fmt.Sprintf("VALUES (%d, '%s', '%s');", ms[i].Version, ms[i].Name, ms[i].Checksum),
			"%s records itself", e.Name())
	}
}

// execMigrationsFS runs each file of MigrationsFS(opts...) on db in order,
// one exec per file, as a host's own migration tool would; what names the
// files' schema in a failure. It returns how many files it ran.
func execMigrationsFS(t *testing.T, db *sql.DB, what string, opts ...postgres.Option) int {
	t.Helper()
	fsys, err := postgres.MigrationsFS(opts...)
	require.NoError(t, err)
	entries, err := fs.ReadDir(fsys, ".")
	require.NoError(t, err)
	for _, e := range entries {
		body, err := fs.ReadFile(fsys, e.Name())
		require.NoError(t, err)
		_, err = db.Exec(string(body))
		require.NoError(t, err, "%s of %s", e.Name(), what)
	}
	return len(entries)
}

// TestMigrationsAppliedByAnotherTool applies MigrationsFS as a host's own
// tool would, one exec per file in order, and then opens the store.
func TestMigrationsAppliedByAnotherTool(t *testing.T) {
	db := openDB(t, newDatabase(t, false), nil)
	files := execMigrationsFS(t, db, "the default schema")
	s := postgres.New(db)
	require.NoError(t, s.CheckSchema(ctx))
	p := person(uniq("p"), "Ada", "Lovelace")
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))
	require.NoError(t, viewPeople(s))
	_, err := s.Auth().(auth.SessionLooker).LookupSession(ctx, "0000")
	requireCode(t, err, carenet.NotFound)
	// Migrate finds everything applied, with the same checksums.
	var before int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM carenet.schema_migrations").Scan(&before))
	require.NoError(t, s.Migrate(ctx))
	var after int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM carenet.schema_migrations").Scan(&after))
	require.Equal(t, before, after)
	require.Equal(t, files, after)
}
