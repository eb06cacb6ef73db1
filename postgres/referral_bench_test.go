package postgres_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/referral"
)

// submitSink keeps the compiler from optimising the benchmarked call away.
var submitSink referral.Referral

// BenchmarkPostgresSubmitReferral measures referral.Service.Submit of a
// full combined referral (see combinedForm) by a referral portal user, with
// an idempotency key of its own per call, on a migrated database: the
// validation, the key lookup, the insert and the audit append, in one
// transaction. Besides ns/op and allocs/op it reports statements/op: the
// statements one submit sends, counted on a second pool whose statements
// are counted (the timed pool counts nothing, so the counting costs no
// time or allocations in the figures).
func BenchmarkPostgresSubmitReferral(b *testing.B) {
	name := newDatabase(b, true)
	setup := postgres.New(openDB(b, name, nil))
	_, portalUser := referralPortalUser(b, setup, "bench")
	form := combinedForm(time.Now())
	submit := func(svc *referral.Service, actor *auth.Principal, key string) {
		r, err := svc.Submit(ctx, actor, key, form)
		if err != nil {
			b.Fatal(err)
		}
		if r.Status != referral.StatusSubmitted || len(r.Children) != 2 || r.LE == nil || r.CPS == nil {
			b.Fatalf("submitted %+v", r)
		}
		submitSink = r
	}

	counted, counter := countingStore(b, name)
	countedSvc := referralService(counted)
	counter.Reset()
	const countedCalls = 20
	for i := range countedCalls {
		submit(countedSvc, portalUser, "counted-"+strconv.Itoa(i))
	}
	statements := float64(len(counter.Statements())) / countedCalls
	if statements != 4 {
		b.Fatalf("a submit sent %v statements, want 4", statements)
	}

	svc := referralService(postgres.New(openDB(b, name, nil)))
	submit(svc, portalUser, "warm-up") // open the connection outside the timing
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		submit(svc, portalUser, "key-"+strconv.Itoa(i))
		i++
	}
	b.StopTimer()
	b.ReportMetric(statements, "statements/op")
}
