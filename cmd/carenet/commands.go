package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// open connects to the database; it does not migrate.
func open(e *env) (*postgres.Store, error) {
	if e.dsn == "" {
		return nil, fmt.Errorf("%w: no database: pass -dsn or set DATABASE_URL", errUsage)
	}
	return postgres.Open(e.dsn)
}

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "migrate", "[-print]", "Apply the embedded schema migrations. Safe to run at every start and from several hosts at once.\n"+
		"With -print, write their SQL to standard output instead, in order, each step in a transaction\nthat records it, for a host's own migration tool or psql; no database is needed.")
	print := fs.Bool("print", false, "print the migrations' SQL instead of applying them")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *print {
		return printMigrations(e)
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		return describe(err)
	}
	v, err := store.SchemaVersion(ctx)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "schema at version %d\n", v)
	return nil
}

// printMigrations writes every migration of this release, in order, each
// between BEGIN and COMMIT, so that piping it to psql applies the schema as
// Migrate would.
func printMigrations(e *env) error {
	ms, err := postgres.Migrations()
	if err != nil {
		return describe(err)
	}
	for _, m := range ms {
		fmt.Fprintf(e.stdout, "-- %s (sha256 %s)\nBEGIN;\n%s\nCOMMIT;\n\n", m.FileName(), m.Checksum, strings.TrimRight(m.SQL, "\n"))
	}
	return nil
}

func cmdCreateAdmin(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "create-admin", "-given NAME -family NAME -username NAME [-password-stdin]",
		"Create a person whose login is in the Administrator group. Without -password-stdin it prints a\none-time link to set the password (valid 24 hours); hand it to the person.")
	given := fs.String("given", "", "given name (required)")
	family := fs.String("family", "", "family name (required)")
	username := fs.String("username", "", "username (required)")
	email := fs.String("email", "", "email address")
	pwStdin := fs.Bool("password-stdin", false, "read the initial password from the first line of standard input")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	var password string
	if *pwStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("%w: -password-stdin given but nothing to read", errUsage)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
	if err != nil {
		return err
	}
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	c, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: *given, FamilyName: *family, Email: *email, AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: *username, Password: password},
	})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "created administrator %s (person %s, username %s)\n", c.Profile.DisplayName(), c.Profile.ID, c.Profile.Login.Username)
	if c.Link != nil {
		fmt.Fprintf(e.stdout, "password link token (valid until %s): %s\n", c.Link.Link.ExpiresAt.Format("2006-01-02 15:04 MST"), c.Link.Token)
	}
	return nil
}

func cmdSweep(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "sweep", "[-q]",
		"Deactivate everyone whose end date has passed: the profile becomes inactive, the login is disabled\nand its sessions end. Run it daily from cron. Exit status 1 if anyone could not be deactivated.")
	quiet := fs.Bool("q", false, "print nothing when no one was due")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
	if err != nil {
		return err
	}
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	res, err := people.SweepEndDates(ctx)
	if err != nil {
		return describe(err)
	}
	failed := 0
	for _, it := range res.Items {
		if it.Err != nil {
			failed++
			fmt.Fprintf(e.stderr, "could not deactivate %s: %s\n", it.PersonID, carenet.ErrorMessage(it.Err))
			continue
		}
		fmt.Fprintf(e.stdout, "deactivated %s (login disabled: %v, sessions revoked: %d)\n",
			it.PersonID, it.Result.LoginDisabled, it.Result.SessionsRevoked)
	}
	if len(res.Items) > 0 || !*quiet {
		fmt.Fprintf(e.stdout, "sweep: %d deactivated, %d failed\n", len(res.Items)-failed, failed)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d could not be deactivated", failed, len(res.Items))
	}
	return nil
}

func cmdAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "usage: carenet audit verify [-anchor SEQ:HASH]")
			return flag.ErrHelp
		}
		return fmt.Errorf("%w: usage: carenet audit verify [-anchor SEQ:HASH]", errUsage)
	}
	fs := subFlags(e, "audit verify", "[-anchor SEQ:HASH]",
		"Walk the audit log's hash chain and report the first altered, removed or inserted event.\nWith -anchor (a head printed by an earlier run, kept elsewhere) a log cut short is detected too.")
	anchor := fs.String("anchor", "", "a head printed by an earlier run, as SEQ:HASH")
	if err := parse(fs, args[1:], 0); err != nil {
		return err
	}
	var head audit.Head
	if *anchor != "" {
		seq, hash, ok := strings.Cut(*anchor, ":")
		n, err := strconv.ParseInt(seq, 10, 64)
		if !ok || err != nil || n < 1 || len(hash) != 64 {
			return fmt.Errorf("%w: -anchor must be SEQ:HASH as printed by audit verify", errUsage)
		}
		head = audit.Head{Seq: n, Hash: hash}
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	got, n, err := audit.NewService(store.Audit()).Verify(ctx, head)
	if err != nil {
		var ce *audit.ChainError
		if errors.As(err, &ce) {
			return fmt.Errorf("audit log BROKEN after checking %d events: %v", n, ce)
		}
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "audit log verified: %d events, head %d:%s\n", n, got.Seq, got.Hash)
	return nil
}

// describe turns an SDK error into the operator's message, keeping the
// detail an operator needs (the cause) on internal errors.
func describe(err error) error {
	if carenet.ErrorCode(err) == carenet.Internal {
		return err
	}
	return errors.New(carenet.ErrorMessage(err))
}
