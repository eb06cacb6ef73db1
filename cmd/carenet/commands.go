package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// open connects to the database; it does not migrate. A database that
// does not exist is said so plainly.
func open(e *env) (*postgres.Store, error) {
	if e.dsn == "" {
		return nil, usageErr("no database: pass -dsn or set DATABASE_URL")
	}
	store, err := postgres.Open(e.dsn, postgres.WithSchema(e.schema))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	var pqErr *pq.Error
	if err := store.DB().PingContext(ctx); errors.As(err, &pqErr) && pqErr.Code == "3D000" {
		store.Close()
		return nil, fmt.Errorf("%s; create it first, or name another with -dsn", pqErr.Message)
	}
	// Any other failure is reported by the command's first statement,
	// with the SDK's code.
	return store, nil
}

// openAuth opens the store and the auth service on it with cfg (the
// default configuration for most), for the commands that act on logins;
// the caller closes the store.
func openAuth(e *env, cfg auth.Config) (*postgres.Store, *auth.Service, error) {
	store, err := open(e)
	if err != nil {
		return nil, nil, err
	}
	authSvc, err := auth.NewService(store.Auth(), cfg)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, authSvc, nil
}

// connectTimeout bounds open's check that the database exists.
const connectTimeout = 15 * time.Second

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "migrate", "[-json] [-print]", "Apply the embedded schema migrations. Safe to run at every start and from several hosts at once.\n"+
		"With -print, write their SQL to standard output instead, in order, each step in a transaction\nthat records it, for a host's own migration tool or psql; no database is needed. The SQL is for\nthe schema -schema names: print it once per schema.")
	asJSON := fs.Bool("json", false, "print the result as JSON")
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
	st := e.begin("migrating")
	err = store.Migrate(ctx)
	st.done()
	if err != nil {
		return describe(err)
	}
	v, err := store.SchemaVersion(ctx)
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		return e.writeJSON(struct {
			SchemaVersion int `json:"schema_version"`
		}{v})
	}
	if e.schema != postgres.DefaultSchema {
		fmt.Fprintf(e.stdout, "schema %s at version %d\n", e.schema, v)
		return nil
	}
	fmt.Fprintf(e.stdout, "schema at version %d\n", v)
	return nil
}

// adminFlags names the flag that gives each field of create-admin's form,
// so a refused value is reported by the flag the operator typed.
var adminFlags = map[string]string{
	"given_name":     "-given",
	"family_name":    "-family",
	"email":          "-email",
	"login.username": "-username",
}

// printMigrations writes every migration of this release, in order, each
// between BEGIN and COMMIT, so that piping it to psql applies the schema as
// Migrate would.
func printMigrations(e *env) error {
	ms, err := postgres.Migrations(postgres.WithSchema(e.schema))
	if err != nil {
		return describe(err)
	}
	for _, m := range ms {
		fmt.Fprintf(e.stdout, "-- %s (sha256 %s)\nBEGIN;\n%s\nCOMMIT;\n\n", m.FileName(), m.Checksum, strings.TrimRight(m.SQL, "\n"))
	}
	return nil
}

func cmdCreateAdmin(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "create-admin", "-given NAME -family NAME -username NAME [-email ADDR] [-password-stdin] [-json]",
		"Create a person whose login is in the Administrator group. Without -password-stdin it prints a\none-time link token to set the password (valid 24 hours); hand it to the person, who redeems it\nwith 'carenet set-password'.")
	given := fs.String("given", "", "given name (required)")
	family := fs.String("family", "", "family name (required)")
	username := fs.String("username", "", "username (required)")
	email := fs.String("email", "", "email address")
	pwStdin := fs.Bool("password-stdin", false, "read the initial password from the first line of standard input")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "given", "family", "username"); err != nil {
		return err
	}
	var password string
	if *pwStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageErr("-password-stdin given but nothing to read")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	store, authSvc, err := openAuth(e, auth.Config{})
	if err != nil {
		return err
	}
	defer store.Close()
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
	c, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: *given, FamilyName: *family, Email: *email, AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: *username, Password: password},
	})
	if err != nil {
		return describeFlags(err, adminFlags)
	}
	if *asJSON {
		out := struct {
			PersonID      string     `json:"person_id"`
			Name          string     `json:"name"`
			Username      string     `json:"username"`
			LinkToken     string     `json:"link_token,omitempty"`
			LinkExpiresAt *time.Time `json:"link_expires_at,omitempty"`
		}{PersonID: c.Profile.ID, Name: c.Profile.DisplayName(), Username: c.Profile.Login.Username}
		if c.Link != nil {
			out.LinkToken, out.LinkExpiresAt = c.Link.Token, &c.Link.Link.ExpiresAt
		}
		return e.writeJSON(out)
	}
	fmt.Fprintf(e.stdout, "created administrator %s (person %s, username %s)\n", c.Profile.DisplayName(), c.Profile.ID, c.Profile.Login.Username)
	if c.Link != nil {
		fmt.Fprintf(e.stdout, "password link token (valid until %s): %s\n", c.Link.Link.ExpiresAt.Format("2006-01-02 15:04 MST"), c.Link.Token)
	}
	return nil
}

// sweptPerson is one line of the sweep's JSON result.
type sweptPerson struct {
	PersonID        string `json:"person_id"`
	LoginDisabled   bool   `json:"login_disabled"`
	SessionsRevoked int    `json:"sessions_revoked"`
	Error           string `json:"error,omitempty"`
}

