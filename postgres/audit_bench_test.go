package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/video"
)

// auditBenchRows is how many people (each with a login, a video and a
// row of every kind an operation writes) the audited-writes benchmark
// loads: every operation uses rows of its own.
const auditBenchRows = 60_000

// auditBenchPassword is the password of the benchmark's logins; failed
// logins give another.
const auditBenchPassword = "violet-lantern-harbor-92"

// BenchmarkPostgresAuditedWrites runs mixed audited writes on distinct
// rows from 1, 4, 16 and 32 writers at once, through the services as a
// host calls them: in turn a deactivation (person, login, sessions and
// the event), a failed login (credentials' failure count and the event)
// and a video share (the share and the event). Each writers=N has a
// baseline/writers=N beside it, run next to it in the same run: the
// same services over the same store with an audit log that appends
// nothing, so the same statements but the append; which of the two runs
// first is drawn for each N. It reports ops/s and the median and 99th
// percentile latency of one operation.
//
// Run it with a fixed count, so the loaded rows suffice, and several
// times over rather than with -count (which repeats each sub-benchmark
// in a row): then each run interleaves the two sides, and the medians of
// the runs are the figures.
//
//	for i in 1 2 3 4 5; do go test -run '^$' -bench AuditedWrites -benchtime 900x ./postgres/; done
func BenchmarkPostgresAuditedWrites(b *testing.B) {
	name := newDatabase(b, true)
	loadAuditBench(b, name)
	// One pool for both sides, which never run at once: 32 writers, the
	// sealer and a spare.
	db := openDB(b, name, nil)
	db.SetMaxOpenConns(34)
	db.SetMaxIdleConns(34)
	audited := newAuditBenchServices(b, postgres.New(db), false)
	baseline := newAuditBenchServices(b, postgres.New(db), true)
	var next atomic.Int64
	for _, writers := range []int{1, 4, 16, 32} {
		sides := []func(){
			func() {
				b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) { runAuditedWrites(b, audited, writers, &next) })
			},
			func() {
				b.Run(fmt.Sprintf("baseline/writers=%d", writers), func(b *testing.B) { runAuditedWrites(b, baseline, writers, &next) })
			},
		}
		// Which side runs first is drawn for each N, so that over several
		// runs neither gains from going first or second.
		if rand.IntN(2) == 1 {
			sides[0], sides[1] = sides[1], sides[0]
		}
		for _, run := range sides {
			run()
		}
	}
	// Everything the audited side wrote is sealed, in one chain.
	rep, err := audit.NewService(audited.store.Audit()).VerifyLog(ctx, audit.VerifyOptions{})
	if err != nil {
		b.Fatalf("the log after the benchmark: %v", err)
	}
	b.Logf("the chain verifies: %d events", rep.Checked)
}

// auditBenchServices are the services the benchmark calls.
type auditBenchServices struct {
	store  *postgres.Store
	auth   *auth.Service
	people *personnel.Service
	videos *video.Service
	admin  *auth.Principal
}

