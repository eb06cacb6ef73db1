package memory

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// Store is the in-memory store. The zero value is not usable; call New.
type Store struct {
	// cur is the committed state. Readers load it and never lock; a
	// writer publishes its new state here as it commits.
	cur atomic.Pointer[state]
	// mu serialises writers; gen is the generation of the last write
	// transaction, guarded by mu.
	mu  sync.Mutex
	gen uint64
}

// New returns an empty Store holding only the built-in security groups.
func New() *Store {
	s := &Store{}
	st := newState()
	s.cur.Store(&st)
	err := s.update(context.Background(), func(t *tx) error {
		for _, g := range auth.BuiltinGroups() {
			g = cloneSecurityGroup(g)
			t.st.securityGroups.put(t, g.ID, g)
			t.st.securityByName.put(t, securityNameKey(g.Name), g.ID)
		}
		return nil
	})
	if err != nil {
		panic(err) // unreachable: the context never ends
	}
	return s
}

// Audit returns the transaction boundary of package audit.
func (s *Store) Audit() carenet.Transactor[audit.Tx] { return transactor[audit.Tx]{s} }

// Auth returns the transaction boundary of package auth. The value also
// implements auth.SessionLooker.
func (s *Store) Auth() auth.Store { return authStore{transactor[auth.Tx]{s}} }

// Personnel returns the transaction boundary of package personnel.
func (s *Store) Personnel() personnel.Store { return transactor[personnel.Tx]{s} }

// transactor runs transactions for a domain package whose handle type T the
// concrete *tx implements.
type transactor[T any] struct{ s *Store }

// Update runs fn in a write transaction (see carenet.Transactor).
func (a transactor[T]) Update(ctx context.Context, fn func(T) error) error {
	return a.s.update(ctx, func(t *tx) error { return fn(any(t).(T)) })
}

// View runs fn in a read-only transaction (see carenet.Transactor).
func (a transactor[T]) View(ctx context.Context, fn func(T) error) error {
	return a.s.view(ctx, func(t *tx) error { return fn(any(t).(T)) })
}

// authStore is auth's boundary with the optional direct session lookup.
type authStore struct{ transactor[auth.Tx] }

var (
	_ auth.SessionLooker  = authStore{}
	_ auth.LoginDisabler  = accounts{}
	_ auth.AccountDeleter = accounts{}
)

// update runs fn on a copy of the committed state, holding the writers'
// lock, and publishes the copy unless fn returns an error or panics or ctx
// ends first: then the copy is dropped, and with it every write fn made.
func (s *Store) update(ctx context.Context, fn func(*tx) error) error {
	const op = "memory.Update"
	if err := ctx.Err(); err != nil {
		return canceled(op, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	next := *s.cur.Load()
	t := &tx{st: &next, writable: true, gen: s.gen}
	defer t.done.Store(true)
	if err := fn(t); err != nil {
		return err
	}
	// As a database does, a transaction whose context ended does not commit.
	if err := ctx.Err(); err != nil {
		return canceled(op, err)
	}
	s.cur.Store(&next)
	return nil
}

// view runs fn on the committed state as it is when view starts. It takes
// no lock: the state it holds is never changed.
func (s *Store) view(ctx context.Context, fn func(*tx) error) error {
	if err := ctx.Err(); err != nil {
		return canceled("memory.View", err)
	}
	t := &tx{st: s.cur.Load()}
	defer t.done.Store(true)
	return fn(t)
}
