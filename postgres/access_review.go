package postgres

import (
	"context"
	"time"

	"github.com/carenet-go/carenet/accessreview"
)

// AccessReview returns the transaction boundary of package accessreview.
func (s *Store) AccessReview() accessreview.Store {
	return boundary[accessreview.Tx]{s: s, as: func(t *txn) accessreview.Tx { return t }}
}

var (
	_ accessreview.Tx    = (*txn)(nil)
	_ accessreview.Store = boundary[accessreview.Tx]{}
)

// AccessReview returns the access review's read of the transaction.
func (t *txn) AccessReview() accessreview.Repository { return accessReviewRepo{t} }

// accessReviewRepo reads logins with their people, credentials and live
// shares for the access review.
type accessReviewRepo struct{ t *txn }

// liveSharesOf is the jsonb list of the live shares granted to the person
// of the account aliased a, on the index video_shares_grantee.
const liveSharesOf = "(SELECT COALESCE(jsonb_agg(jsonb_build_object('share_id', s.id, 'video_id', s.video_id, " +
	"'expires_at', s.expires_at) ORDER BY s.expires_at, s.id), '[]'::jsonb) FROM carenet.video_shares s " +
	"WHERE s.grantee_id = a.person_id AND s.revoked_at IS NULL AND s.expires_at > ?)"

// ActiveLogins reads every active login of an active person, with its
// person, last login and live shares, in one statement.
func (r accessReviewRepo) ActiveLogins(ctx context.Context, now time.Time) ([]accessreview.LoginFacts, error) {
	q := psql.Select(accountColumns("a"), personColumns, "c.last_login_at").
		Column(liveSharesOf, timeArg(now)).
		From("carenet.accounts a").
		Join("carenet.people p ON p.id = a.person_id").
		LeftJoin("carenet.account_credentials c ON c.account_id = a.id").
		Where("a.active AND p.state = 'active'").
		OrderBy("a.username")
	var out []accessreview.LoginFacts
	err := r.t.many(ctx, read("accessReview.ActiveLogins", "account"), q, func(row rowScanner) error {
		var l accessreview.LoginFacts
		dest := append(accountDest(&l.Account), personDest(&l.Person)...)
		dest = append(dest, optTimeCol{&l.LastLoginAt}, jsonCol{&l.LiveShares})
		if err := row.Scan(dest...); err != nil {
			return err
		}
		for i := range l.LiveShares {
			l.LiveShares[i].ExpiresAt = l.LiveShares[i].ExpiresAt.UTC()
		}
		out = append(out, l)
		return nil
	})
	return out, err
}
