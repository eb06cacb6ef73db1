package memory

import (
	"context"
	"slices"
)

// list is a repository's List of a whole table: as a read in t, every
// record in tbl as out copies it for the caller, in the order of compare.
func list[S, V any](ctx context.Context, t *tx, op string, tbl *table[string, S], out func(S) V, compare func(a, b V) int) ([]V, error) {
	if err := t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	vs := make([]V, 0, tbl.len())
	for _, s := range tbl.all() {
		vs = append(vs, out(s))
	}
	slices.SortFunc(vs, compare)
	return vs, nil
}
