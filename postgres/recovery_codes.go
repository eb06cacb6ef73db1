package postgres

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/auth"
)

// recoveryCodeRepo keeps the recovery codes of logins in
// carenet.recovery_codes: their hashes only. They go with their account
// (ON DELETE CASCADE).
type recoveryCodeRepo struct{ t *txn }

// Replace deletes the account's codes and inserts codes in one statement,
// and returns how many it deleted. NotFound if codes are given for an
// account that does not exist.
func (r recoveryCodeRepo) Replace(ctx context.Context, accountID string, codes []auth.RecoveryCode) (int, error) {
	ctes := []cte{{"d", frag.Delete("carenet.recovery_codes").Where(sq.Eq{"account_id": accountID}).Suffix("RETURNING 1")}}
	if len(codes) > 0 {
		ins := frag.Insert("carenet.recovery_codes").Columns("id", "account_id", "code_hash", "created_at")
		for _, c := range codes {
			ins = ins.Values(c.ID, accountID, c.Hash, timeArg(c.CreatedAt))
		}
		ctes = append(ctes, cte{"i", ins.Suffix("RETURNING 1")})
	}
	q := psql.Select("count(*)").From("d").PrefixExpr(with(ctes...))
	var n int
	err := r.t.one(ctx, write("recoveryCodes.Replace", "recovery code"), q, &n)
	return n, err
}

// List returns the account's codes ordered by ID.
func (r recoveryCodeRepo) List(ctx context.Context, accountID string) ([]auth.RecoveryCode, error) {
	q := psql.Select("rc.id", "rc.account_id", "rc.code_hash", "rc.created_at").
		From("carenet.recovery_codes rc").Where(sq.Eq{"rc.account_id": accountID}).OrderBy("rc.id")
	var out []auth.RecoveryCode
	err := r.t.many(ctx, read("recoveryCodes.List", "recovery code"), q, func(row rowScanner) error {
		var c auth.RecoveryCode
		err := row.Scan(&c.ID, &c.AccountID, &c.Hash, timeCol{&c.CreatedAt})
		out = append(out, c)
		return err
	})
	return out, err
}

// Use deletes the account's code with id; NotFound if there is none. Two
// transactions using the same code never both succeed.
func (r recoveryCodeRepo) Use(ctx context.Context, accountID, id string) error {
	const name = "recoveryCodes.Use"
	n, err := r.t.exec(ctx, remove(name, "recovery code"),
		psql.Delete("carenet.recovery_codes").Where(sq.Eq{"account_id": accountID, "id": id}))
	if err == nil && n == 0 {
		return notFound(name, "recovery code")
	}
	return err
}
