package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/postgres"
)

// Exit statuses, as the help and the README document them.
const (
	exitOK     = 0 // the command did what was asked
	exitFailed = 1 // the operation failed or was refused
	exitUsage  = 2 // the command was called wrongly; nothing was done
)

// errUsage marks an error in how the command was called: an unknown
// command or flag, a missing flag or argument, a malformed value, no
// database named. Such an error exits with status 2.
var errUsage = errors.New("usage")

// usageErr is a usage error with its message.
func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// command is one subcommand.
type command struct {
	// name is how it is called: one word, or two for a command with a verb
	// ("audit verify").
	name string
	// synopsis is its arguments, as the usage line shows them.
	synopsis string
	// summary is its one-line description in the command list.
	summary string
	// run runs it with the arguments after its first word (for "audit
	// verify", args starts with "verify").
	run func(ctx context.Context, e *env, args []string) error
}

// word is the command's first word: what is typed to call it.
func (c command) word() string { w, _, _ := strings.Cut(c.name, " "); return w }

// verb is the second word of a two-word command, or "".
func (c command) verb() string { _, v, _ := strings.Cut(c.name, " "); return v }

func commands() []command {
	return []command{
		{"migrate", "[-json] [-print]", "apply the schema migrations (safe to run at every start)", cmdMigrate},
		{"grant", "-role NAME [-print] [-json]", "give the application's role what the SDK needs, and no more", cmdGrant},
		{"create-admin", "-given NAME -family NAME -username NAME [-email ADDR] [-password-stdin] [-json]", "create an administrator (prints a one-time password link)", cmdCreateAdmin},
		{"set-password", "[-json]", "set a password through a password link", cmdSetPassword},
		{"sweep", "[-q] [-json]", "deactivate everyone whose end date has passed", cmdSweep},
		{"reseal-totp", "-current ID [-json]", "re-seal second-factor secrets under the newest key (keys on stdin)", cmdResealTOTP},
		{"audit verify", "[-anchor SEQ:HASH] [-checkpoint FILE [-public-key FILE] [-resume]]", "check the audit log's hash chain, its end and its sealing", cmdAudit},
		{"audit checkpoint", "[-key FILE] [-from CHECKPOINT -public-key FILE] [-out FILE]", "verify the log and print a signed checkpoint of its head", cmdAudit},
		{"audit keygen", "-out FILE", "make a checkpoint signing key", cmdAudit},
		{"audit export", "[-format csv|jsonl] [filters]", "write the log, or the events a filter selects, as CSV or JSON Lines", cmdAudit},
		{"audit verify-export", "[-format csv|jsonl] [-checkpoint FILE [-public-key FILE]] FILE", "check an exported file offline", cmdAudit},
		{"custody export", "<video-id>", "write a video's chain of custody as CSV", cmdCustody},
		{"access-review", "[-group ID] [-permission NAME] [-portal SWITCH] [-idle-days N] [-csv | -json]", "list who holds which permissions, portal switches and shares", cmdAccessReview},
		{"version", "[-json]", "print the version and build of this binary", cmdVersion},
		{"help", "[command]", "show help for carenet or a command", nil},
	}
}

// find returns the command args call: the one whose name is the first two
// words, or else the first whose first word is args[0].
func find(args []string) (command, bool) {
	if len(args) > 1 {
		for _, c := range commands() {
			if c.name == args[0]+" "+args[1] {
				return c, true
			}
		}
	}
	for _, c := range commands() {
		if len(args) > 0 && c.word() == args[0] {
			return c, true
		}
	}
	return command{}, false
}

// verbs lists the second words of the commands whose first word is word.
func verbs(word string) []string {
	var vs []string
	for _, c := range commands() {
		if c.word() == word && c.verb() != "" {
			vs = append(vs, c.verb())
		}
	}
	return vs
}

// dispatch runs the command args name and returns the exit status.
func dispatch(ctx context.Context, e *env, args []string) int {
	word, rest := args[0], args[1:]
	c, ok := find(args)
	if !ok {
		fmt.Fprintf(e.stderr, "carenet: unknown command %q\nRun 'carenet help' for the list of commands.\n", word)
		return exitUsage
	}
	if c.word() == "help" {
		return e.help(ctx, rest)
	}
	if v := c.verb(); v != "" {
		switch {
		case len(rest) > 0 && isHelpFlag(rest[0]):
			e.usage(e.stderr, c)
			return exitOK
		case len(rest) == 0:
			return e.fail(c, usageErr("missing %q: the command is %q", v, "carenet "+c.name))
		case rest[0] != v:
			return e.fail(c, usageErr("unknown %s command %q: the commands are %s %s", word, rest[0], word, strings.Join(verbs(word), "|")))
		}
	}
	return e.fail(c, c.run(ctx, e, rest))
}

// fail reports how the command ended and returns its exit status: a usage
// error with the command's usage line, any other error as the command's
// diagnostic. Both go to standard error, each said once.
func (e *env) fail(c command, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
		if !strings.HasPrefix(msg, "usage: ") {
			fmt.Fprintf(e.stderr, "carenet %s: %s\n", c.word(), msg)
		}
		fmt.Fprintf(e.stderr, "usage: carenet %s %s\nRun 'carenet help %s' for details.\n", c.name, c.synopsis, c.word())
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "carenet %s: %v\n", c.word(), err)
		return exitFailed
	}
}

func isHelpFlag(s string) bool { return s == "-h" || s == "-help" || s == "--help" }

