package testkit

import (
	"context"
	"sync/atomic"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// FailingAudit makes audit logs refuse appends, as a database might
// mid-transaction: while it is on (Fail), every audit.Repository it wraps
// returns Err from Append. Reads pass through. Its zero value with Err set
// is off and ready to use; it is safe for concurrent use.
type FailingAudit struct {
	// Err is what Append returns while the log is failing.
	Err error
	on  atomic.Bool
}

// Fail turns the failure on (true) or off (false).
func (f *FailingAudit) Fail(on bool) { f.on.Store(on) }

// Wrap returns r with Append refused while f is on.
func (f *FailingAudit) Wrap(r audit.Repository) audit.Repository {
	return failingAuditRepo{Repository: r, f: f}
}

type failingAuditRepo struct {
	audit.Repository
	f *FailingAudit
}

func (r failingAuditRepo) Append(ctx context.Context, e audit.Event) (audit.Event, error) {
	if r.f.on.Load() {
		return audit.Event{}, r.f.Err
	}
	return r.Repository.Append(ctx, e)
}

// WrapTx returns store with the transaction of every Update and View
// passed through wrap first. Go cannot embed a type parameter, so the
// caller's wrap builds the package's own Tx (typically a struct embedding
// the Tx and overriding Audit with FailingAudit.Wrap).
func WrapTx[T any](store carenet.Transactor[T], wrap func(T) T) carenet.Transactor[T] {
	return wrappedTx[T]{store: store, wrap: wrap}
}

type wrappedTx[T any] struct {
	store carenet.Transactor[T]
	wrap  func(T) T
}

func (w wrappedTx[T]) Update(ctx context.Context, fn func(T) error) error {
	return w.store.Update(ctx, func(tx T) error { return fn(w.wrap(tx)) })
}

func (w wrappedTx[T]) View(ctx context.Context, fn func(T) error) error {
	return w.store.View(ctx, func(tx T) error { return fn(w.wrap(tx)) })
}

// FailAudit returns store with the audit log of every transaction wrapped
// by a FailingAudit that returns err, off until Fail turns it on, and that
// FailingAudit. withLog builds the package's own Tx from a transaction and
// the audit log to give it (a struct embedding the Tx and overriding
// Audit), as WrapTx explains.
func FailAudit[T interface{ Audit() audit.Repository }](store carenet.Transactor[T], err error, withLog func(T, audit.Repository) T) (carenet.Transactor[T], *FailingAudit) {
	f := &FailingAudit{Err: err}
	return WrapTx(store, func(tx T) T { return withLog(tx, f.Wrap(tx.Audit())) }), f
}
