package memory

import (
	"context"
	"sync"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// Store is the in-memory store. The zero value is not usable; call New.
type Store struct {
	mu sync.RWMutex
	st *state
}

// New returns an empty Store holding only the built-in security groups.
func New() *Store {
	return &Store{st: newState()}
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

var _ auth.SessionLooker = authStore{}

// LookupSession reads the facts of the session with the token hash under
// the read lock, without a transaction function.
func (a authStore) LookupSession(ctx context.Context, tokenHash string) (auth.SessionFacts, error) {
	var f auth.SessionFacts
	err := a.s.view(ctx, func(t *tx) error {
		var err error
		f, err = t.Sessions().Lookup(ctx, tokenHash)
		return err
	})
	return f, err
}

// update runs fn holding the write lock and undoes its writes unless it
// returns nil with ctx still live. A panic in fn is re-raised after the
// undo.
func (s *Store) update(ctx context.Context, fn func(*tx) error) error {
	const op = "memory.Update"
	if err := ctx.Err(); err != nil {
		return canceled(op, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &tx{st: s.st, writable: true}
	committed := false
	defer func() {
		t.done.Store(true)
		if !committed {
			t.rollback()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	// As a database does, a transaction whose context ended does not commit.
	if err := ctx.Err(); err != nil {
		return canceled(op, err)
	}
	committed = true
	return nil
}

// view runs fn holding the read lock.
func (s *Store) view(ctx context.Context, fn func(*tx) error) error {
	if err := ctx.Err(); err != nil {
		return canceled("memory.View", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := &tx{st: s.st}
	defer t.done.Store(true)
	return fn(t)
}