// help runs "carenet help [command]": the overview, or one command's
// usage, on standard output.
func (e *env) help(ctx context.Context, args []string) int {
	switch {
	case len(args) == 0:
		overview(e.stdout)
		return exitOK
	}
	c, ok := find(args)
	if ok && len(args) > 1 && strings.Join(args, " ") != c.name {
		fmt.Fprintln(e.stderr, "carenet help: name one command\nusage: carenet help [command]")
		return exitUsage
	}
	if !ok {
		fmt.Fprintf(e.stderr, "carenet help: unknown command %q\nRun 'carenet help' for the list of commands.\n", args[0])
		return exitUsage
	}
	if c.run == nil {
		overview(e.stdout)
		return exitOK
	}
	e.usage(e.stdout, c)
	return exitOK
}

// usage prints a command's full usage to w by running it with -h, so the
// flags shown are the ones it parses.
func (e *env) usage(w io.Writer, c command) {
	h := *e
	h.stderr = w
	args := []string{"-h"}
	if v := c.verb(); v != "" {
		args = []string{v, "-h"}
	}
	_ = c.run(context.Background(), &h, args)
}

// overview is "carenet help".
func overview(w io.Writer) {
	fmt.Fprint(w, `carenet is the operator's tool for a CareNet installation on PostgreSQL.

usage: carenet [-dsn URL] [-schema NAME] <command> [flags] [arguments]

commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
The database comes from -dsn (before the command or among its flags) or,
without it, from DATABASE_URL. -schema (likewise) names the schema of the
store's tables, carenet by default: a database may hold one schema per
center, each migrated, granted and operated on its own.

Results go to standard output; progress and errors go to standard error.
Commands that take -json print their result as one JSON object instead.

exit status:
  0  the command did what was asked
  1  the operation failed or was refused (a database error, a broken audit
     chain, a sweep in which someone could not be deactivated, an invalid
     password link); the message on standard error says why
  2  usage error: unknown command or flag, a missing or malformed flag or
     argument, no database named; nothing was done

Run 'carenet help <command>' for a command's flags.
`)
}

// flags is a command's flag set with its usage text. Parse errors are not
// printed by the flag package: parse returns them and fail says them once.
type flags struct {
	*flag.FlagSet
	e        *env
	name     string
	synopsis string
	summary  string
}

// subFlags makes a command's flag set. It carries -dsn and -schema too,
// so the database and the schema may be named after the command as well
// as before it.
func subFlags(e *env, name, synopsis, summary string) *flags {
	f := newFlags(e, name, synopsis, summary)
	// A Func flag shows no default, so help never prints the URL (and its
	// password) that DATABASE_URL holds.
	f.Func("dsn", "PostgreSQL connection `URL` (default: $DATABASE_URL)", func(v string) error { e.dsn = v; return nil })
	schemaFlag(f.FlagSet, e)
	return f
}

// schemaFlag adds -schema to fs: the schema of the store's tables, checked
// as it is parsed, so a malformed name is a usage error naming the flag.
func schemaFlag(fs *flag.FlagSet, e *env) {
	fs.Func("schema", "the PostgreSQL `schema` of the store's tables: one per center in a shared database (default "+postgres.DefaultSchema+")",
		func(v string) error {
			if err := postgres.ValidateSchemaName(v); err != nil {
				return errors.New(schemaProblem(err))
			}
			e.schema = v
			return nil
		})
}

// schemaProblem is what is wrong with a schema name, as the flag reports
// it.
func schemaProblem(err error) string {
	if v := carenet.Validation(err); v != nil && len(v.Problems) > 0 {
		return v.Problems[0].Message
	}
	return carenet.ErrorMessage(err)
}

// newFlags makes the flag set of a command that needs no database.
func newFlags(e *env, name, synopsis, summary string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &flags{FlagSet: fs, e: e, name: name, synopsis: synopsis, summary: summary}
	// The flag package would print the usage on every error; parse
	// prints it for -h alone, and fail says an error once.
	fs.Usage = func() {}
	return f
}

// printUsage prints the command's usage and flags to the env's stderr
// (standard output for "carenet help").
func (f *flags) printUsage() {
	w := f.e.stderr
	fmt.Fprintf(w, "usage: carenet %s %s\n\n%s\n", f.name, f.synopsis, f.summary)
	var n int
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nflags:")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
	fmt.Fprintln(w, "\nexit status: 0 success, 1 the operation failed, 2 usage error.")
}

// parse parses a command's flags and checks it got wantArgs arguments. It
// returns flag.ErrHelp for -h and a usage error, naming the flag as typed,
// for anything else wrong.
func parse(f *flags, args []string, wantArgs int) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			f.printUsage()
			return err
		}
		return usageErr("%v", err)
	}
	if f.NArg() != wantArgs {
		if f.NArg() > wantArgs {
			return usageErr("unexpected argument %q", f.Arg(wantArgs))
		}
		return usageErr("missing argument: want %s", f.synopsis)
	}
	return nil
}

// required returns a usage error naming every flag among names that was
// not given a value.
func required(f *flags, names ...string) error {
	var missing []string
	for _, n := range names {
		if fl := f.Lookup(n); fl != nil && fl.Value.String() == "" {
			missing = append(missing, "-"+n)
		}
	}
	if len(missing) > 0 {
		return usageErr("missing %s", strings.Join(missing, ", "))
	}
	return nil
}
