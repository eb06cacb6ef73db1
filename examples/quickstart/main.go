// Command quickstart tells the story of a Children's Advocacy Center
// through the SDK's public API and prints a transcript of what happened:
// an administrator sets up security groups; staff, an intern and outside
// partners get profiles; portal users of each designation log in and see
// their landing page and tabs; a law-enforcement partner submits a referral
// and follows its status while staff accept it (through the host's intake
// hook and its duplicate-client check); a staff member records an interview
// video and shares it view-only with a prosecutor and with download to a
// detective, whose tickets the storage proxy verifies; the intern's end
// date passes and the sweep deactivates them; their old password and
// session stop working; deleting a used profile is refused; the video's
// chain of custody lists what happened to it; and the audit chain verifies.
//
// Each chapter is a file of its own (people.go, referral.go, video.go,
// ending.go), written to be read and copied: it calls a service, checks
// what came back and says so in the transcript.
//
// On the embedded memory store:
//
//	go run ./examples/quickstart
//
// On PostgreSQL, in a database it creates if it does not exist and
// migrates first (the story needs an empty database: name a new one for
// each run):
//
//	go run ./examples/quickstart -dsn 'postgres://postgres@127.0.0.1:5432/carenet_demo?sslmode=disable'
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
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/postgres"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the program; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dsn := fs.String("dsn", "", "tell the story on PostgreSQL, in this database (created if missing; must be empty)")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "usage: quickstart [-dsn URL]\n\nTell the story of a Children's Advocacy Center through the SDK, on the memory store or,\nwith -dsn, on PostgreSQL.\n\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stderr)
			return 0
		}
		fmt.Fprintf(stderr, "quickstart: %v\nRun 'quickstart -h' for usage.\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "quickstart: unexpected argument %q\nRun 'quickstart -h' for usage.\n", fs.Arg(0))
		return 2
	}
	var err error
	if *dsn == "" {
		err = tell(ctx, stdout, memory.New())
	} else {
		err = onPostgres(ctx, *dsn, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "quickstart failed:", describe(err))
		return 1
	}
	return 0
}

// onPostgres creates the database if it does not exist, migrates it and
// tells the story on it.
func onPostgres(ctx context.Context, dsn string, w io.Writer) error {
	created, err := createDatabase(ctx, dsn)
	if err != nil {
		return err
	}
	store, err := postgres.Open(dsn)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	v, err := store.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintln(w, "Created the database.")
	}
	fmt.Fprintf(w, "Migrated the database to schema version %d.\n", v)
	return tell(ctx, w, store)
}

// describe keeps an internal error whole, with its cause for the operator,
// and gives any other SDK error as its message.
func describe(err error) error {
	if carenet.ErrorCode(err) == carenet.Internal {
		return err
	}
	return errors.New(carenet.ErrorMessage(err))
}
