package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/carenet-go/carenet/postgres"
)

// ExampleMigrationsFS walks the schema's steps in order, as a host's own
// migration tool would apply them; each file records itself.
func ExampleMigrationsFS() {
	fsys, err := postgres.MigrationsFS()
	if err != nil {
		log.Fatal(err)
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		log.Fatal(err)
	}
	first, err := fs.ReadFile(fsys, entries[0].Name())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(entries[0].Name())
	fmt.Println(strings.Contains(string(first), "INSERT INTO carenet.schema_migrations"))
	// Output:
	// 0001_init.sql
	// true
}

// ExampleNew_pgx runs the store on a pool of pgx's database/sql driver,
// behind pgbouncer in transaction mode (one round trip per statement), on a
// schema the host's own tool migrated: CheckSchema says whether it is this
// release's.
func ExampleNew_pgx() {
	db, err := sql.Open("pgx", "postgres://carenet@pgbouncer.internal:6432/carenet?default_query_exec_mode=exec")
	if err != nil {
		log.Fatal(err)
	}
	store := postgres.New(db)
	if err := store.CheckSchema(context.Background()); err != nil {
		log.Fatal(err) // names the database's schema version and this release's
	}
}
