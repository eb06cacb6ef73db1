package postgres

import (
	"context"
	"regexp"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
)

// appPrivileges is what the SDK does to each of its tables, and so all the
// application's role is granted (see "Two roles" in the package comment).
// No table gets TRUNCATE, REFERENCES or TRIGGER. UPDATE stands also for
// SELECT ... FOR UPDATE, which PostgreSQL allows only to a role that may
// update the table.
var appPrivileges = []struct{ table, privileges string }{
	{"schema_migrations", "SELECT"},
	{"people", "SELECT, INSERT, UPDATE, DELETE"},
	// person_words is kept by the triggers on people, which run as the
	// role that changes a person.
	{"person_words", "SELECT, INSERT, UPDATE, DELETE"},
	{"security_groups", "SELECT, INSERT, UPDATE, DELETE"},
	{"accounts", "SELECT, INSERT, UPDATE, DELETE"},
	{"account_credentials", "SELECT, INSERT, UPDATE"},
	{"account_groups", "SELECT, INSERT, UPDATE, DELETE"},
	{"sessions", "SELECT, INSERT, UPDATE, DELETE"},
	{"password_tokens", "SELECT, INSERT, UPDATE"},
	{"recovery_codes", "SELECT, INSERT, DELETE"},
	{"personnel_groups", "SELECT, INSERT, UPDATE, DELETE"},
	{"personnel_group_members", "SELECT, INSERT, DELETE"},
	{"videos", "SELECT, INSERT, UPDATE"},
	{"video_shares", "SELECT, INSERT, UPDATE"},
	{"video_ticket_tallies", "SELECT, INSERT, UPDATE"},
	{"referrals", "SELECT, INSERT, UPDATE"},
	// The audit log. An append inserts into audit_pending; the sealer
	// deletes the events it seals from audit_pending, inserts them into
	// audit_events and advances audit_head, whose triggers refuse anything
	// but an advance to the last event stored. Sealed events can be read
	// and added to, never changed or removed.
	{"audit_pending", "SELECT, INSERT, DELETE"},
	{"audit_events", "SELECT, INSERT"},
	{"audit_head", "SELECT, UPDATE"},
}

// roleName is what GrantStatements accepts as a role: an unquoted
// PostgreSQL identifier in lower case.
var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// checkRole returns Invalid, naming the field "role", unless role can be
// the application's role.
func checkRole(op, role string) error {
	var p carenet.Problems
	switch {
	case role == "":
		p.Add("role", carenet.RuleRequired, "is required: name the role the application connects as")
	case !roleName.MatchString(role):
		p.Add("role", carenet.RuleFormat, "must be 1 to 63 lower-case letters, digits and underscores, not starting with a digit")
	case strings.HasPrefix(role, "pg_") || role == "public":
		p.Add("role", carenet.RuleNotAllowed, "names a role of PostgreSQL itself: create a role of the application's own")
	}
	if err := p.Err(); err != nil {
		return carenet.E(op, carenet.Invalid, "the role name is not valid", err)
	}
	return nil
}

// GrantStatements returns the statements that give role what the SDK needs
// to run on a migrated database, and nothing more: USAGE on the schema
// carenet (not CREATE), and on each table only the privileges the SDK
// uses; SELECT and INSERT alone on carenet.audit_events. It first revokes
// whatever role held on the schema's tables, so running the statements
// again, after a new release's migrations, leaves role with exactly this
// release's privileges. The owner of the schema (the role that ran
// Migrate) runs them; Store.Grant does. Returns Invalid, naming the field
// "role", for a name that is not a lower-case PostgreSQL identifier or
// that names one of PostgreSQL's own roles.
func GrantStatements(role string) ([]string, error) {
	if err := checkRole("postgres.GrantStatements", role); err != nil {
		return nil, err
	}
	r := pq.QuoteIdentifier(role)
	stmts := []string{
		"REVOKE ALL ON SCHEMA carenet FROM PUBLIC",
		"REVOKE ALL ON ALL TABLES IN SCHEMA carenet FROM " + r,
		"REVOKE ALL ON ALL SEQUENCES IN SCHEMA carenet FROM " + r,
		"REVOKE ALL ON SCHEMA carenet FROM " + r,
		"GRANT USAGE ON SCHEMA carenet TO " + r,
	}
	for _, t := range appPrivileges {
		stmts = append(stmts, "GRANT "+t.privileges+" ON carenet."+t.table+" TO "+r)
	}
	return stmts, nil
}

var grantOp = op{name: "postgres.Grant", noun: "role"}

// Grant runs GrantStatements(role) in one transaction: the store must be
// connected as the owner of the schema, after Migrate, and role must
// exist (CREATE ROLE app LOGIN). Returns Invalid, naming the field "role",
// for a name GrantStatements refuses, for a role that does not exist, and
// for the owner of the schema itself (it holds everything already, and the
// application must not connect as it).
func (s *Store) Grant(ctx context.Context, role string) error {
	stmts, err := GrantStatements(role)
	if err != nil {
		return err
	}
	if err := s.schemaReady(ctx); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(ctx, grantOp, err)
	}
	defer tx.Rollback()
	var exists, owner bool
	q := psql.Select().
		Column("EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", role).
		Column("EXISTS (SELECT 1 FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = 'carenet' AND r.rolname = ?)", role)
	if err := queryOne(ctx, tx, q, &exists, &owner); err != nil {
		return dbError(ctx, grantOp, err)
	}
	var p carenet.Problems
	switch {
	case !exists:
		p.Add("role", carenet.RuleNotAllowed, "does not exist: create it first (CREATE ROLE "+pq.QuoteIdentifier(role)+" LOGIN PASSWORD '...')")
	case owner:
		p.Add("role", carenet.RuleNotAllowed, "owns the schema carenet: grant to the role the application connects as, not to the owner")
	}
	if err := p.Err(); err != nil {
		return carenet.E(grantOp.name, carenet.Invalid, "the role cannot be granted the SDK's privileges", err)
	}
	for _, stmt := range stmts {
		if _, err := execute(ctx, tx, sq.Expr(stmt)); err != nil {
			return dbError(ctx, grantOp, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return dbError(ctx, grantOp, err)
	}
	return nil
}
