package postgres_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres/internal/sqlcount"
)

const loadPeople = 100_000

// loadRealisticPeople fills a fresh database with loadPeople people in a
// few statements, and analyzes it: 40 common family names with a random
// tail, 26 common given names and one rare one, one in eight with a second
// given name, one in ten inactive, one in two with a login, a security
// group and a session, and one in a thousand (all active) with an end date
// passed.
func loadRealisticPeople(t testing.TB, name string) {
	t.Helper()
	loadPopulation(t, name, loadPeople, true)
}

// loadPopulation fills a fresh database with n people as
// loadRealisticPeople describes, with their logins when logins is set, and
// vacuums and analyzes it, as autovacuum would after a bulk load.
func loadPopulation(t testing.TB, name string, n int, logins bool) {
	t.Helper()
	db := openDB(t, name, nil)
	start := time.Now()
	stmts := []string{
		fmt.Sprintf(`INSERT INTO carenet.people (id, given_name, family_name, agency, agency_kind, state, created_at, updated_at,
			version, family_key, given_key, agency_key, end_date)
		SELECT 'p-' || i, g.name, f.name, 'Agency ' || (i %% 40), 'cac',
			CASE WHEN i %% 10 = 0 THEN 'inactive' ELSE 'active' END, now(), now(), 1,
			lower(f.name), lower(g.name), lower('Agency ' || (i %% 40)),
			CASE WHEN i %% 1000 = 1 THEN now() - interval '1 day' END
		FROM generate_series(1, %d) AS i
		CROSS JOIN LATERAL (SELECT (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis',
			'Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore',
			'Jackson','Martin','Lee','Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis',
			'Robinson','Walker','Young','Allen','King','Wright','Scott','Torres','Nguyen','Hill','Flores'])[1 + (i / 3) %% 40]
			|| substr(md5(i::text), 1, 6) AS name) f
		CROSS JOIN LATERAL (SELECT CASE WHEN i %% 5000 = 7 THEN 'Zebulon' ELSE (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda',
			'David','Elizabeth','William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah',
			'Charles','Karen','Ada','Grace','Alan','Edsger','Barbara','Donald'])[1 + (i / 40) %% 26]
			|| CASE WHEN i %% 8 = 3 THEN ' Ann' ELSE '' END END AS name) g`, n),
	}
	if logins {
		stmts = append(stmts,
			fmt.Sprintf(`INSERT INTO carenet.accounts (id, person_id, username, active, created_at, updated_at, version)
			SELECT 'a-' || i, 'p-' || i, 'user' || i, true, now(), now(), 1 FROM generate_series(2, %d, 2) AS i`, n),
			fmt.Sprintf(`INSERT INTO carenet.account_credentials (account_id, password_hash)
			SELECT 'a-' || i, 'x' FROM generate_series(2, %d, 2) AS i`, n),
			fmt.Sprintf(`INSERT INTO carenet.account_groups (account_id, group_id, position)
			SELECT 'a-' || i, CASE WHEN i %% 100 = 0 THEN 'administrator' ELSE 'referral-user' END, 1
			FROM generate_series(2, %d, 2) AS i`, n),
			fmt.Sprintf(`INSERT INTO carenet.sessions (id, account_id, token_hash, created_at, last_seen_at, expires_at)
			SELECT 's-' || i, 'a-' || i, encode(sha256(('s-' || i)::bytea), 'hex'), now(), now(), now() + interval '1 hour'
			FROM generate_series(2, %d, 2) AS i`, n))
	}
	stmts = append(stmts, `VACUUM (ANALYZE)`)
	for _, stmt := range stmts {
		_, err := db.Exec(stmt)
		require.NoError(t, err, stmt)
	}
	t.Logf("loaded %d people in %v", n, time.Since(start).Round(time.Millisecond))
}

// planNode is the part of EXPLAIN (FORMAT JSON) the test reads.
type planNode struct {
	NodeType     string     `json:"Node Type"`
	RelationName string     `json:"Relation Name"`
	IndexName    string     `json:"Index Name"`
	IndexCond    string     `json:"Index Cond"`
	Plans        []planNode `json:"Plans"`
}

