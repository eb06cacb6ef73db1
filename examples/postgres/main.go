// Command postgres tells the quickstart's story on PostgreSQL: it connects
// to the database named by -dsn (or, without it, DATABASE_URL), applies the
// SDK's migrations, and runs every step of examples/quickstart against the
// postgres store, printing the same transcript.
//
//	createdb carenet_demo
//	go run ./examples/postgres -dsn 'postgres://postgres@127.0.0.1:5432/carenet_demo?sslmode=disable'
//
// The story creates its cast with fixed usernames, so it needs a database of
// its own: on a database that already holds the SDK's records it stops
// before changing anything.
//
// Exit status: 0 when every step behaved as expected, 1 when one did not
// or the database failed, 2 for a usage error. Errors go to standard error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/internal/story"
	"github.com/carenet-go/carenet/postgres"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is the program; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("postgres", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("dsn", "", "PostgreSQL connection URL of a new, empty database (default: $DATABASE_URL)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: postgres [-dsn URL]")
		fmt.Fprintln(stderr, "\nTell the quickstart's story on PostgreSQL, migrating the database first.")
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "postgres: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *dsn == "" {
		*dsn = getenv("DATABASE_URL")
	}
	if *dsn == "" {
		fmt.Fprintln(stderr, "postgres: no database: pass -dsn or set DATABASE_URL")
		return 2
	}
	if err := tell(ctx, *dsn, stdout); err != nil {
		fmt.Fprintln(stderr, "postgres:", err)
		return 1
	}
	return 0
}

// tell opens the store, migrates it and tells the story on it.
func tell(ctx context.Context, dsn string, w io.Writer) error {
	store, err := postgres.Open(dsn)
	if err != nil {
		return describe(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", describe(err))
	}
	v, err := store.SchemaVersion(ctx)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(w, "Migrated the database to schema version %d.\n", v)
	return story.Run(ctx, w, store)
}

// describe keeps an internal error whole, with its cause for the operator,
// and gives any other SDK error as its message.
func describe(err error) error {
	if carenet.ErrorCode(err) == carenet.Internal {
		return err
	}
	return errors.New(carenet.ErrorMessage(err))
}
