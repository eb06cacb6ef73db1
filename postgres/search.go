package postgres

import (
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet/personnel"
)

// searchStatement is the one statement of Search. Each name term is a
// prefix match (LIKE 'term%', wildcards escaped) on the folded family or
// given name; the order and the cursor follow people_search_order.
//
// With name terms, the statement is the union of two branches, each of
// which the planner serves with a range scan of one index: the people whose
// family name starts with the driving term (people_search_order, read in
// the search order, so it stops after one page) and those whose given name
// does (people_given_key or people_search_order). The driving term is the
// longest, the most selective; the other terms filter both branches. A
// plain "family LIKE t OR given LIKE t" leaves PostgreSQL to walk the whole
// order index and filter, which reads most of the table for a name late in
// the alphabet.
func searchStatement(q personnel.SearchQuery) sq.SelectBuilder {
	var terms []string
	for _, term := range q.Terms {
		if term = personnel.Fold(term); term != "" {
			terms = append(terms, term)
		}
	}
	if len(terms) == 0 {
		return searchBranch(psql, q, nil).OrderBy("p.family_key", "p.given_key", "p.id").Suffix("LIMIT ?", q.Limit)
	}
	drive := 0
	for i, term := range terms {
		if len(term) > len(terms[drive]) {
			drive = i
		}
	}
	pattern := likePrefix(terms[drive])
	rest := append(append([]string(nil), terms[:drive]...), terms[drive+1:]...)
	branch := func(match sq.Sqlizer) sq.SelectBuilder {
		return searchBranch(frag, q, rest).Column("p.family_key").Column("p.given_key").Where(match).
			OrderBy("p.family_key", "p.given_key", "p.id").Suffix("LIMIT ?", q.Limit)
	}
	byFamily := branch(sq.Like{"p.family_key": pattern})
	byGiven := branch(sq.And{sq.Like{"p.given_key": pattern}, sq.NotLike{"p.family_key": pattern}})
	union := sq.ConcatExpr("(", byFamily, ") UNION ALL (", byGiven, ")")
	return psql.Select(personColumns).From("matches p").PrefixExpr(with(cte{"matches", union})).
		OrderBy("p.family_key", "p.given_key", "p.id").Suffix("LIMIT ?", q.Limit)
}

// searchBranch selects the people who pass q's filters other than its name
// terms, and match every one of terms (each a prefix of the folded family
// or given name), built with b.
func searchBranch(b sq.StatementBuilderType, q personnel.SearchQuery, terms []string) sq.SelectBuilder {
	var where sq.And
	if len(q.States) > 0 {
		states := make([]string, len(q.States))
		for i, s := range q.States {
			states[i] = string(s)
		}
		where = append(where, sq.Expr("p.state = ANY(CAST(? AS text[]))", pq.Array(states)))
	}
	for _, term := range terms {
		pattern := likePrefix(term)
		where = append(where, sq.Or{sq.Like{"p.family_key": pattern}, sq.Like{"p.given_key": pattern}})
	}
	if agency := personnel.Fold(q.Agency); agency != "" {
		where = append(where, sq.Eq{"p.agency_key": agency})
	}
	if q.AgencyKind != "" {
		where = append(where, sq.Eq{"p.agency_kind": string(q.AgencyKind)})
	}
	if c := q.After; c != nil {
		where = append(where, sq.Expr("(p.family_key, p.given_key, p.id) > (?, ?, ?)",
			personnel.Fold(c.Family), personnel.Fold(c.Given), c.ID))
	}
	stmt := b.Select(personColumns).From("carenet.people p")
	if prefix := strings.ToLower(q.UsernamePrefix); prefix != "" {
		stmt = stmt.Join("carenet.accounts a ON a.person_id = p.id")
		where = append(where, sq.Like{"lower(a.username)": likePrefix(prefix)})
	}
	if len(where) > 0 {
		stmt = stmt.Where(where)
	}
	return stmt
}
