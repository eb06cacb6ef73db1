package memory

import (
	"context"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// PasswordTokens returns the password link repository of the transaction.
func (t *tx) PasswordTokens() auth.PasswordTokenRepository { return passwordTokens{t} }

type passwordTokens struct{ t *tx }

// Create stores a new link. Conflict if its id or token hash is taken,
// NotFound if its account does not exist.
func (r passwordTokens) Create(ctx context.Context, p auth.PasswordToken) error {
	return r.t.tokensKept().create(ctx, r.t, "memory.PasswordTokens.Create", p.ID, p.TokenHash, p.AccountID, cloneToken(p))
}

func (r passwordTokens) Find(ctx context.Context, tokenHash string) (auth.PasswordToken, error) {
	return get(ctx, r.t, "memory.PasswordTokens.Find", "password link", &r.t.st.tokenByHash, tokenHash, func(id string) auth.PasswordToken {
		return cloneToken(r.t.st.tokens.at(id))
	})
}

func (r passwordTokens) Consume(ctx context.Context, tokenHash string, at time.Time) (auth.PasswordToken, error) {
	const op = "memory.PasswordTokens.Consume"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return auth.PasswordToken{}, err
	}
	id, ok := t.st.tokenByHash.get(tokenHash)
	if !ok || t.st.tokens.at(id).UsedAt != nil {
		return auth.PasswordToken{}, notFound(op, "password link")
	}
	p := t.use(t.st.tokens.at(id), ts(at))
	return cloneToken(p), nil
}

// use stores p used at the time and returns it as stored.
func (t *tx) use(p auth.PasswordToken, at time.Time) auth.PasswordToken {
	p = cloneToken(p)
	p.UsedAt = &at
	t.st.tokens.put(t, p.ID, p)
	return p
}

func (r passwordTokens) InvalidateAll(ctx context.Context, accountID string, at time.Time) (int, error) {
	const op = "memory.PasswordTokens.InvalidateAll"
	if err := r.t.begin(ctx, op, true); err != nil {
		return 0, err
	}
	return r.t.invalidateTokens(accountID, ts(at)), nil
}

// invalidateTokens marks the account's unused links used and returns how
// many.
func (t *tx) invalidateTokens(accountID string, at time.Time) int {
	n := 0
	for id := range t.st.tokensOf.of(accountID).keys() {
		if p := t.st.tokens.at(id); p.UsedAt == nil {
			t.use(p, at)
			n++
		}
	}
	return n
}

// deleteTokens removes every link of the account.
func (t *tx) deleteTokens(accountID string) {
	for id := range t.st.tokensOf.of(accountID).keys() {
		t.st.tokenByHash.remove(t, t.st.tokens.at(id).TokenHash)
		t.st.tokens.remove(t, id)
	}
	t.st.tokensOf.removeAll(t, accountID)
}
