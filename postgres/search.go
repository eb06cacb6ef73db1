package postgres

import (
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet/personnel"
)

// searchStatement is the one statement of Search. A name term matches a
// person when it starts a word of the folded name as displayed (given name,
// space, family name) and may run on into the words after it; in SQL, when
// ' ' || given_key || ' ' || family_key contains ' ' || term (see
// termMatch). The order and the cursor follow people_search_order.
//
// With name terms, the statement picks the page from two branches, each
// read from an index that holds what the branch filters and orders by, a
// page at a time:
//
//   - the people whose family name starts with the driving term:
//     people_search_order (which includes the filters' columns), read in
//     the search order, so it stops after one page;
//   - the people with another word that the driving term starts (see
//     migration 0011): the words of person_words_word that the term's
//     first word starts are found one after the other (a recursive
//     statement that seeks the next word in the index), and for each, the
//     first page of its people is read in the search order from the same
//     index. So the work grows with the number of distinct words the term
//     starts, not with the number of people who bear them.
//
// The driving term is the longest, the most selective; the other terms
// filter both branches. The page is then the first Limit of the two.
func searchStatement(q personnel.SearchQuery) sq.SelectBuilder {
	var terms []string
	for _, term := range q.Terms {
		if term = personnel.Fold(term); term != "" {
			terms = append(terms, term)
		}
	}
	if len(terms) == 0 {
		return searchBranch(psql, q, nil, personColumns).OrderBy("p.family_key", "p.given_key", "p.id").Suffix("LIMIT ?", q.Limit)
	}
	drive := 0
	for i, term := range terms {
		if len(term) > len(terms[drive]) {
			drive = i
		}
	}
	pattern := likePrefix(terms[drive])
	first, _, _ := strings.Cut(terms[drive], " ")
	rest := append(append([]string(nil), terms[:drive]...), terms[drive+1:]...)
	fq := q
	if c := q.After; c != nil && personnel.Fold(c.Family) < terms[drive] {
		// Every family name the term starts comes after the cursor. Said
		// anyway, the cursor would be where the index scan starts, before
		// the term's range.
		fq.After = nil
	}
	// Each branch picks its page of keys from its index alone; the
	// statement then reads the people of the first Limit of the two.
	byFamily := searchBranch(frag, fq, rest, "p.family_key", "p.given_key", "p.id AS person_id").
		Where(sq.Like{"p.family_key": pattern}).
		OrderBy("p.family_key", "p.given_key", "p.id").Suffix("LIMIT ?", q.Limit)
	page := sq.ConcatExpr("page AS ((", byFamily, ") UNION ALL (", wordBranch(q, pattern, rest),
		") ORDER BY family_key, given_key, person_id ", sq.Expr("LIMIT ?", q.Limit), ")")
	return psql.Select(personColumns).From("page").Join("carenet.people p ON p.id = page.person_id").
		PrefixExpr(sq.ConcatExpr("WITH RECURSIVE ", termWords(likePrefix(first)), ", ", page)).
		OrderBy("page.family_key", "page.given_key", "page.person_id")
}

// termWords is the recursive statement words(word) of the distinct words
// of person_words that match pattern, in order: each row seeks the next
// word in person_words_word, so it reads one index entry per word, and the
// last row is NULL.
func termWords(pattern string) sq.Sqlizer {
	return sq.ConcatExpr("words(word) AS ((",
		frag.Select("w.word").From("carenet.person_words w").Where(sq.Like{"w.word": pattern}).
			OrderBy("w.word").Limit(1),
		") UNION ALL SELECT (",
		frag.Select("w.word").From("carenet.person_words w").
			Where(sq.And{sq.Like{"w.word": pattern}, sq.Expr("w.word > words.word")}).
			OrderBy("w.word").Limit(1),
		") FROM words WHERE words.word IS NOT NULL)")
}

// termMatch is the condition that term starts a word of the name whose
// folded keys are the columns given and family.
func termMatch(given, family, term string) sq.Sqlizer {
	return sq.Like{"(' ' || " + given + " || ' ' || " + family + ")": "% " + likePrefix(term)}
}

