package memory

import "context"

// get is every repository's Get: as a read in t, the record with id in
// tbl, as out copies it for the caller; NotFound naming what if there is
// none.
func get[S, V any](ctx context.Context, t *tx, op, what string, tbl *table[string, S], id string, out func(S) V) (V, error) {
	var zero V
	if err := t.begin(ctx, op, false); err != nil {
		return zero, err
	}
	s, ok := tbl.get(id)
	if !ok {
		return zero, notFound(op, what)
	}
	return out(s), nil
}
