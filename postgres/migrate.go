package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// The schema, one file per step, applied in the order of their numbers.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateLockKey is the advisory lock that serialises Migrate across
// processes ("carenet" in ASCII).
const migrateLockKey int64 = 0x63617265_6e6574

// Migration is one step of the schema as this release knows it.
type Migration struct {
	// Version is the file's number; Name the rest of its name.
	Version int
	Name    string
	// Checksum is the hex SHA-256 of the file.
	Checksum string
	sql      string
}

// Migrations lists the migrations of this release in order. It returns an
// Internal error only if the embedded files are malformed.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, carenet.E("postgres.Migrations", carenet.Internal, "", err)
	}
	var out []Migration
	for _, e := range entries {
		file := e.Name()
		num, name, ok := strings.Cut(strings.TrimSuffix(file, ".sql"), "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil || version < 1 {
			return nil, carenet.E("postgres.Migrations", carenet.Internal, "", fmt.Errorf("migration file %q is not named NNNN_name.sql", file))
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", file))
		if err != nil {
			return nil, carenet.E("postgres.Migrations", carenet.Internal, "", err)
		}
		sum := sha256.Sum256(body)
		out = append(out, Migration{Version: version, Name: name, Checksum: hex.EncodeToString(sum[:]), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := range out {
		if out[i].Version != i+1 {
			return nil, carenet.E("postgres.Migrations", carenet.Internal, "", fmt.Errorf("migration %d is missing", i+1))
		}
	}
	return out, nil
}

var migrateOp = op{name: "postgres.Migrate", noun: "schema"}

// Migrate brings the schema up to date: it applies, in order, each
// migration not yet recorded in carenet.schema_migrations, each in its own
// transaction together with its record. It holds a PostgreSQL advisory lock
// meanwhile, so hosts starting at once apply each migration once and all
// succeed. Calling it on an up-to-date schema changes nothing.
//
// Returns Canceled if ctx ends first, and Internal if a migration fails or
// one applied earlier differs from this release's file of the same number.
func (s *Store) Migrate(ctx context.Context) error { return s.migrate(ctx, 0) }

// migrate is Migrate stopping after migration upTo; 0 applies them all.
func (s *Store) migrate(ctx context.Context, upTo int) (err error) {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	if upTo > 0 && upTo < len(ms) {
		ms = ms[:upTo]
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return dbError(ctx, migrateOp, err)
	}
	defer conn.Close()
	if _, err := execute(ctx, conn, psql.Select().Column("pg_advisory_lock(?)", migrateLockKey)); err != nil {
		return dbError(ctx, migrateOp, err)
	}
	defer func() {
		// The lock belongs to the connection, which goes back to the pool:
		// release it even if ctx has ended, and if that fails, close the
		// connection instead, which releases it too.
		unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, uerr := execute(unlockCtx, conn, psql.Select().Column("pg_advisory_unlock(?)", migrateLockKey)); uerr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	applied, err := appliedMigrations(ctx, conn)
	if err != nil {
		return dbError(ctx, migrateOp, err)
	}
	for _, m := range ms {
		if sum, ok := applied[m.Version]; ok {
			if sum != m.Checksum {
				return carenet.E(migrateOp.name, carenet.Internal, "",
					fmt.Errorf("migration %d (%s) differs from the one applied to this database", m.Version, m.Name))
			}
			continue
		}
		if err := applyMigration(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration runs m and records it in one transaction.
func applyMigration(ctx context.Context, conn *sql.Conn, m Migration) error {
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return dbError(ctx, migrateOp, err)
	}
	defer tx.Rollback()
	fail := func(err error) error {
		return carenet.E(migrateOp.name, carenet.Internal, "", fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err))
	}
	// A migration file is the one place where SQL text is sent as it is.
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		if ctx.Err() != nil {
			return dbError(ctx, migrateOp, err)
		}
		return fail(err)
	}
	record := psql.Insert("carenet.schema_migrations").Columns("version", "name", "checksum").
		Values(m.Version, m.Name, m.Checksum)
	if _, err := execute(ctx, tx, record); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		if ctx.Err() != nil {
			return dbError(ctx, migrateOp, err)
		}
		return fail(err)
	}
	return nil
}

// appliedMigrations returns the checksums of the recorded migrations by
// version; none when the schema table does not exist yet.
func appliedMigrations(ctx context.Context, db queryer) (map[int]string, error) {
	var exists bool
	if err := queryOne(ctx, db, psql.Select().Column("to_regclass(?) IS NOT NULL", "carenet.schema_migrations"), &exists); err != nil {
		return nil, err
	}
	out := map[int]string{}
	if !exists {
		return out, nil
	}
	err := queryMany(ctx, db, psql.Select("version", "checksum").From("carenet.schema_migrations"), func(row rowScanner) error {
		var v int
		var sum string
		if err := row.Scan(&v, &sum); err != nil {
			return err
		}
		out[v] = sum
		return nil
	})
	return out, err
}

// SchemaVersion returns the highest migration applied to the database; 0
// for a database never migrated. Returns Canceled if ctx ends first,
// Internal on any other failure.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	applied, err := appliedMigrations(ctx, s.db)
	if err != nil {
		return 0, dbError(ctx, op{name: "postgres.SchemaVersion", noun: "schema"}, err)
	}
	v := 0
	for version := range applied {
		v = max(v, version)
	}
	return v, nil
}
