package postgres_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/postgres"
)

var ctx = context.Background()

func TestMigrateFromScratchAndAgain(t *testing.T) {
	db := openDB(t, newDatabase(t, false), nil)
	s := postgres.New(db)
	ms, err := postgres.Migrations()
	require.NoError(t, err)
	require.NotEmpty(t, ms)

	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, 0, v, "a database never migrated")

	require.NoError(t, s.Migrate(ctx))
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, ms[len(ms)-1].Version, v)

	// Idempotent: a second run changes nothing.
	var before []string
	rows, err := db.Query("SELECT version || ':' || name || ':' || checksum || ':' || applied_at FROM carenet.schema_migrations ORDER BY version")
	require.NoError(t, err)
	for rows.Next() {
		var r string
		require.NoError(t, rows.Scan(&r))
		before = append(before, r)
	}
	require.NoError(t, rows.Err())
	require.Len(t, before, len(ms))
	require.NoError(t, s.Migrate(ctx))
	var after []string
	rows, err = db.Query("SELECT version || ':' || name || ':' || checksum || ':' || applied_at FROM carenet.schema_migrations ORDER BY version")
	require.NoError(t, err)
	for rows.Next() {
		var r string
		require.NoError(t, rows.Scan(&r))
		after = append(after, r)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, before, after)
	for i, m := range ms {
		if i > 0 {
			require.Greater(t, m.Version, ms[i-1].Version, "versions increase")
		}
		require.Len(t, m.Checksum, 64)
	}
}

func TestMigrateSeedsBuiltinGroups(t *testing.T) {
	s, db := freshStore(t)
	require.NoError(t, s.Migrate(ctx), "migrating again must not seed twice")
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM carenet.security_groups WHERE built_in").Scan(&n))
	require.Equal(t, len(auth.BuiltinGroups()), n)
	require.NoError(t, s.Auth().View(ctx, func(tx auth.Tx) error {
		groups, err := tx.SecurityGroups().List(ctx)
		require.NoError(t, err)
		require.Len(t, groups, len(auth.BuiltinGroups()))
		for _, want := range auth.BuiltinGroups() {
			got, err := auth.SecurityGroupByID(ctx, tx.SecurityGroups(), want.ID)
			require.NoError(t, err)
			require.Equal(t, want, got)
		}
		return nil
	}))
}

// TestMigrateConcurrently starts two hosts on one empty database at once:
// both succeed and each migration is applied once.
func TestMigrateConcurrently(t *testing.T) {
	name := newDatabase(t, false)
	ms, err := postgres.Migrations()
	require.NoError(t, err)
	const hosts = 4
	var wg sync.WaitGroup
	errs := make([]error, hosts)
	start := make(chan struct{})
	for i := range hosts {
		db := openDB(t, name, nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = postgres.New(db).Migrate(ctx)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "host %d", i)
	}
	db := openDB(t, name, nil)
	var rows, versions int
	require.NoError(t, db.QueryRow("SELECT count(*), count(DISTINCT version) FROM carenet.schema_migrations").Scan(&rows, &versions))
	require.Equal(t, len(ms), rows)
	require.Equal(t, len(ms), versions)
	var builtins int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM carenet.security_groups").Scan(&builtins))
	require.Equal(t, len(auth.BuiltinGroups()), builtins)
	// No session still holds the migration lock.
	var locks int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").Scan(&locks))
	require.Zero(t, locks)
}

func TestMigrateRefusesAChangedMigration(t *testing.T) {
	_, db := freshStore(t)
	_, err := db.Exec("UPDATE carenet.schema_migrations SET checksum = 'edited' WHERE version = 1")
	require.NoError(t, err)
	err = postgres.New(db).Migrate(ctx)
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err), "error: %v", err)
	require.Contains(t, err.Error(), "differs")
}

func TestMigrateCanceled(t *testing.T) {
	db := openDB(t, newDatabase(t, false), nil)
	c, cancel := context.WithCancel(ctx)
	cancel()
	err := postgres.New(db).Migrate(c)
	require.Equal(t, carenet.Canceled, carenet.ErrorCode(err), "error: %v", err)
	v, err := postgres.New(db).SchemaVersion(ctx)
	require.NoError(t, err)
	require.Zero(t, v)
}

// migratedTo opens a new database and a store on it migrated up to
// version, for a test of a later migration over rows of the older schema.
func migratedTo(t *testing.T, version int) (*sql.DB, *postgres.Store) {
	t.Helper()
	db := openDB(t, newDatabase(t, false), nil)
	s := postgres.New(db)
	require.NoError(t, postgres.MigrateTo(ctx, s, version))
	return db, s
}