// explain returns the plan of the statement as the store sent it: the same
// text and the same arguments.
func explain(t *testing.T, name string, st sqlcount.Statement) planNode {
	t.Helper()
	db := openDB(t, name, nil)
	var out string
	require.NoError(t, db.QueryRow("EXPLAIN (FORMAT JSON) "+st.SQL, st.Args...).Scan(&out))
	var plans []struct {
		Plan planNode `json:"Plan"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &plans))
	require.Len(t, plans, 1)
	return plans[0].Plan
}

// scans lists the plan's scans as "Node Type on relation (index)".
func scans(n planNode) []string {
	var out []string
	if n.RelationName != "" || n.IndexName != "" {
		s := n.NodeType
		if n.RelationName != "" {
			s += " on " + n.RelationName
		}
		if n.IndexName != "" {
			s += " using " + n.IndexName
		}
		out = append(out, s)
	}
	for _, c := range n.Plans {
		out = append(out, scans(c)...)
	}
	return out
}

// loadedTables are the tables loadRealisticPeople fills.
var loadedTables = []string{"people", "person_words", "accounts", "account_credentials", "account_groups", "sessions"}

// requireIndexed checks that the plan reads the loaded tables only through
// indexes, and uses the index named (or, for a name ending in "_", one
// whose name starts so).
func requireIndexed(t *testing.T, plan planNode, index string, what string) {
	t.Helper()
	requirePlan(t, plan, what, loadedTables, index)
}

// requirePlan checks that the plan reads none of the tables in full and
// uses every index named. A name ending in "_" stands for any index whose
// name starts so.
func requirePlan(t *testing.T, plan planNode, what string, tables []string, indexes ...string) {
	t.Helper()
	all := scans(plan)
	t.Logf("%s: %s", what, strings.Join(all, "; "))
	for _, s := range all {
		for _, table := range tables {
			require.NotEqual(t, "Seq Scan on "+table, s, "%s reads a table in full: %v", what, all)
		}
	}
	for _, index := range indexes {
		used := false
		for _, s := range all {
			_, name, ok := strings.Cut(s, " using ")
			used = used || ok && (name == index || strings.HasSuffix(index, "_") && strings.HasPrefix(name, index))
		}
		require.True(t, used, "%s does not use %s: %v", what, index, all)
	}
}

// indexCond returns the condition the plan bounds its scan of the index
// with, or "" if it does not scan the index.
func indexCond(t *testing.T, plan planNode, index string) string {
	t.Helper()
	var find func(n planNode) string
	find = func(n planNode) string {
		if n.IndexName == index {
			return n.IndexCond
		}
		for _, c := range n.Plans {
			if cond := find(c); cond != "" {
				return cond
			}
		}
		return ""
	}
	cond := find(plan)
	t.Logf("%s: Index Cond %s", index, cond)
	return cond
}

// oneStatement runs fn in a View of store and returns the one statement it
// sent through counter.
func oneStatement[T any](t *testing.T, counter *sqlcount.Connector, store carenet.Transactor[T], what string, fn func(T) error) sqlcount.Statement {
	t.Helper()
	counter.Reset()
	require.NoError(t, store.View(ctx, fn), what)
	st := counter.Statements()
	require.Len(t, st, 1, "%s sent %d statements", what, len(st))
	return st[0]
}

// requireNameRange checks that the plan reads the people whose folded
// family name, or another word of whose name, starts with the term through
// an index range (an Index Cond on the key), not by walking a whole index
// and filtering.
func requireNameRange(t *testing.T, plan planNode, what string) {
	t.Helper()
	var conds []string
	var walk func(n planNode)
	walk = func(n planNode) {
		if n.IndexCond != "" {
			conds = append(conds, n.IndexName+": "+n.IndexCond)
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(plan)
	for _, key := range []string{"family_key", "word"} {
		found := false
		for _, c := range conds {
			found = found || strings.Contains(c, "("+key+" >= ")
		}
		require.True(t, found, "%s reads no range of %s: index conditions %v", what, key, conds)
	}
}

// TestQueriesUseIndexes loads 100,000 people and checks, through EXPLAIN
// of the very statements the store sends, that the personnel search, the
// login lookup, the session lookup and the end-date sweep read indexes.
func TestQueriesUseIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 100,000 people")
	}
	name := newDatabase(t, true)
	loadRealisticPeople(t, name)
	s, counter := countingStore(t, name)

	// one runs fn and returns the one statement it sent.
	one := func(what string, fn func(tx personnel.Tx) error) sqlcount.Statement {
		t.Helper()
		return oneStatement(t, counter, s.Personnel(), what, fn)
	}
	active := []personnel.State{personnel.Active}
	search := func(q personnel.SearchQuery) func(tx personnel.Tx) error {
		return func(tx personnel.Tx) error {
			people, err := tx.People().Search(ctx, q)
			if err == nil && len(people) == 0 {
				err = fmt.Errorf("search %+v found nobody", q)
			}
			return err
		}
	}

	var plan planNode
	st := one("search by one term", search(personnel.SearchQuery{Terms: []string{"smi"}, States: active, Limit: 50}))
	plan = explain(t, name, st)
	requireIndexed(t, plan, "people_", "search by one term")
	requireNameRange(t, plan, "search by one term")

	st = one("search by two terms", search(personnel.SearchQuery{Terms: []string{"wil", "ada"}, States: active, Limit: 50}))
	plan = explain(t, name, st)
	requireIndexed(t, plan, "people_", "search by two terms")
	requireNameRange(t, plan, "search by two terms")

	st = one("search by a common given name", search(personnel.SearchQuery{Terms: []string{"edsger"}, States: active, Limit: 50}))
	plan = explain(t, name, st)
	requireIndexed(t, plan, "people_", "search by a common given name")
	requireNameRange(t, plan, "search by a common given name")

	st = one("search by a rare given name", search(personnel.SearchQuery{Terms: []string{"zeb"}, States: active, Limit: 50}))
	plan = explain(t, name, st)
	requireIndexed(t, plan, "person_words_word", "search by a rare given name")
	requireNameRange(t, plan, "search by a rare given name")

	var page []personnel.Person
	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) (err error) {
		page, err = tx.People().Search(ctx, personnel.SearchQuery{Terms: []string{"jo"}, States: active, Limit: 50})
		return err
	}))
	require.Len(t, page, 50)
	last := page[len(page)-1]
	after := &personnel.Cursor{Family: personnel.Fold(last.FamilyName), Given: personnel.Fold(last.GivenName), ID: last.ID}
	st = one("next page", search(personnel.SearchQuery{Terms: []string{"jo"}, States: active, After: after, Limit: 50}))
	plan = explain(t, name, st)
	requireIndexed(t, plan, "people_search_order", "next page")
	requireNameRange(t, plan, "next page")

	st = one("search by username", search(personnel.SearchQuery{UsernamePrefix: "user4242", States: active, Limit: 50}))
	requireIndexed(t, explain(t, name, st), "accounts_username_key", "search by username")

	st = one("login lookup", func(tx personnel.Tx) error {
		_, err := tx.Accounts().ByUsername(ctx, "user4242")
		return err
	})
	requireIndexed(t, explain(t, name, st), "accounts_username_key", "login lookup")

	// The first lookup of a group's member also reads the group; the
	// statement explained is the one every lookup sends.
	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.Sessions().Lookup(ctx, sha256hex("s-4242"))
		return err
	}))
	st = one("session lookup", func(tx personnel.Tx) error {
		f, err := tx.Sessions().Lookup(ctx, sha256hex("s-4242"))
		if err == nil && f.Account.ID != "a-4242" {
			err = fmt.Errorf("found the session of %s", f.Account.ID)
		}
		return err
	})
	requireIndexed(t, explain(t, name, st), "sessions_token_hash_key", "session lookup")

	st = one("end-date sweep", func(tx personnel.Tx) error {
		due, err := tx.People().(personnel.EndDateFinder).EndDatePassed(ctx, time.Now(), 1000)
		if err == nil && len(due) != loadPeople/1000 {
			err = fmt.Errorf("found %d people due", len(due))
		}
		return err
	})
	requireIndexed(t, explain(t, name, st), "people_end_date_sweep", "end-date sweep")

	st = one("account by person", func(tx personnel.Tx) error {
		_, err := tx.Accounts().ByPerson(ctx, "p-4242")
		return err
	})
	requireIndexed(t, explain(t, name, st), "accounts_person_id_key", "account by person")

	// The sessions of an account, newest first.
	st = one("sessions of an account", func(tx personnel.Tx) error {
		_, err := tx.Sessions().ListByAccount(ctx, "a-4242")
		return err
	})
	requireIndexed(t, explain(t, name, st), "sessions_account", "sessions of an account")
}

func sha256hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
