package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/personnel"
)

// AccessReview returns the transaction boundary of package accessreview.
func (s *Store) AccessReview() accessreview.Store { return transactor[accessreview.Tx]{s} }

var _ accessreview.Tx = (*tx)(nil)

// AccessReview returns the access review's read of the transaction.
func (t *tx) AccessReview() accessreview.Repository { return accessReviewRepo{t} }

type accessReviewRepo struct{ t *tx }

// ActiveLogins walks the usernames in order and each person's shares.
func (r accessReviewRepo) ActiveLogins(ctx context.Context, now time.Time) ([]accessreview.LoginFacts, error) {
	const op = "memory.AccessReview.ActiveLogins"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	st := r.t.st
	var out []accessreview.LoginFacts
	for _, a := range st.accounts.all() {
		rec := st.people.at(a.PersonID)
		if !a.Active || rec == nil || rec.p.State != personnel.Active {
			continue
		}
		l := accessreview.LoginFacts{Account: cloneAccount(a), Person: clonePerson(rec.p), LiveShares: []accessreview.LiveShare{}}
		if last := st.credentials.at(a.ID).LastLoginAt; !last.IsZero() {
			last = ts(last)
			l.LastLoginAt = &last
		}
		for id := range st.video.sharesOfGrantee.of(a.PersonID).keys() {
			s := st.video.shares.at(id)
			if s.RevokedAt == nil && now.Before(s.ExpiresAt) {
				l.LiveShares = append(l.LiveShares, accessreview.LiveShare{ShareID: s.ID, VideoID: s.VideoID, ExpiresAt: ts(s.ExpiresAt)})
			}
		}
		slices.SortFunc(l.LiveShares, func(x, y accessreview.LiveShare) int {
			return cmp.Or(x.ExpiresAt.Compare(y.ExpiresAt), strings.Compare(x.ShareID, y.ShareID))
		})
		out = append(out, l)
	}
	slices.SortFunc(out, func(x, y accessreview.LoginFacts) int { return strings.Compare(x.Account.Username, y.Account.Username) })
	return out, nil
}
