package memory_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
)

// benchEnv is the auth and personnel services over one memory store
// holding an administrator, users with a session each, and a directory of
// people for a writer to edit.
type benchEnv struct {
	ctx    context.Context
	auth   *auth.Service
	people *personnel.Service
	admin  *auth.Principal
	tokens []string           // one session token per user
	staff  []personnel.Person // the people a writer edits
}

var (
	benchGivens   = []string{"Ava", "Ben", "Chloé", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "José", "Kai", "Lena", "Mateo", "Nora"}
	benchFamilies = []string{"Smith", "Johnson", "Williams", "Brown", "García", "Miller", "Davis", "Rodríguez", "Wilson", "Anderson", "Thomas", "Lee", "Pérez", "Nguyen"}
)

// newBenchEnv builds the services with users logged in, and people
// stored straight through the store, in large transactions.
func newBenchEnv(b *testing.B, users, people int) *benchEnv {
	b.Helper()
	ctx := context.Background()
	s := memory.New()
	clock := carenet.NewManualClock(carenettest.Start)
	a, err := auth.NewService(s.Auth(), auth.Config{Clock: clock, IDs: carenet.SequentialIDs("id"), Hasher: carenettest.FastHasher})
	if err != nil {
		b.Fatal(err)
	}
	e := &benchEnv{ctx: ctx, auth: a, people: personnel.NewService(s.Personnel(), a, personnel.Config{Clock: clock, IDs: carenet.SequentialIDs("p")})}
	login := func(username, pw string) *auth.LoginResult {
		res, err := a.Login(ctx, auth.LoginRequest{Username: username, Password: pw})
		if err != nil {
			b.Fatalf("login %s: %v", username, err)
		}
		return res
	}
	if _, err := e.people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "admin", Password: carenettest.Password},
	}); err != nil {
		b.Fatal(err)
	}
	e.admin = login("admin", carenettest.Password).Principal
	for i := range users {
		username := fmt.Sprintf("user%03d", i)
		if _, err := e.people.Create(ctx, e.admin, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "User", FamilyName: fmt.Sprint(i), AgencyKind: personnel.AgencyCAC},
			Login:  &auth.LoginSpec{Username: username, Password: carenettest.Password, Groups: []string{auth.AdministratorGroup}},
		}); err != nil {
			b.Fatal(err)
		}
		e.tokens = append(e.tokens, login(username, carenettest.Password).Token)
	}
	now := clock.Now()
	for start := 0; start < people; start += 10_000 {
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			for i := start; i < min(start+10_000, people); i++ {
				p := personnel.Person{
					ID: fmt.Sprintf("staff-%06d", i), Fields: personnel.Fields{GivenName: benchGivens[i%len(benchGivens)],
						FamilyName: fmt.Sprintf("%s%d", benchFamilies[(i/len(benchGivens))%len(benchFamilies)], i%9),
						AgencyKind: personnel.AgencyCAC}, State: personnel.Active,
					CreatedAt: now, UpdatedAt: now, StateChangedAt: now, Version: 1,
				}
				if err := tx.People().Create(ctx, p); err != nil {
					return err
				}
				e.staff = append(e.staff, p)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return e
}

// edit renames the i-th person through the personnel service, as an
// administrator editing profiles does: one write transaction with its
// audit event.
func (e *benchEnv) edit(i int) error {
	p := &e.staff[i%len(e.staff)]
	family := fmt.Sprintf("Edited%d", i%50)
	got, err := e.people.Edit(e.ctx, e.admin, p.ID, p.Version, personnel.Update{FamilyName: &family})
	if err != nil {
		return err
	}
	p.Version = got.Version
	return nil
}

// startWriter edits people without pause on a goroutine of its own until
// the function it returns is called; that reports the edits made per
// second.
func (e *benchEnv) startWriter(b *testing.B) (stop func() float64) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	edits := 0
	start := time.Now()
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			if err := e.edit(i); err != nil {
				b.Error(err)
				return
			}
			edits++
		}
	})
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(edits) / time.Since(start).Seconds()
	}
}

// aloneAndWithWriter runs op as sub-benchmarks "alone" and "with-writer"
// (one goroutine editing people through the personnel service without
// pause), reporting ops/s, edits/s for the writer, and where the system
// tells it (Linux) cpu-ns/op: the CPU time the reading goroutine's thread
// spent per op, which a loaded machine's scheduling does not inflate. A
// reader blocked on a lock spends no CPU while it waits: ops/s shows that.
func aloneAndWithWriter(b *testing.B, e *benchEnv, op func(i int) error) {
	loop := func(b *testing.B) {
		b.ReportAllocs()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		cpu0, cpuOK := threadCPU()
		i := 0
		for b.Loop() {
			if err := op(i); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		if cpu1, ok := threadCPU(); ok && cpuOK {
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
		}
	}
	b.Run("alone", loop)
	b.Run("with-writer", func(b *testing.B) {
		stop := e.startWriter(b)
		loop(b)
		b.ReportMetric(stop(), "edits/s")
	})
}

// BenchmarkMemoryAuthenticate authenticates session tokens of 32 users in
// turn (auth.Service.Authenticate: the session, login, person and groups
// read afresh) among 10,000 people, alone and while a writer edits people.
// Reads take no lock, so the writer slows them only by sharing the
// machine.
func BenchmarkMemoryAuthenticate(b *testing.B) {
	e := newBenchEnv(b, 32, 10_000)
	aloneAndWithWriter(b, e, func(i int) error {
		_, err := e.auth.Authenticate(e.ctx, e.tokens[i%len(e.tokens)])
		return err
	})
}

// BenchmarkMemorySearch runs the personnel search through the service over
// 100,000 people, four name queries in turn and a first page of 50, alone
// and while a writer renames people (which moves them in the search
// indexes).
func BenchmarkMemorySearch(b *testing.B) {
	e := newBenchEnv(b, 0, 100_000)
	queries := []personnel.Query{{Name: "smi"}, {Name: "garc"}, {Name: "nora"}, {Name: "ava wil"}}
	aloneAndWithWriter(b, e, func(i int) error {
		page, err := e.people.Search(e.ctx, e.admin, queries[i%len(queries)])
		if err == nil && len(page.People) != personnel.DefaultSearchLimit {
			err = fmt.Errorf("query %+v: %d people", queries[i%len(queries)], len(page.People))
		}
		return err
	})
}

// BenchmarkMemoryEdit is the writer's cost: one edit of a person through
// the service among 1,000 and among 100,000 people. A write copies only
// what it touches, so the cost and the bytes copied grow little with the
// directory.
func BenchmarkMemoryEdit(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			e := newBenchEnv(b, 0, n)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := e.edit(i); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
