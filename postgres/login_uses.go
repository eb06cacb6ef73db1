package postgres

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// LoginUses returns the active logins q selects, by account ID, in one
// statement. It reads every active account: it is for a periodic sweep
// and report, not a hot path.
func (r accountRepo) LoginUses(ctx context.Context, q auth.LoginUseQuery) ([]auth.LoginUse, error) {
	link := sq.Expr("NULL")
	if !q.LinkExpiredBy.IsZero() {
		link = sq.Expr("(SELECT max(t.expires_at) FROM carenet.password_tokens t WHERE t.account_id = a.id"+
			" AND t.purpose = ? AND t.used_at IS NULL AND t.expires_at <= ? AND c.last_login_at IS NULL)",
			string(auth.PurposeSetPassword), carenet.Timestamp(q.LinkExpiredBy))
	}
	inner := psql.Select(accountBase("a"), "c.last_login_at", "c.enabled_at").Column(sq.Alias(link, "link_expired_at")).
		From("carenet.accounts a").Join("carenet.account_credentials c ON c.account_id = a.id").
		Where(sq.Eq{"a.active": true}).Where(sq.Gt{"a.id": q.AfterID})
	stmt := psql.Select("*").FromSelect(inner, "u").
		Where(sq.Or{
			// auth.LoginUse.LastUsedAt; GREATEST passes over a NULL.
			sq.Expr("GREATEST(COALESCE(u.last_login_at, u.created_at), u.enabled_at) < ?", carenet.Timestamp(q.IdleSince)),
			sq.Expr("u.link_expired_at IS NOT NULL"),
		}).
		OrderBy("u.id").Suffix("LIMIT ?", q.Limit)
	var out []auth.LoginUse
	err := r.t.many(ctx, read("accounts.LoginUses", "account"), stmt, func(row rowScanner) error {
		var u auth.LoginUse
		if err := row.Scan(append(accountBaseDest(&u.Account), timeCol{&u.LastLoginAt}, timeCol{&u.EnabledAt}, timeCol{&u.LinkExpiredAt})...); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}
