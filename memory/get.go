package memory

import "context"

// get is every repository's Get: as a read in t, the record with id in
// tbl, as out copies it for the caller; NotFound naming what if there is
// none.
func get[S, V any](ctx context.Context, t *tx, op, what string, tbl *table[string, S], id string, out func(S) V) (V, error) {
	s, err := record(ctx, t, op, what, false, tbl, id)
	if err != nil {
		var zero V
		return zero, err
	}
	return out(s), nil
}

// beginEdit begins a write in t for a change of the record id in tbl and
// returns the record as stored; NotFound naming what if there is none.
func beginEdit[K comparable, V any](ctx context.Context, t *tx, op, what string, tbl *table[K, V], id K) (V, error) {
	return record(ctx, t, op, what, true, tbl, id)
}

// record begins a call in t, a write if write is set, and returns the
// record id in tbl as stored; NotFound naming what if there is none.
func record[K comparable, V any](ctx context.Context, t *tx, op, what string, write bool, tbl *table[K, V], id K) (V, error) {
	var zero V
	if err := t.begin(ctx, op, write); err != nil {
		return zero, err
	}
	v, ok := tbl.get(id)
	if !ok {
		return zero, notFound(op, what)
	}
	return v, nil
}
