package referral

import (
	"context"

	"github.com/carenet-go/carenet"
)

// keyPage is how many referrals ByKey reads at a time without a KeyFinder.
const keyPage = 200

// ByKey returns the submitter's referral made with key, or NotFound
// (always for an empty key). Keys are scoped per submitter and compared
// byte for byte. A repository that is a KeyFinder finds it through its
// index; any other through ListBySubmitter, a page at a time.
func ByKey(ctx context.Context, r Repository, submitterID, key string) (Referral, error) {
	if f, ok := r.(KeyFinder); ok {
		return f.ByIdempotencyKey(ctx, submitterID, key)
	}
	q := SubmitterQuery{SubmitterID: submitterID, Limit: keyPage}
	for key != "" {
		page, err := r.ListBySubmitter(ctx, q)
		if err != nil {
			return Referral{}, err
		}
		for _, ref := range page {
			if ref.IdempotencyKey == key && ref.SubmitterID == submitterID {
				return ref, nil
			}
		}
		// A store may return fewer than Limit ("at most"): only an
		// empty page ends the list.
		if len(page) == 0 {
			break
		}
		last := page[len(page)-1]
		q.After = &Cursor{At: last.CreatedAt, ID: last.ID}
	}
	return Referral{}, carenet.E("referral.ByKey", carenet.NotFound, "referral not found", nil)
}
