package memory

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// tx is the one transaction handle of every domain package: it implements
// each package's Tx. Writes change the state in place and push a closure
// that reverses them onto undo; a rollback runs the closures in reverse.
type tx struct {
	st       *state
	writable bool
	done     atomic.Bool
	undo     []func()
}

var (
	_ audit.Tx     = (*tx)(nil)
	_ auth.Tx      = (*tx)(nil)
	_ personnel.Tx = (*tx)(nil)
)

var (
	errReadOnly = errors.New("read-only transaction")
	errTxDone   = errors.New("transaction handle used after its function returned")
)

// begin checks that a repository call may go ahead: the handle is live, it
// may write if write is set, and ctx is not done.
func (t *tx) begin(ctx context.Context, op string, write bool) error {
	if t.done.Load() {
		return carenet.E(op, carenet.Internal, "", errTxDone)
	}
	if write && !t.writable {
		return carenet.E(op, carenet.Internal, "", errReadOnly)
	}
	if err := ctx.Err(); err != nil {
		return canceled(op, err)
	}
	return nil
}

// onUndo records how to reverse a write just made.
func (t *tx) onUndo(f func()) { t.undo = append(t.undo, f) }

// rollback reverses every write of the transaction, newest first.
func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

// put sets m[k] to v, remembering how to restore the old entry.
func put[K comparable, V any](t *tx, m map[K]V, k K, v V) {
	old, had := m[k]
	m[k] = v
	t.onUndo(func() {
		if had {
			m[k] = old
		} else {
			delete(m, k)
		}
	})
}

// remove deletes m[k], remembering how to restore it.
func remove[K comparable, V any](t *tx, m map[K]V, k K) {
	old, had := m[k]
	if !had {
		return
	}
	delete(m, k)
	t.onUndo(func() { m[k] = old })
}

// addTo adds v to the set m[k], creating the set if needed.
func addTo[K, V comparable, E any](t *tx, m map[K]map[V]E, k K, v V, e E) {
	set := m[k]
	if set == nil {
		set = map[V]E{}
		m[k] = set
	}
	put(t, set, v, e)
}

// removeFrom removes v from the set m[k].
func removeFrom[K, V comparable, E any](t *tx, m map[K]map[V]E, k K, v V) {
	if set := m[k]; set != nil {
		remove(t, set, v)
	}
}

// insert adds v to the sorted set s, remembering how to take it out.
func insert[T any](t *tx, s *sortedSet[T], v T) {
	if s.insert(v) {
		t.onUndo(func() { s.delete(v) })
	}
}

// drop removes v from the sorted set s, remembering how to put it back.
func drop[T any](t *tx, s *sortedSet[T], v T) {
	if s.delete(v) {
		t.onUndo(func() { s.insert(v) })
	}
}

func canceled(op string, err error) error {
	return carenet.E(op, carenet.Canceled, "", err)
}

func notFound(op, what string) error {
	return &carenet.Error{Code: carenet.NotFound, Op: op, Message: what + " not found"}
}

func conflict(op, message string) error {
	return &carenet.Error{Code: carenet.Conflict, Op: op, Message: message}
}

func staleVersion(op, what string) error {
	return conflict(op, "the "+what+" was changed by someone else; reload and try again")
}