// newAuditBenchServices wires the services over s; with noAudit every
// audit append of theirs is dropped.
func newAuditBenchServices(b *testing.B, s *postgres.Store, noAudit bool) *auditBenchServices {
	b.Helper()
	var (
		as auth.Store      = s.Auth()
		ps personnel.Store = s.Personnel()
		vs video.Store     = s.Video()
	)
	if noAudit {
		as = testkit.WrapTx(as, func(tx auth.Tx) auth.Tx { return noAuditAuth{tx} })
		ps = testkit.WrapTx(ps, func(tx personnel.Tx) personnel.Tx { return noAuditPersonnel{tx} })
		vs = testkit.WrapTx(vs, func(tx video.Tx) video.Tx { return noAuditVideo{tx} })
	}
	authSvc, err := auth.NewService(as, auth.Config{Hasher: carenettest.FastHasher})
	if err != nil {
		b.Fatal(err)
	}
	vsvc, err := video.NewService(vs, video.Config{Tickets: video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": []byte("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk")}}})
	if err != nil {
		b.Fatal(err)
	}
	return &auditBenchServices{store: s, auth: authSvc, people: personnel.NewService(ps, authSvc, personnel.Config{}), videos: vsvc,
		admin: &auth.Principal{PersonID: "bw-admin", Permissions: auth.NewPermissionSet(auth.AllPermissions()...), AuthenticatedAt: time.Now()}}
}

// runAuditedWrites runs b.N operations from writers goroutines, each
// operation on rows of its own, and reports the figures.
func runAuditedWrites(b *testing.B, sv *auditBenchServices, writers int, next *atomic.Int64) {
	if next.Load()+int64(b.N) > auditBenchRows {
		b.Fatalf("the benchmark ran out of loaded rows: run it with -benchtime 900x")
	}
	lat := make([][]time.Duration, writers)
	var todo atomic.Int64
	todo.Store(int64(b.N))
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := range writers {
		wg.Go(func() {
			for todo.Add(-1) >= 0 {
				i := next.Add(1)
				t0 := time.Now()
				if err := sv.write(i); err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(ms(all[len(all)/2]), "p50-ms")
	b.ReportMetric(ms(all[min(len(all)-1, len(all)*99/100)]), "p99-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// write is operation i: a deactivation, a failed login or a share, in
// turn, each on the rows of person i.
func (sv *auditBenchServices) write(i int64) error {
	p := fmt.Sprintf("bw-p-%d", i)
	switch i % 3 {
	case 0:
		d, err := sv.people.Deactivate(ctx, sv.admin, p, "left")
		if err != nil || !d.LoginDisabled {
			return fmt.Errorf("deactivating %s: %+v, %w", p, d, err)
		}
	case 1:
		_, err := sv.auth.Login(ctx, auth.LoginRequest{Username: fmt.Sprintf("bwuser%d", i), Password: "wrong-password-123"})
		if !errors.Is(err, auth.ErrLoginFailed) {
			return fmt.Errorf("failed login of %s: %w", p, err)
		}
	default:
		_, err := sv.videos.Share(ctx, sv.admin, video.NewShare{VideoID: fmt.Sprintf("bw-v-%d", i), GranteeID: p, Mode: video.ViewOnly})
		if err != nil {
			return fmt.Errorf("sharing with %s: %w", p, err)
		}
	}
	return nil
}

// loadAuditBench loads auditBenchRows people, each with a video portal
// login (password auditBenchPassword), a session and a video of their own,
// and the administrator who acts.
func loadAuditBench(b *testing.B, name string) {
	b.Helper()
	hash, err := carenettest.FastHasher.Hash(auditBenchPassword)
	if err != nil {
		b.Fatal(err)
	}
	db := openDB(b, name, nil)
	for _, stmt := range []string{
		`INSERT INTO carenet.people (id, given_name, family_name, agency, agency_kind, state, created_at, updated_at, version, family_key, given_key, agency_key)
		SELECT 'bw-' || x, 'Given', 'Family' || x, 'Agency', 'cac', 'active', now(), now(), 1, 'family' || x, 'given', 'agency'
		FROM (SELECT 'p-' || i AS x FROM generate_series(1, $1::int) AS i UNION ALL SELECT 'admin') AS s`,
		`INSERT INTO carenet.accounts (id, person_id, username, active, portal_enabled, portal_video, created_at, updated_at, version)
		SELECT 'bw-a-' || i, 'bw-p-' || i, 'bwuser' || i, true, true, true, now(), now(), 1 FROM generate_series(1, $1::int) AS i`,
		`INSERT INTO carenet.account_credentials (account_id, password_hash)
		SELECT 'bw-a-' || i, $2 FROM generate_series(1, $1::int) AS i`,
		`INSERT INTO carenet.account_groups (account_id, group_id, position)
		SELECT 'bw-a-' || i, 'referral-user', 1 FROM generate_series(1, $1::int) AS i`,
		`INSERT INTO carenet.sessions (id, account_id, token_hash, created_at, last_seen_at, expires_at)
		SELECT 'bw-s-' || i, 'bw-a-' || i, encode(sha256(('bw-s-' || i)::bytea), 'hex'), now(), now(), now() + interval '1 day'
		FROM generate_series(1, $1::int) AS i`,
		`INSERT INTO carenet.videos (id, client_id, duration_ns, size_bytes, sha256, uploaded_by, uploaded_at)
		SELECT 'bw-v-' || i, 'client-' || i, 1000000000, 1000, repeat('a', 64), 'bw-admin', now() FROM generate_series(1, $1::int) AS i`,
		`ANALYZE`,
	} {
		args := []any{auditBenchRows, hash}
		switch {
		case stmt == `ANALYZE`:
			args = nil
		case !strings.Contains(stmt, "$2"):
			args = args[:1]
		}
		if _, err := db.Exec(stmt, args...); err != nil {
			b.Fatalf("%v\n%s", err, stmt)
		}
	}
}

// The baseline's transactions: the store's, with an audit log that
// appends nothing.
type (
	noAuditAuth      struct{ auth.Tx }
	noAuditPersonnel struct{ personnel.Tx }
	noAuditVideo     struct{ video.Tx }
	droppedAudit     struct{ audit.Repository }
)

func (t noAuditAuth) Audit() audit.Repository      { return droppedAudit{t.Tx.Audit()} }
func (t noAuditPersonnel) Audit() audit.Repository { return droppedAudit{t.Tx.Audit()} }
func (t noAuditVideo) Audit() audit.Repository     { return droppedAudit{t.Tx.Audit()} }

func (droppedAudit) Append(_ context.Context, e audit.Event) (audit.Event, error) { return e, nil }
