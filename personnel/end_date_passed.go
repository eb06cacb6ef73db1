package personnel

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// endDatePage is how many people EndDatePassed reads at a time without an
// EndDateFinder.
const endDatePage = 500

// EndDatePassed returns up to limit (every one when limit is 0) active
// people whose end date has come at asOf (auth.EndReached), ordered by
// id: those the end-date sweep deactivates. A repository that is an EndDateFinder finds
// them through its index; any other through Search over the active
// people, a page at a time.
func EndDatePassed(ctx context.Context, r PersonRepository, asOf time.Time, limit int) ([]Person, error) {
	if f, ok := r.(EndDateFinder); ok {
		return f.EndDatePassed(ctx, asOf, limit)
	}
	var out []Person
	q := SearchQuery{States: []State{Active}, Limit: endDatePage}
	for {
		page, err := r.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			if p.Active() && auth.EndReached(p.EndDate, asOf) {
				out = append(out, p)
			}
		}
		// A store may return fewer than Limit ("at most"): only an
		// empty page ends the list.
		if len(page) == 0 {
			break
		}
		last := page[len(page)-1]
		q.After = &Cursor{Family: Fold(last.FamilyName), Given: Fold(last.GivenName), ID: last.ID}
	}
	slices.SortFunc(out, func(a, b Person) int { return strings.Compare(a.ID, b.ID) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
