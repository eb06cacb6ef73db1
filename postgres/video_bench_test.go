package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/video"
)

// myVideosSink keeps the compiler from optimising the benchmarked call
// away.
var myVideosSink []video.MyVideo

// BenchmarkPostgresMyVideos measures video.Service.MyVideos on a database
// of 1,000 grantees with 50 shares each (40 of them current), one grantee
// per operation in turn. Besides ns/op and allocs/op it reports
// queries/op: the statements one call sends, counted on a second pool
// whose statements are counted (the timed pool counts nothing, so the
// counting costs no time or allocations in the figures).
func BenchmarkPostgresMyVideos(b *testing.B) {
	name := newDatabase(b, true)
	loadVideoShares(b, name, time.Now())
	principals := make([]*auth.Principal, loadGrantees)
	for i := range principals {
		principals[i] = &auth.Principal{PersonID: fmt.Sprintf("vg-%d", i+1),
			Portal: portal.Compute(portal.Facts{HasLogin: true, PersonActive: true, AccountActive: true,
				ReferralUser: true, Access: portal.Access{Enabled: true, Video: true}})}
	}
	call := func(svc *video.Service, i int) {
		rows, err := svc.MyVideos(ctx, principals[i%len(principals)])
		if err != nil {
			b.Fatal(err)
		}
		if len(rows) != loadCurrentOfFifty {
			b.Fatalf("My Videos listed %d shares, want %d", len(rows), loadCurrentOfFifty)
		}
		myVideosSink = rows
	}

	counted, counter := countingStore(b, name)
	countedSvc := videoService(b, counted)
	counter.Reset()
	const countedCalls = 100
	for i := range countedCalls {
		call(countedSvc, i)
	}
	queries := float64(len(counter.Statements())) / countedCalls
	if queries != 1 {
		b.Fatalf("My Videos sent %v statements per call, want 1", queries)
	}

	svc := videoService(b, postgres.New(openDB(b, name, nil)))
	call(svc, 0) // open the connection outside the timing
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		call(svc, i)
		i++
	}
	b.ReportMetric(queries, "queries/op")
}
