package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/carenet-go/carenet"
)

// SchemaVersionError says that the database's schema is not the one this
// release of the SDK works with: not migrated, migrated only part of the
// way, or migrated by a newer release. Store operations return it (in an
// Internal *carenet.Error) instead of running on such a schema.
type SchemaVersionError struct {
	// Schema is the schema the store keeps its tables in.
	Schema string
	// Database is the highest version applied to the schema; 0 if none.
	Database int
	// Release is the version this release's schema ends at.
	Release int
	// Missing lists the versions of this release the database lacks.
	Missing []int
	// Unknown lists the versions applied to the database that this
	// release does not have: a newer release applied them.
	Unknown []int
}

// howToMigrate ends the message of a schema that is behind.
func (e *SchemaVersionError) howToMigrate() string {
	if e.Schema == "" || e.Schema == DefaultSchema {
		return "run Store.Migrate or \"carenet migrate\", or apply postgres.MigrationsFS with your migration tool"
	}
	return fmt.Sprintf("run Store.Migrate or \"carenet migrate -schema %s\", or apply postgres.MigrationsFS(postgres.WithSchema(%q)) "+
		"with your migration tool", e.Schema, e.Schema)
}

func (e *SchemaVersionError) Error() string {
	name := "the database schema"
	if e.Schema != "" {
		name = fmt.Sprintf("the database schema %q", e.Schema)
	}
	switch {
	case len(e.Unknown) > 0:
		return fmt.Sprintf("%s is at version %d, migrated by a newer release of the SDK than this one, "+
			"whose schema is at version %d (versions %v are unknown to it): upgrade the SDK", name, e.Database, e.Release, e.Unknown)
	case e.Database == 0:
		return fmt.Sprintf("%s is not migrated (version 0); this release of the SDK needs version %d: %s",
			name, e.Release, e.howToMigrate())
	default:
		return fmt.Sprintf("%s is at version %d; this release of the SDK needs version %d (versions %v are missing): %s",
			name, e.Database, e.Release, e.Missing, e.howToMigrate())
	}
}

// versionMismatch compares the applied migrations with the release's, and
// returns nil when the database has exactly the release's.
func versionMismatch(ms []Migration, applied map[int]string) *SchemaVersionError {
	e := &SchemaVersionError{Schema: ms[0].Schema, Release: latest(ms)}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.Version] = true
		if _, ok := applied[m.Version]; !ok {
			e.Missing = append(e.Missing, m.Version)
		}
	}
	for v := range applied {
		e.Database = max(e.Database, v)
		if !known[v] {
			e.Unknown = append(e.Unknown, v)
		}
	}
	slices.Sort(e.Unknown)
	if len(e.Missing) == 0 && len(e.Unknown) == 0 {
		return nil
	}
	return e
}

var checkSchemaOp = op{name: "postgres.CheckSchema", noun: "schema"}

// CheckSchema returns nil if the database holds exactly this release's
// migrations. Otherwise it returns an Internal error that says what to do,
// with a *SchemaVersionError in its chain naming both versions: the
// database's and this release's. Canceled if ctx ends first.
//
// Every transaction and session lookup checks the schema so before the
// store's first use (and again after a failed check): a store opened on a
// schema that is not migrated, or migrated by a newer release, refuses to
// run rather than fail half-way through an operation. Migrate, and a
// schema migrated with the host's own tool from MigrationsFS, satisfy it.
//
// The first check that passes also settles how the store sends its
// statements, unless WithPreparedStatements did (see "Planned once" in the
// package comment).
func (s *Store) CheckSchema(ctx context.Context) error {
	if s.schema.err != nil {
		return s.schema.err
	}
	ms, err := migrationsFor(s.schema)
	if err != nil {
		return err
	}
	applied, err := appliedMigrations(ctx, s.pool, s.schema)
	if err != nil {
		return dbError(ctx, checkSchemaOp, err)
	}
	if v := versionMismatch(ms, applied); v != nil {
		return carenet.E(checkSchemaOp.name, carenet.Internal, "", v)
	}
	s.stmts.decide(ctx)
	s.schemaChecked.Store(true)
	return nil
}

// schemaReady checks the schema the first time the store is used, and
// until a check passes.
func (s *Store) schemaReady(ctx context.Context) error {
	if s.schemaChecked.Load() {
		return nil
	}
	return s.CheckSchema(ctx)
}