// wordBranch selects the first q.Limit people, in the search order, with a
// word other than the family name's first that pattern matches (for each
// of the words, its first q.Limit people in person_words_word), who pass
// every other filter of q: family_key, given_key and person_id of
// person_words. A person met through two words counts once.
func wordBranch(q personnel.SearchQuery, pattern string, rest []string) sq.SelectBuilder {
	where := sq.And{sq.Expr("w.word = words.word"), sq.NotLike{"w.family_key": pattern}}
	if strings.Contains(pattern, " ") {
		// The word is one the term's first word starts; the rest of the
		// term must follow it. For a term of one word this filter says
		// nothing more, and the planner, which cannot know that, would
		// expect it to keep almost nothing of each word's people and cost
		// the statement high enough to compile it (JIT) on every call.
		where = append(where, sq.Like{"w.tail": pattern})
	}
	where = append(where, searchFilters("w", "w.person_id", q, rest)...)
	perWord := frag.Select("w.family_key", "w.given_key", "w.person_id").From("carenet.person_words w")
	if prefix := strings.ToLower(q.UsernamePrefix); prefix != "" {
		perWord = perWord.Join("carenet.accounts a ON a.person_id = w.person_id")
		where = append(where, sq.Like{"lower(a.username)": likePrefix(prefix)})
	}
	perWord = perWord.Where(where).OrderBy("w.family_key", "w.given_key", "w.person_id").Suffix("LIMIT ?", q.Limit)
	return frag.Select("x.family_key", "x.given_key", "x.person_id").
		From("words").JoinClause(sq.ConcatExpr("CROSS JOIN LATERAL (", perWord, ") x")).
		GroupBy("x.family_key", "x.given_key", "x.person_id").
		OrderBy("x.family_key", "x.given_key", "x.person_id").Suffix("LIMIT ?", q.Limit)
}

// searchFilters holds q's filters other than its username prefix, on the
// person columns of table alias t, whose person id column is id: its
// states, every one of terms (see termMatch), its agency and agency kind,
// and its cursor. The word branch and searchBranch both filter by it, so a
// person passes the same rule whichever way the search runs.
func searchFilters(t, id string, q personnel.SearchQuery, terms []string) sq.And {
	var where sq.And
	if len(q.States) > 0 {
		where = append(where, sq.Expr(t+".state = ANY(CAST(? AS text[]))", pq.Array(stateNames(q.States))))
	}
	for _, term := range terms {
		where = append(where, termMatch(t+".given_key", t+".family_key", term))
	}
	if agency := personnel.Fold(q.Agency); agency != "" {
		where = append(where, sq.Eq{t + ".agency_key": agency})
	}
	if q.AgencyKind != "" {
		where = append(where, sq.Eq{t + ".agency_kind": string(q.AgencyKind)})
	}
	if c := q.After; c != nil {
		where = append(where, sq.Expr("("+t+".family_key, "+t+".given_key, "+id+") > (?, ?, ?)",
			personnel.Fold(c.Family), personnel.Fold(c.Given), c.ID))
	}
	return where
}

func stateNames(states []personnel.State) []string {
	out := make([]string, len(states))
	for i, s := range states {
		out[i] = string(s)
	}
	return out
}

// searchBranch selects columns of the people who pass q's filters other
// than its name terms, and match every one of terms (see termMatch), built
// with b.
func searchBranch(b sq.StatementBuilderType, q personnel.SearchQuery, terms []string, columns ...string) sq.SelectBuilder {
	where := searchFilters("p", "p.id", q, terms)
	stmt := b.Select(columns...).From("carenet.people p")
	if prefix := strings.ToLower(q.UsernamePrefix); prefix != "" {
		stmt = stmt.Join("carenet.accounts a ON a.person_id = p.id")
		where = append(where, sq.Like{"lower(a.username)": likePrefix(prefix)})
	}
	if len(where) > 0 {
		stmt = stmt.Where(where)
	}
	return stmt
}
