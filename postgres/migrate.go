package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/carenet-go/carenet"
)

// The schema, one file per step, applied in the order of their numbers.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateLockKey is the advisory lock that serialises Migrate across
// processes ("carenet" in ASCII) in the default schema; another schema's
// Migrate takes a key of its own (schema.lockKey), so schemas migrate
// independently. It is a transaction lock, taken by each
// migration's transaction, so it holds no state in the session: a pooler
// in transaction mode (pgbouncer) may hand every transaction to another
// server connection.
const migrateLockKey int64 = 0x63617265_6e6574

// Migration is one step of the schema as this release knows it.
type Migration struct {
	// Version is the file's number; Name the rest of its name.
	Version int
	Name    string
	// Checksum is the hex SHA-256 of the file as the SDK ships it, which
	// names the schema carenet: the same whatever the schema, so that the
	// record of a step says which step it is.
	Checksum string
	// Schema is the schema SQL is for.
	Schema string
	// SQL is what applying the step runs: the file, then the statement
	// that records it in the schema's schema_migrations table; for another
	// schema than carenet, every name of the schema in it is that schema's
	// (see WithSchema).
	SQL string
}

// FileName is the name of the migration's file in MigrationsFS:
// "0001_init.sql".
func (m Migration) FileName() string { return fmt.Sprintf("%04d_%s.sql", m.Version, m.Name) }

// migrationName is what may follow a migration file's number.
var migrationName = regexp.MustCompile(`^[a-z0-9_]+$`)

// Migrations lists the migrations of this release in order of their
// versions, which increase (numbers may be skipped), for the schema
// carenet, or for the one WithSchema names among opts (the other options
// do not matter here). It returns Invalid, naming the field "schema", for
// a schema name ValidateSchemaName refuses, and an Internal error if the
// embedded files are malformed.
func Migrations(opts ...Option) ([]Migration, error) {
	sc := schemaOf(opts)
	if sc.err != nil {
		return nil, sc.err
	}
	return migrationsFor(sc)
}

// migrationsFor is Migrations for the schema sc.
func migrationsFor(sc *schema) ([]Migration, error) {
	fail := func(err error) ([]Migration, error) {
		return nil, carenet.E("postgres.Migrations", carenet.Internal, "", err)
	}
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return fail(err)
	}
	var out []Migration
	for _, e := range entries {
		file := e.Name()
		num, name, ok := strings.Cut(strings.TrimSuffix(file, ".sql"), "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil || version < 1 || len(num) != 4 || !migrationName.MatchString(name) {
			return fail(fmt.Errorf("migration file %q is not named NNNN_name.sql", file))
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", file))
		if err != nil {
			return fail(err)
		}
		sum := sha256.Sum256(body)
		m := Migration{Version: version, Name: name, Checksum: hex.EncodeToString(sum[:]), Schema: sc.name}
		// The values are the file's own number, name and checksum, checked
		// above: no outside text reaches this statement.
		m.SQL = fmt.Sprintf("%s\n-- Recorded, whichever tool applies this file, so that the store knows the\n"+
			"-- schema's version.\nINSERT INTO carenet.schema_migrations (version, name, checksum)\n"+
			"    VALUES (%d, '%s', '%s');\n", strings.TrimRight(string(body), "\n"), m.Version, m.Name, m.Checksum)
		m.SQL = sc.qualify(m.SQL)
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return fail(fmt.Errorf("two migrations have the number %d", out[i].Version))
		}
	}
	if len(out) == 0 {
		return fail(fmt.Errorf("no migrations"))
	}
	return out, nil
}

// latest is the version this release's schema ends at.
func latest(ms []Migration) int { return ms[len(ms)-1].Version }

var migrateOp = op{name: "postgres.Migrate", noun: "schema"}

