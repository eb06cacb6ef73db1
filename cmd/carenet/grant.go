package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/postgres"
)

// grantFlags names the flag that gives grant's one field.
var grantFlags = map[string]string{"role": "-role"}

func cmdGrant(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "grant", "-role NAME [-print] [-json]",
		"Give the role the application connects as exactly the privileges the SDK needs on a migrated\n"+
			"database: no DDL, no TRUNCATE, only SELECT and INSERT on the audit events. Run it as the owner\n"+
			"of the schema (the role that runs 'carenet migrate'), after every migrate; the role must exist.\n"+
			"With -print, write the statements to standard output instead, in one transaction, for a DBA\nto review or apply with psql; no database is needed. The grants are on the schema -schema\nnames: run it once per schema the role works in.")
	role := fs.String("role", "", "the application's `role` (required)")
	print := fs.Bool("print", false, "print the statements instead of running them")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "role"); err != nil {
		return err
	}
	stmts, err := postgres.GrantStatements(*role, postgres.WithSchema(e.schema))
	if err != nil {
		return describeFlags(err, grantFlags)
	}
	if *print {
		if *asJSON {
			return e.writeJSON(struct {
				Role       string   `json:"role"`
				Schema     string   `json:"schema"`
				Statements []string `json:"statements"`
			}{*role, e.schema, stmts})
		}
		fmt.Fprintf(e.stdout, "BEGIN;\n%s;\nCOMMIT;\n", strings.Join(stmts, ";\n"))
		return nil
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Grant(ctx, *role); err != nil {
		// The role is well formed but refused (it does not exist, or owns
		// the schema): the operation failed, it was not called wrongly.
		if v := carenet.Validation(err); v != nil {
			var msgs []string
			for _, p := range v.Problems {
				msgs = append(msgs, "-role "+*role+": "+p.Message)
			}
			return errors.New(strings.Join(msgs, "; "))
		}
		return describe(err)
	}
	if *asJSON {
		return e.writeJSON(struct {
			Role       string `json:"role"`
			Schema     string `json:"schema"`
			Statements int    `json:"statements"`
		}{*role, e.schema, len(stmts)})
	}
	fmt.Fprintf(e.stdout, "granted role %s the SDK's privileges on schema %s (%d statements)\n", *role, e.schema, len(stmts))
	return nil
}
