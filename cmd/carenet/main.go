// Command carenet is the operator's tool for a CareNet installation on
// PostgreSQL: apply migrations, create the first administrator, run the
// end-date sweep from cron, verify the audit log, and export a video's chain
// of custody.
//
// Usage:
//
//	carenet [-dsn URL] <command> [flags]
//
// The database comes from -dsn or, without it, DATABASE_URL.
//
// Commands:
//
//	migrate       apply the schema migrations (safe to run at every start)
//	create-admin  create an administrator (prints a one-time password link)
//	sweep         deactivate everyone whose end date has passed
//	audit verify  check the audit log's hash chain (-checkpoint FILE: and that
//	              it still holds a signed checkpoint)
//	audit checkpoint
//	              verify the log and print a signed checkpoint of its head
//	audit keygen  make a checkpoint signing key
//	audit export  write the log, or the events a filter selects, as CSV or
//	              JSON Lines
//	audit verify-export FILE
//	              check an exported file offline (against a checkpoint)
//	custody export <video-id>
//	              write a video's chain of custody as CSV to standard output
//
// Exit status: 0 on success, 1 when the operation failed (a broken audit
// chain, a sweep in which someone could not be deactivated, a database
// error), 2 for a usage error. Errors go to standard error.
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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// errUsage marks an error in how the command was called.
var errUsage = errors.New("usage")

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

func commands() []command {
	return []command{
		{"migrate", "apply the schema migrations", cmdMigrate},
		{"create-admin", "create an administrator", cmdCreateAdmin},
		{"sweep", "deactivate everyone whose end date has passed", cmdSweep},
		{"audit", "audit verify|checkpoint|keygen|export|verify-export: the audit log", cmdAudit},
		{"custody", "custody export <video-id>: a video's chain of custody as CSV", cmdCustody},
	}
}

// env is what a subcommand runs with.
type env struct {
	dsn    string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("carenet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("dsn", "", "PostgreSQL connection URL (default: $DATABASE_URL)")
	fs.Usage = func() { usage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		usage(stderr, fs)
		return 2
	}
	e := &env{dsn: *dsn, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if e.dsn == "" {
		e.dsn = getenv("DATABASE_URL")
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, e, rest)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintln(stderr, "carenet:", err)
			return 2
		default:
			fmt.Fprintln(stderr, "carenet "+name+":", err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "carenet: unknown command %q\n", name)
	usage(stderr, fs)
	return 2
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "usage: carenet [-dsn URL] <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nflags:")
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nRun 'carenet <command> -h' for a command's flags.")
}

// subFlags makes a command's flag set, printing its usage to stderr.
func subFlags(e *env, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: carenet %s %s\n\n%s\n", name, args, summary)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintln(e.stderr, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parse parses a command's flags; it returns flag.ErrHelp for -h and a
// usage error for anything else wrong.
func parse(fs *flag.FlagSet, args []string, wantArgs int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() != wantArgs {
		fs.Usage()
		return fmt.Errorf("%w: %s takes %d argument(s), got %d", errUsage, fs.Name(), wantArgs, fs.NArg())
	}
	return nil
}
