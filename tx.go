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
//
// A caller that needs a value out of a transaction runs it through the
// functions Update and View of this package, which return the value of the
// attempt that committed.
type Transactor[T any] interface {
	Update(ctx context.Context, fn func(tx T) error) error
	View(ctx context.Context, fn func(tx T) error) error
}

// Update runs fn in a read-write transaction of store and returns the value
// fn returned on the attempt that committed. A store that retries fn (after
// a serialization failure) discards what an earlier attempt returned, so a
// caller never sees a value from an attempt whose writes were undone; on
// error Update returns R's zero value and the error.
//
// fn may end with Refusal(err) to commit what it wrote (a refusal's count
// and audit event) and yet fail: Update then returns R's zero value and
// err.
func Update[T, R any](ctx context.Context, store Transactor[T], fn func(tx T) (R, error)) (R, error) {
	var out R
	var refused error
	err := store.Update(ctx, func(tx T) error {
		v, err := fn(tx)
		out, refused = v, nil
		if r, ok := err.(refusal); ok {
			refused = r.err
			return nil
		}
		return err
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		var zero R
		return zero, err
	}
	return out, nil
}

// View runs fn in a read-only transaction of store that sees one
// consistent state and returns what fn returned, or R's zero value and the
// error if fn or the transaction failed: a value fn built before it failed
// never leaks out. A Refusal from fn is returned as its error.
func View[T, R any](ctx context.Context, store Transactor[T], fn func(tx T) (R, error)) (R, error) {
	var out R
	err := store.View(ctx, func(tx T) error {
		v, err := fn(tx)
		out = v
		if r, ok := err.(refusal); ok {
			return r.err
		}
		return err
	})
	if err != nil {
		var zero R
		return zero, err
	}
	return out, nil
}

// Refusal marks err, returned by a function run by Update, as a refusal
// whose writes must stand: Update commits what the function wrote and then
// returns err. It is how a failed sign-in counts the failure and records it
// in the audit log while the caller still gets the failure. Only a Refusal
// returned by the function itself is seen (not one wrapped in another
// error). Refusal(nil) is nil.
func Refusal(err error) error {
	if err == nil {
		return nil
	}
	return refusal{err}
}

// refusal is the error Refusal returns.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }
func (r refusal) Unwrap() error { return r.err }
