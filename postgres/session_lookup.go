package postgres

import (
	"context"
	"sync"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

var (
	lookupOp       = read("sessions.Lookup", "session")
	lookupGroupsOp = read("sessions.Lookup", "security group")
)

// sessionFactsStatement is the one statement that authenticates a session:
// the session, its account, the account's holder, the account's security
// groups as their row versions (groupVersions, in the account's order)
// and the count of its passkeys. The groups' definitions come from the
// store's groupCache, which the row versions keep exact.
func sessionFactsStatement() sq.SelectBuilder {
	return psql.Select(sessionColumns, accountBase("a"),
		"p.state", "p.given_name", "p.middle_name", "p.family_name", "p.end_date",
		"ARRAY(SELECT "+groupRowVersion("g")+" FROM carenet.account_groups ag"+
			" JOIN carenet.security_groups g ON g.id = ag.group_id"+
			" WHERE ag.account_id = a.id ORDER BY ag.position)",
		"(SELECT count(*) FROM carenet.passkeys pk WHERE pk.account_id = a.id)").
		From("carenet.sessions s").
		Join("carenet.accounts a ON a.id = s.account_id").
		Join("carenet.people p ON p.id = a.person_id").
		Where("s.token_hash = ?", "")
}

// sessionFactsText is sessionFactsStatement's text, built once: the
// statement runs on every authenticated call, and only its one parameter,
// the token hash, changes.
var sessionFactsText = sync.OnceValue(func() string {
	text, _, err := sessionFactsStatement().ToSql()
	if err != nil {
		panic("postgres: building the session statement: " + err.Error())
	}
	return text
})

// lookupSession runs sessionFactsStatement on db (a transaction or the
// pool) and completes the groups from groups, reading on db in a second
// statement only the definitions the cache lacks. The error is the
// driver's or sql.ErrNoRows, for the caller to map.
func lookupSession(ctx context.Context, db queryer, groups *groupCache, tokenHash string) (auth.SessionFacts, error) {
	var f auth.SessionFacts
	var state personnel.State
	var given, middle, family string
	var versions []string
	dest := append(sessionDest(&f.Session), accountBaseDest(&f.Account)...)
	dest = append(dest, &state, &given, &middle, &family, optTimeCol{&f.Holder.EndDate}, stringsCol{&versions}, &f.Passkeys)
	if err := queryOne(ctx, db, sq.Expr(sessionFactsText(), tokenHash), dest...); err != nil {
		return auth.SessionFacts{}, err
	}
	f.Holder.PersonID, f.Holder.Active, f.Holder.Names = f.Account.PersonID, state == personnel.Active, holderNames(given, middle, family)
	gs, err := groups.resolve(ctx, db, versions)
	if err != nil {
		return auth.SessionFacts{}, err
	}
	for _, g := range gs {
		f.Groups = append(f.Groups, g)
		f.Account.Groups = append(f.Account.Groups, g.ID)
	}
	return f, nil
}

// fetchGroups reads the definitions of the groups with ids, each with its
// row version, on db.
func fetchGroups(ctx context.Context, db queryer, ids []string) ([]versionedGroup, error) {
	q := psql.Select(securityGroupColumns, groupRowVersion("sg")).From("carenet.security_groups sg").
		Where("sg.id = ANY(CAST(? AS text[]))", pq.Array(ids))
	var out []versionedGroup
	err := queryMany(ctx, db, q, func(row rowScanner) error {
		var v versionedGroup
		g, err := scanSecurityGroup(extraCols{row, []any{&v.rowVersion}})
		v.group = g
		out = append(out, v)
		return err
	})
	return out, err
}

// extraCols scans a row whose last columns go to extra, the others to
// what Scan is given: for a scan function of the common columns.
type extraCols struct {
	row   rowScanner
	extra []any
}

func (e extraCols) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }
