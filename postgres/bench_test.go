package postgres_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres/internal/sqlcount"
)

// benchServices returns the services over a fresh database holding 100,000
// people (see loadRealisticPeople), through a connector that counts the
// statements sent.
func benchServices(b *testing.B) (*services, *sqlcount.Connector) {
	b.Helper()
	name := newDatabase(b, true)
	loadRealisticPeople(b, name)
	s, counter := countingStore(b, name)
	return newServices(b, s), counter
}

// reportStatements reports the statements sent per operation since the
// counter was last reset.
func reportStatements(b *testing.B, counter *sqlcount.Connector) {
	b.ReportMetric(float64(len(counter.Statements()))/float64(b.N), "stmts/op")
	b.ReportMetric(float64(counter.TxControl())/float64(b.N), "txctl/op")
}

// latencies records the time of each operation of a benchmark, for its
// percentiles: a mean hides what most calls cost when a few are slow.
type latencies []time.Duration

// time runs op and records how long it took.
func (l *latencies) time(op func()) {
	start := time.Now()
	op()
	*l = append(*l, time.Since(start))
}

// report reports the median and the 90th percentile, in microseconds.
func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	at := func(q float64) float64 { return float64(l[int(q*float64(len(l)-1))]) / float64(time.Microsecond) }
	b.ReportMetric(at(0.5), "p50-µs")
	b.ReportMetric(at(0.9), "p90-µs")
}

// BenchmarkPostgresDeactivate deactivates system users who each hold a
// session, among 100,000 people: the person, the login, its password, its
// sessions and the audit event, in one transaction.
func BenchmarkPostgresDeactivate(b *testing.B) {
	sv, counter := benchServices(b)
	// The loaded people with an even number have a login and a session;
	// one in ten of them is inactive already.
	var ids []string
	for i := 2; i <= loadPeople; i += 2 {
		if i%10 != 0 {
			ids = append(ids, fmt.Sprintf("p-%d", i))
		}
	}
	b.ReportAllocs()
	counter.Reset()
	i := 0
	var took latencies
	for b.Loop() {
		if i == len(ids) {
			b.Fatal("ran out of people to deactivate")
		}
		took.time(func() {
			d, err := sv.people.Deactivate(ctx, sv.admin, ids[i], "left")
			if err != nil || !d.LoginDisabled || d.SessionsRevoked != 1 {
				b.Fatalf("deactivating %s: %+v, %v", ids[i], d, err)
			}
		})
		i++
	}
	reportStatements(b, counter)
	took.report(b)
}

// BenchmarkPostgresAuthenticateSession authenticates session tokens of a
// few users, among 100,000 people: one query outside any transaction.
func BenchmarkPostgresAuthenticateSession(b *testing.B) {
	sv, counter := benchServices(b)
	var tokens []string
	for i := range 8 {
		_, username := sv.user(b, fmt.Sprintf("Bench%d", i))
		tokens = append(tokens, sv.login(b, username).Token)
	}
	b.ReportAllocs()
	counter.Reset()
	i := 0
	var took latencies
	for b.Loop() {
		took.time(func() {
			if _, err := sv.auth.Authenticate(ctx, tokens[i%len(tokens)]); err != nil {
				b.Fatal(err)
			}
		})
		i++
	}
	reportStatements(b, counter)
	took.report(b)
}

// BenchmarkPostgresSearchByNamePrefix runs the personnel search over
// 100,000 people by the start of a family name, a given name, or both, and
// reads the first page of 50.
func BenchmarkPostgresSearchByNamePrefix(b *testing.B) {
	sv, counter := benchServices(b)
	queries := []personnel.Query{{Name: "smi"}, {Name: "garc"}, {Name: "jam"}, {Name: "wil ada"}}
	for _, q := range queries {
		page, err := sv.people.Search(ctx, sv.admin, q)
		if err != nil || len(page.People) != personnel.DefaultSearchLimit {
			b.Fatalf("query %+v: %d people, %v", q, len(page.People), err)
		}
	}
	b.ReportAllocs()
	counter.Reset()
	i := 0
	for b.Loop() {
		if _, err := sv.people.Search(ctx, sv.admin, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportStatements(b, counter)
}
