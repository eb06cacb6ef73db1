package carenet

import "context"

// Transactor is the transaction boundary a store implements. T is the
// transaction handle a domain package asks for (auth.Tx, personnel.Tx, ...):
// an interface giving the repositories that package reads and writes.
//
// Update runs fn in a read-write transaction. If fn returns an error or
// panics, every write fn made through tx is undone, as if fn never ran, and
// the error is returned; otherwise all of them are committed together. A store
// may run fn more than once (to retry a serialization failure), so fn must not
// have effects outside tx.
//
// View runs fn in a read-only transaction that sees one consistent state.
//
// The handle is valid only while fn runs. Errors from the store carry the
// SDK's codes (NotFound, Conflict, Canceled, Internal).
type Transactor[T any] interface {
	Update(ctx context.Context, fn func(tx T) error) error
	View(ctx context.Context, fn func(tx T) error) error
}