// Migrate brings the store's schema up to date (creating it if need be):
// it applies, in order, each migration not yet recorded in the schema's
// schema_migrations table, each in its own
// transaction together with its record. Each of those transactions first
// takes a PostgreSQL advisory transaction lock, so hosts starting at once
// apply each migration once and all succeed; nothing is kept in the
// session, so Migrate works through a pooler in transaction mode. Calling
// it on an up-to-date schema changes nothing. Each schema (WithSchema) is
// migrated on its own: the others are neither read nor locked.
//
// Returns Invalid for a schema name ValidateSchemaName refuses, Canceled if ctx ends first, and Internal if a migration fails,
// one applied earlier differs from this release's file of the same number,
// or the schema holds migrations of a newer release (a *SchemaVersionError
// in the chain says which).
func (s *Store) Migrate(ctx context.Context) error { return s.migrate(ctx, 0) }

// migrate is Migrate stopping after the migration numbered upTo; 0
// applies them all.
func (s *Store) migrate(ctx context.Context, upTo int) error {
	if s.schema.err != nil {
		return s.schema.err
	}
	ms, err := migrationsFor(s.schema)
	if err != nil {
		return err
	}
	if upTo > 0 {
		n := 0
		for n < len(ms) && ms[n].Version <= upTo {
			n++
		}
		ms = ms[:n]
	}
	for {
		done, err := s.migrateStep(ctx, ms)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies, under the migration lock, the first migration of
// ms the database lacks, in one transaction with its record; done reports
// that none was missing.
func (s *Store) migrateStep(ctx context.Context, ms []Migration) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return false, dbError(ctx, migrateOp, err)
	}
	defer tx.Rollback()
	q := s.on(tx)
	if _, err := execute(ctx, q, psql.Select().Column("pg_advisory_xact_lock(?)", s.schema.lockKey(migrateLockKey))); err != nil {
		return false, dbError(ctx, migrateOp, err)
	}
	applied, err := appliedMigrations(ctx, q, s.schema)
	if err != nil {
		return false, dbError(ctx, migrateOp, err)
	}
	if v := versionMismatch(ms, applied); v != nil && len(v.Unknown) > 0 {
		// Nothing of a newer release is undone or mixed with this one's.
		return false, carenet.E(migrateOp.name, carenet.Internal, "", v)
	}
	for _, m := range ms {
		sum, ok := applied[m.Version]
		if ok {
			if sum != m.Checksum {
				return false, carenet.E(migrateOp.name, carenet.Internal, "",
					fmt.Errorf("migration %d (%s) differs from the one applied to this database", m.Version, m.Name))
			}
			continue
		}
		fail := func(err error) error {
			if ctx.Err() != nil {
				return dbError(ctx, migrateOp, err)
			}
			return carenet.E(migrateOp.name, carenet.Internal, "", fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err))
		}
		// A migration file is the one place where SQL text is sent as it
		// is: migrationsFor qualified it for the schema.
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return false, fail(err)
		}
		if err := tx.Commit(); err != nil {
			return false, fail(err)
		}
		return false, nil
	}
	if err := tx.Commit(); err != nil {
		return false, dbError(ctx, migrateOp, err)
	}
	s.schemaChecked.Store(true)
	return true, nil
}

// appliedMigrations returns the checksums of the migrations recorded in
// the schema sc by version; none when its table does not exist yet.
func appliedMigrations(ctx context.Context, db queryer, sc *schema) (map[int]string, error) {
	var exists bool
	if err := queryOne(ctx, db, psql.Select().Column("to_regclass(?) IS NOT NULL", sc.quoted+".schema_migrations"), &exists); err != nil {
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

// SchemaVersion returns the highest migration applied to the store's
// schema; 0 for a schema never migrated. Returns Invalid for a schema name
// ValidateSchemaName refuses, Canceled if ctx ends first, Internal on any
// other failure.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	if s.schema.err != nil {
		return 0, s.schema.err
	}
	applied, err := appliedMigrations(ctx, s.pool, s.schema)
	if err != nil {
		return 0, dbError(ctx, op{name: "postgres.SchemaVersion", noun: "schema"}, err)
	}
	v := 0
	for version := range applied {
		v = max(v, version)
	}
	return v, nil
}
