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
// each package's Tx. A write transaction works on its own copy of the
// state, whose tables it copies on write (see table); gen, unique to the
// transaction, marks the parts it made and may change in place. A read
// transaction holds a committed state, which nothing changes.
type tx struct {
	st       *state
	writable bool
	gen      uint64
	done     atomic.Bool
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

// beginCreate begins a write in t for the Create of the record id in tbl:
// Conflict, saying what (with its article) has this id, if it is taken.
func beginCreate[V any](ctx context.Context, t *tx, op string, tbl *table[string, V], id, what string) error {
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	if tbl.has(id) {
		return conflict(op, what+" with this id already exists")
	}
	return nil
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
