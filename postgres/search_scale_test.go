package postgres_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres/internal/sqlcount"
)

// millionEnv runs TestSearchPlansAtAMillion; loading a million people takes
// minutes, so only CI and those who ask pay for it.
const millionEnv = "CARENET_TEST_MILLION"

// searchShapes are the query shapes the search must serve from its
// indexes at any size, over the population loadPopulation makes: one word
// (the start of a family name, of a given name, of a later given name, a
// rare name), two words, and a full name as displayed. fullName is the
// person whose displayed name the last shape types.
func searchShapes(fullName string) []struct{ what, name string } {
	return []struct{ what, name string }{
		{"one word, a family name", "smi"},
		{"one word, a common given name", "jam"},
		{"one word, a later given name", "ann"},
		{"one word, a rare given name", "zeb"},
		{"two words", "wil ada"},
		{"two words, a later given name", "ann joh"},
		{"full name", fullName},
	}
}

// displayedName is the name of person id as the SDK displays it.
func displayedName(t testing.TB, name, id string) string {
	t.Helper()
	var given, family string
	require.NoError(t, openDB(t, name, nil).QueryRow("SELECT given_name, family_name FROM carenet.people WHERE id = $1", id).Scan(&given, &family))
	return personnel.Person{Fields: personnel.Fields{GivenName: given, FamilyName: family}}.DisplayName()
}

// analyzed is what EXPLAIN (ANALYZE, BUFFERS) says of a statement.
type analyzed struct {
	plan    planNode
	buffers int     // shared buffers hit or read
	ms      float64 // execution time
	jit     bool    // the server compiled the plan (JIT)
}

func explainAnalyze(t *testing.T, name string, st sqlcount.Statement) analyzed {
	t.Helper()
	var out string
	require.NoError(t, openDB(t, name, nil).QueryRow("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "+st.SQL, st.Args...).Scan(&out))
	var plans []struct {
		Plan struct {
			planNode
			Hit  int `json:"Shared Hit Blocks"`
			Read int `json:"Shared Read Blocks"`
		} `json:"Plan"`
		Execution float64         `json:"Execution Time"`
		JIT       json.RawMessage `json:"JIT"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &plans))
	require.Len(t, plans, 1)
	p := plans[0]
	return analyzed{plan: p.Plan.planNode, buffers: p.Plan.Hit + p.Plan.Read, ms: p.Execution, jit: p.JIT != nil}
}

// maxSearchBuffers bounds the buffers one page of the search may touch at a
// million people: a page of 51 read from the indexes, not a walk of a
// table (a scan of people reads tens of thousands).
const maxSearchBuffers = 3000

// TestSearchPlansAtAMillion loads 1,000,000 people and checks, through
// EXPLAIN ANALYZE of the very statements the store sends, that every query
// shape of the personnel search, and its next page, reads index ranges and
// no table in full, within maxSearchBuffers, and is not costed high enough
// to be compiled. It runs when
// CARENET_TEST_MILLION is set, as CI sets it.
func TestSearchPlansAtAMillion(t *testing.T) {
	if os.Getenv(millionEnv) == "" {
		t.Skipf("loads 1,000,000 people; set %s=1 to run it", millionEnv)
	}
	name := newDatabase(t, true)
	loadPopulation(t, name, 1_000_000, false)
	s, counter := countingStore(t, name)
	full := displayedName(t, name, "p-777777")
	active := []personnel.State{personnel.Active}
	for _, shape := range searchShapes(full) {
		q := personnel.SearchQuery{Terms: strings.Fields(personnel.Fold(shape.name)), States: active, Limit: personnel.DefaultSearchLimit + 1}
		var page []personnel.Person
		st := oneStatement(t, counter, s.Personnel(), shape.what, func(tx personnel.Tx) (err error) {
			page, err = tx.People().Search(ctx, q)
			return err
		})
		require.NotEmpty(t, page, "%s (%q) found nobody", shape.what, shape.name)
		checkSearchPlan(t, name, st, shape.what)
		if len(page) == q.Limit {
			last := page[len(page)-1]
			q.After = &personnel.Cursor{Family: personnel.Fold(last.FamilyName), Given: personnel.Fold(last.GivenName), ID: last.ID}
			st = oneStatement(t, counter, s.Personnel(), shape.what+", next page", func(tx personnel.Tx) error {
				_, err := tx.People().Search(ctx, q)
				return err
			})
			checkSearchPlan(t, name, st, shape.what+", next page")
		}
	}
}

func checkSearchPlan(t *testing.T, name string, st sqlcount.Statement, what string) {
	t.Helper()
	a := explainAnalyze(t, name, st)
	t.Logf("%s: %d buffers, %.2f ms", what, a.buffers, a.ms)
	requirePlan(t, a.plan, what, []string{"people", "person_words"}, "people_search_order", "person_words_word")
	requireNameRange(t, a.plan, what)
	require.LessOrEqual(t, a.buffers, maxSearchBuffers, "%s touches %d buffers", what, a.buffers)
	// A plan the planner costs high enough to compile spends tens of
	// milliseconds compiling on every call, for a page it reads in one.
	require.False(t, a.jit, "%s is compiled (JIT): the planner expects it to cost far more than it does", what)
}

// BenchmarkPostgresSearch runs the personnel search for a first page of
// 50 over 100,000 and over 1,000,000 people (see loadPopulation), by one
// word, by two words and by a full name as displayed.
func BenchmarkPostgresSearch(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"100k", 100_000}, {"1M", 1_000_000}} {
		b.Run(size.name, func(b *testing.B) {
			name := newDatabase(b, true)
			loadPopulation(b, name, size.n, false)
			s, counter := countingStore(b, name)
			sv := newServices(b, s)
			queries := []struct{ what, name string }{
				{"OneWord", "wil"},
				{"TwoWords", "wil ada"},
				{"FullName", displayedName(b, name, fmt.Sprintf("p-%d", size.n*7/9))},
			}
			for _, q := range queries {
				b.Run(q.what, func(b *testing.B) {
					page, err := sv.people.Search(ctx, sv.admin, personnel.Query{Name: q.name})
					if err != nil || len(page.People) == 0 {
						b.Fatalf("query %q: %d people, %v", q.name, len(page.People), err)
					}
					b.ReportAllocs()
					counter.Reset()
					for b.Loop() {
						if _, err := sv.people.Search(ctx, sv.admin, personnel.Query{Name: q.name}); err != nil {
							b.Fatal(err)
						}
					}
					reportStatements(b, counter)
				})
			}
		})
	}
}
