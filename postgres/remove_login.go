package postgres

import (
	"context"

	sq "github.com/Masterminds/squirrel"
)

// Remove deletes the account with its sessions in one statement (the
// foreign key from sessions is checked at its end); its
// credentials, groups, password links and recovery codes go with it (ON
// DELETE CASCADE).
// NotFound if missing.
func (r accountRepo) Remove(ctx context.Context, id string) error {
	q := psql.Select("count(*)").From("d").PrefixExpr(with(
		cte{"s", frag.Delete("carenet.sessions").Where(sq.Eq{"account_id": id}).Suffix("RETURNING id")},
		cte{"d", frag.Delete("carenet.accounts").Where(sq.Eq{"id": id}).Suffix("RETURNING id")},
	))
	var n int
	if err := r.t.one(ctx, remove("accounts.Remove", "account"), q, &n); err != nil {
		return err
	}
	if n == 0 {
		return notFound("accounts.Remove", "account")
	}
	return nil
}
