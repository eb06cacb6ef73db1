// Command carenet is the operator's tool for a CareNet installation on
// PostgreSQL: apply migrations, create the first administrator, set a
// password through a password link, run the end-date sweep from cron,
// verify the audit log, and export a video's chain of custody.
//
// Usage:
//
//	carenet [-dsn URL] [-schema NAME] <command> [flags] [arguments]
//	carenet help [command]
//
// The database comes from -dsn (before the command or among its flags) or,
// without it, DATABASE_URL. -schema (likewise) names the schema of the
// store's tables, carenet by default: a database may hold one schema per
// center, each migrated, granted and operated on its own.
//
// Commands:
//
//	migrate         apply the schema migrations (safe to run at every start)
//	grant           give the application's role what the SDK needs, and no more
//	create-admin    create an administrator (prints a one-time password link)
//	set-password    set a password through a password link
//	sweep           deactivate everyone whose end date has passed
//	audit verify    check the audit log's hash chain
//	custody export  write a video's chain of custody as CSV
//	version         print the version and build of this binary
//	help            show help for carenet or a command
//
// Results go to standard output, progress and errors to standard error.
// Commands that take -json print their result as one JSON object for
// scripts. On a terminal, long work shows its progress on standard error;
// otherwise nothing but plain lines is written.
//
// Exit status: 0 when the command did what was asked; 1 when the operation
// failed or was refused (a database error, a broken audit chain, a sweep in
// which someone could not be deactivated, an invalid password link); 2 for
// a usage error (unknown command or flag, a missing or malformed flag or
// argument, no database named), in which case nothing was done.
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

	"github.com/carenet-go/carenet/postgres"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		interactive: isTerminal(os.Stdin), progress: isTerminal(os.Stderr),
	}
	code := run(ctx, e, os.Args[1:], os.Getenv)
	stop()
	os.Exit(code)
}

// env is what a command runs with.
type env struct {
	// dsn names the database; schema the schema of the store's tables
	// in it.
	dsn    string
	schema string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// interactive: standard input is a terminal, so secrets are prompted
	// for without echo.
	interactive bool
	// progress: standard error is a terminal, so long work shows a status
	// line there.
	progress bool
	// getenv reads the environment (keys named by variable, DATABASE_URL).
	getenv func(string) string
}

// run is the command: it parses the global flags, runs the command named
// and returns the exit status.
func run(ctx context.Context, e *env, args []string, getenv func(string) string) int {
	e.getenv = getenv
	fs := flag.NewFlagSet("carenet", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&e.dsn, "dsn", "", "PostgreSQL connection URL (default: $DATABASE_URL)")
	e.schema = postgres.DefaultSchema
	schemaFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			overview(e.stderr)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "carenet: %v\nRun 'carenet help' for usage.\n", err)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "usage: carenet [-dsn URL] [-schema NAME] <command> [flags] [arguments]\nRun 'carenet help' for the list of commands.")
		return exitUsage
	}
	if e.dsn == "" {
		e.dsn = getenv("DATABASE_URL")
	}
	return dispatch(ctx, e, fs.Args())
}
