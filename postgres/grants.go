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
	{"passkeys", "SELECT, INSERT, UPDATE, DELETE"},
	{"passkey_ceremonies", "SELECT, INSERT, DELETE"},
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
// to run on a migrated schema, and nothing more: USAGE on the schema
// carenet, or the one WithSchema names among opts (the other options do
// not matter here), not CREATE; and on each table only the privileges the
// SDK uses; SELECT and INSERT alone on the schema's audit_events. It first
// revokes whatever role held on the schema's tables, so running the
// statements again, after a new release's migrations, leaves role with
// exactly this release's privileges. A role granted on several schemas
// keeps what it holds on the others. The owner of the schema (the role
// that ran Migrate) runs them; Store.Grant does. Returns Invalid, naming
// the field "role", for a name that is not a lower-case PostgreSQL
// identifier or that names one of PostgreSQL's own roles, and naming the
// field "schema" for a schema name ValidateSchemaName refuses.
func GrantStatements(role string, opts ...Option) ([]string, error) {
	if err := checkRole("postgres.GrantStatements", role); err != nil {
		return nil, err
	}
	sc := schemaOf(opts)
	if sc.err != nil {
		return nil, sc.err
	}
	return grantStatements(sc, role), nil
}

// grantStatements is GrantStatements for a valid role and schema. The
// statements name the schema carenet and are qualified for sc; the role is
// quoted, so a role called carenet stays itself.
func grantStatements(sc *schema, role string) []string {
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
	for i, stmt := range stmts {
		stmts[i] = sc.qualify(stmt)
	}
	return stmts
}

var grantOp = op{name: "postgres.Grant", noun: "role"}

// Grant runs GrantStatements for role and the store's schema in one
// transaction: the store must be connected as the owner of the schema,
// after Migrate, and role must exist (CREATE ROLE app LOGIN). Returns
// Invalid, naming the field "role", for a name GrantStatements refuses,
// for a role that does not exist, and for the owner of the schema itself
// (it holds everything already, and the application must not connect as
// it).
func (s *Store) Grant(ctx context.Context, role string) error {
	if err := checkRole("postgres.GrantStatements", role); err != nil {
		return err
	}
	if err := s.schemaReady(ctx); err != nil {
		return err
	}
	stmts := grantStatements(s.schema, role)
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(ctx, grantOp, err)
	}
	defer sqlTx.Rollback()
	tx := s.on(sqlTx)
	var exists, owner bool
	q := psql.Select().
		Column("EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", role).
		Column("EXISTS (SELECT 1 FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = ? AND r.rolname = ?)", s.schema.name, role)
	if err := queryOne(ctx, tx, q, &exists, &owner); err != nil {
		return dbError(ctx, grantOp, err)
	}
	var p carenet.Problems
	switch {
	case !exists:
		p.Add("role", carenet.RuleNotAllowed, "does not exist: create it first (CREATE ROLE "+pq.QuoteIdentifier(role)+" LOGIN PASSWORD '...')")
	case owner:
		p.Add("role", carenet.RuleNotAllowed, "owns the schema "+s.schema.name+": grant to the role the application connects as, not to the owner")
	}
	if err := p.Err(); err != nil {
		return carenet.E(grantOp.name, carenet.Invalid, "the role cannot be granted the SDK's privileges", err)
	}
	for _, stmt := range stmts {
		if _, err := execute(ctx, tx, sq.Expr(stmt)); err != nil {
			return dbError(ctx, grantOp, err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return dbError(ctx, grantOp, err)
	}
	return nil
}
