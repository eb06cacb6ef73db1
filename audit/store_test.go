package audit_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// memStore is an in-memory carenet.Transactor[audit.Tx] over a slice. Update
// works on a copy that replaces the slice only when fn succeeds, so a failed
// or panicking fn leaves no trace.
type memStore struct {
	mu     sync.RWMutex
	events []audit.Event
	// head is the store's record of the end of the chain, moved by
	// Update; tests rewrite it as an attacker would.
	head audit.Head
	// unsealed and waited are what State reports as waiting for sealing.
	unsealed int64
	waited   time.Duration

	// listErr, when set, is returned by the List call numbered failOnList
	// (from 1; 0 means every call).
	listErr    error
	failOnList int64
	lists      atomic.Int64
}

var _ carenet.Transactor[audit.Tx] = (*memStore)(nil)

func (s *memStore) Update(ctx context.Context, fn func(audit.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return carenet.E("memStore.Update", carenet.Canceled, "", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	work := slices.Clone(s.events)
	if err := fn(memTx{s: s, events: &work, writable: true}); err != nil {
		return err
	}
	s.events = work
	if n := len(work); n > 0 {
		s.head = work[n-1].Head()
	}
	return nil
}

func (s *memStore) View(ctx context.Context, fn func(audit.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return carenet.E("memStore.View", carenet.Canceled, "", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	events := s.events
	return fn(memTx{s: s, events: &events})
}

type memTx struct {
	s        *memStore
	events   *[]audit.Event
	writable bool
}

func (tx memTx) Audit() audit.Repository { return memRepo(tx) }

type memRepo memTx

func (r memRepo) Append(ctx context.Context, e audit.Event) (audit.Event, error) {
	if !r.writable {
		return audit.Event{}, carenet.Errorf(carenet.Internal, "append in a read-only transaction")
	}
	var head audit.Head
	if n := len(*r.events); n > 0 {
		head = (*r.events)[n-1].Head()
	}
	e.Details = maps.Clone(e.Details)
	e = audit.Seal(e, head)
	*r.events = append(*r.events, e)
	return clone(e), nil
}

func (r memRepo) List(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	n := r.s.lists.Add(1)
	if r.s.listErr != nil && (r.s.failOnList == 0 || r.s.failOnList == n) {
		return nil, r.s.listErr
	}
	limit := f.Limit
	if limit == 0 {
		limit = audit.DefaultLimit
	}
	var out []audit.Event
	for _, e := range *r.events {
		if len(out) == limit {
			break
		}
		if e.Seq > f.AfterSeq && f.Matches(e) {
			out = append(out, clone(e))
		}
	}
	return out, nil
}

func (r memRepo) State(context.Context) (audit.State, error) {
	return audit.State{Head: r.s.head, Unsealed: r.s.unsealed, OldestUnsealed: r.s.waited}, nil
}

func clone(e audit.Event) audit.Event {
	e.Details = maps.Clone(e.Details)
	return e
}

var (
	t0     = time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)
	actors = []string{"u-ann", "u-bob", ""}
	kinds  = []string{"person", "case", "account"}
)

// sampleEvent is the i-th event (from 0) of the test logs: actors, target
// types and target IDs cycle so filters select predictable subsets.
func sampleEvent(i int) audit.Event {
	return audit.Event{
		ID:         fmt.Sprintf("ev-%06d", i+1),
		At:         t0.Add(time.Duration(i) * time.Second),
		ActorID:    actors[i%len(actors)],
		Action:     "personnel.update",
		TargetType: kinds[i%len(kinds)],
		TargetID:   fmt.Sprintf("t-%d", i%5),
		Details:    map[string]string{"n": fmt.Sprint(i)},
	}
}

// chain returns n sealed sample events.
func chain(n int) []audit.Event {
	out := make([]audit.Event, 0, n)
	var head audit.Head
	for i := range n {
		e := audit.Seal(sampleEvent(i), head)
		out = append(out, e)
		head = e.Head()
	}
	return out
}

// newStore returns a store holding n sample events appended through
// Repository.Append in one transaction.
func newStore(t *testing.T, n int) *memStore {
	t.Helper()
	s := &memStore{}
	appendEvents(t, s, 0, n)
	return s
}

// appendEvents appends sample events from..to-1 in one transaction.
func appendEvents(t *testing.T, s *memStore, from, to int) {
	t.Helper()
	err := s.Update(context.Background(), func(tx audit.Tx) error {
		for i := from; i < to; i++ {
			if _, err := tx.Audit().Append(context.Background(), sampleEvent(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding the store: %v", err)
	}
}

// reseal re-seals events from index i on, as an attacker with write access
// to the store could.
func reseal(events []audit.Event, i int) {
	var head audit.Head
	if i > 0 {
		head = events[i-1].Head()
	}
	for j := i; j < len(events); j++ {
		events[j] = audit.Seal(events[j], head)
		head = events[j].Head()
	}
}

// chainErr asserts err is an Internal error wrapping a *ChainError at seq.
func chainErr(t *testing.T, err error, seq int64) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want a *ChainError at event %d", seq)
	}
	if got := carenet.ErrorCode(err); got != carenet.Internal {
		t.Errorf("ErrorCode = %q, want %q", got, carenet.Internal)
	}
	var ce *audit.ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *ChainError", err)
	}
	if ce.Seq != seq {
		t.Errorf("ChainError.Seq = %d, want %d (%v)", ce.Seq, seq, ce)
	}
}