// sweptLogin is a dormant login in sweep's JSON output.
type sweptLogin struct {
	PersonID        string    `json:"person_id"`
	Username        string    `json:"username"`
	LastUsedAt      time.Time `json:"last_used_at"`
	Disabled        bool      `json:"disabled"`
	SessionsRevoked int       `json:"sessions_revoked"`
	Error           string    `json:"error,omitempty"`
}

func cmdSweep(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "sweep", "[-q] [-json] [-dormant-days N]",
		"Deactivate everyone whose end date has passed: the profile becomes inactive, the login is disabled\nand its sessions end. With -dormant-days (90 is the usual policy), also disable every login not used\nfor that many days; the person stays active. Run it daily from cron. Exit status 1 if anyone could\nnot be deactivated or disabled.")
	quiet := fs.Bool("q", false, "print nothing when no one was due")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	dormantDays := fs.Int("dormant-days", 0, "disable logins not used for this many days (0: off)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *dormantDays < 0 || *dormantDays > personnel.MaxDormantAfterDays {
		return usageErr("-dormant-days: must be between 0 (off) and %d", personnel.MaxDormantAfterDays)
	}
	store, authSvc, err := openAuth(e, auth.Config{})
	if err != nil {
		return err
	}
	defer store.Close()
	// Every deactivation revokes the video shares the person holds.
	videos, err := readOnlyVideos(store.Video())
	if err != nil {
		return err
	}
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{
		OnDeactivate: []personnel.DeactivateHook{videos}, DormantAfterDays: *dormantDays})
	st := e.begin("sweeping end dates")
	res, err := people.SweepEndDates(ctx)
	st.done()
	if err != nil {
		return describe(err)
	}
	st = e.begin("sweeping dormant logins")
	dormant, err := people.SweepDormantLogins(ctx)
	st.done()
	if err != nil {
		return describe(err)
	}
	failed := len(res.Failed())
	dormantFailed := 0
	for _, it := range dormant {
		if it.Err != nil {
			dormantFailed++
		}
	}
	if *asJSON {
		out := struct {
			Deactivated   int           `json:"deactivated"`
			Failed        int           `json:"failed"`
			People        []sweptPerson `json:"people"`
			DormantDays   int           `json:"dormant_days,omitempty"`
			DormantLogins []sweptLogin  `json:"dormant_logins,omitempty"`
			DormantFailed int           `json:"dormant_failed,omitempty"`
		}{Deactivated: len(res.Items) - failed, Failed: failed, People: []sweptPerson{}, DormantDays: *dormantDays, DormantFailed: dormantFailed}
		for _, it := range dormant {
			l := sweptLogin{PersonID: it.PersonID, Username: it.Username, LastUsedAt: it.LastUsedAt, Disabled: it.Result.Changed, SessionsRevoked: it.Result.SessionsRevoked}
			if it.Err != nil {
				l.Error = carenet.ErrorMessage(it.Err)
			}
			out.DormantLogins = append(out.DormantLogins, l)
		}
		for _, it := range res.Items {
			p := sweptPerson{PersonID: it.PersonID, LoginDisabled: it.Result.LoginDisabled, SessionsRevoked: it.Result.SessionsRevoked}
			if it.Err != nil {
				p.Error = carenet.ErrorMessage(it.Err)
			}
			out.People = append(out.People, p)
		}
		if err := e.writeJSON(out); err != nil {
			return err
		}
	} else {
		for _, it := range res.Items {
			if it.Err != nil {
				fmt.Fprintf(e.stderr, "could not deactivate %s: %s\n", it.PersonID, carenet.ErrorMessage(it.Err))
				continue
			}
			fmt.Fprintf(e.stdout, "deactivated %s (login disabled: %v, sessions revoked: %d)\n",
				it.PersonID, it.Result.LoginDisabled, it.Result.SessionsRevoked)
		}
		if len(res.Items) > 0 || !*quiet {
			fmt.Fprintf(e.stdout, "sweep: %d deactivated, %d failed\n", len(res.Items)-failed, failed)
		}
		for _, it := range dormant {
			if it.Err != nil {
				fmt.Fprintf(e.stderr, "could not disable the login %s: %s\n", it.Username, carenet.ErrorMessage(it.Err))
			} else if it.Result.Changed {
				fmt.Fprintf(e.stdout, "disabled the dormant login %s (person %s, last used %s)\n", it.Username, it.PersonID, it.LastUsedAt.Format(time.DateOnly))
			}
		}
		if *dormantDays > 0 && (len(dormant) > 0 || !*quiet) {
			fmt.Fprintf(e.stdout, "sweep: %d dormant logins disabled (not used for %d days), %d failed\n", len(dormant)-dormantFailed, *dormantDays, dormantFailed)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d could not be deactivated", failed, len(res.Items))
	}
	if dormantFailed > 0 {
		return fmt.Errorf("%d of %d dormant logins could not be disabled", dormantFailed, len(dormant))
	}
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

// describeFlags is describe for a command whose input came from flags: a
// refused value is named by its flag (flagOf maps a field to it) and, when
// every problem is with a flag, reported as a usage error.
func describeFlags(err error, flagOf map[string]string) error {
	v := carenet.Validation(err)
	if v == nil {
		return describe(err)
	}
	var msgs []string
	allFlags := true
	for _, p := range v.Problems {
		name, ok := flagOf[p.Field]
		if !ok {
			name, allFlags = p.Field, false
		}
		msgs = append(msgs, name+": "+p.Message)
	}
	if allFlags {
		return usageErr("%s", strings.Join(msgs, "; "))
	}
	return errors.New(strings.Join(msgs, "; "))
}
