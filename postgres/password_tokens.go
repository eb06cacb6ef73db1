package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/auth"
)

// passwordTokenRepo keeps password set and reset links in
// carenet.password_tokens.
type passwordTokenRepo struct{ t *txn }

// Create stores a new link. Conflict if the id or token hash is taken (the
// transaction stays usable); NotFound if the account does not exist;
// Invalid for an unknown purpose.
func (r passwordTokenRepo) Create(ctx context.Context, t auth.PasswordToken) error {
	q := psql.Insert("carenet.password_tokens").SetMap(map[string]any{
		"id":         t.ID,
		"account_id": t.AccountID,
		"purpose":    string(t.Purpose),
		"token_hash": t.TokenHash,
		"created_at": timeArg(t.CreatedAt),
		"expires_at": timeArg(t.ExpiresAt),
		"used_at":    optTimeArg(t.UsedAt),
		"created_by": t.CreatedBy,
		"handed_to":  t.HandedTo,
	})
	return r.t.insertNew(ctx, "passwordTokens.Create", "password link", q, "a password link with this id or token already exists")
}

// passwordTokenColumns are the columns passwordTokenDest scans, from the
// table aliased t.
const passwordTokenColumns = "t.id, t.account_id, t.purpose, t.token_hash, t.created_at, t.expires_at, t.used_at, t.created_by, t.handed_to"

func passwordTokenDest(t *auth.PasswordToken) []any {
	return []any{&t.ID, &t.AccountID, &t.Purpose, &t.TokenHash, timeCol{&t.CreatedAt}, timeCol{&t.ExpiresAt},
		optTimeCol{&t.UsedAt}, &t.CreatedBy, &t.HandedTo}
}

// Find returns the link with the token hash, used or not; NotFound if
// there is none.
func (r passwordTokenRepo) Find(ctx context.Context, tokenHash string) (auth.PasswordToken, error) {
	q := psql.Select(passwordTokenColumns).From("carenet.password_tokens t").Where(sq.Eq{"t.token_hash": tokenHash})
	var t auth.PasswordToken
	err := r.t.one(ctx, read("passwordTokens.Find", "password link"), q, passwordTokenDest(&t)...)
	return t, err
}

// Consume marks the unused link with the token hash used at the time and
// returns it, in one statement; NotFound if there is none or it was used.
// Two transactions consuming the same link never both succeed.
func (r passwordTokenRepo) Consume(ctx context.Context, tokenHash string, at time.Time) (auth.PasswordToken, error) {
	q := psql.Update("carenet.password_tokens AS t").Set("used_at", timeArg(at)).
		Where(sq.Eq{"t.token_hash": tokenHash, "t.used_at": nil}).
		Suffix("RETURNING " + passwordTokenColumns)
	var t auth.PasswordToken
	err := r.t.one(ctx, write("passwordTokens.Consume", "password link"), q, passwordTokenDest(&t)...)
	return t, err
}

// InvalidateAll marks every unused link of the account used and returns
// how many.
func (r passwordTokenRepo) InvalidateAll(ctx context.Context, accountID string, at time.Time) (int, error) {
	q := psql.Update("carenet.password_tokens").Set("used_at", timeArg(at)).
		Where(sq.Eq{"account_id": accountID, "used_at": nil})
	n, err := r.t.exec(ctx, write("passwordTokens.InvalidateAll", "password link"), q)
	return int(n), err
}
