package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// LoginUses returns the active logins q selects, by account ID.
func (r accounts) LoginUses(ctx context.Context, q auth.LoginUseQuery) ([]auth.LoginUse, error) {
	const op = "memory.Accounts.LoginUses"
	t := r.t
	if err := t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	st := t.st
	var out []auth.LoginUse
	for id, a := range st.accounts.all() {
		if !a.Active || id <= q.AfterID {
			continue
		}
		c := st.credentials.at(id)
		u := auth.LoginUse{Account: cloneAccount(a), LastLoginAt: c.LastLoginAt, EnabledAt: c.EnabledAt}
		u.Account.Groups = nil
		for tid := range st.tokensOf.of(id).keys() {
			tok := st.tokens.at(tid)
			if tok.Purpose == auth.PurposeSetPassword && tok.UsedAt == nil && !q.LinkExpiredBy.IsZero() &&
				!tok.ExpiresAt.After(q.LinkExpiredBy) && tok.ExpiresAt.After(u.LinkExpiredAt) {
				u.LinkExpiredAt = tok.ExpiresAt
			}
		}
		idle := u.LastUsedAt().Before(q.IdleSince)
		lapsed := u.LastLoginAt.IsZero() && !u.LinkExpiredAt.IsZero()
		if !lapsed {
			u.LinkExpiredAt = time.Time{}
		}
		if idle || lapsed {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b auth.LoginUse) int { return strings.Compare(a.Account.ID, b.Account.ID) })
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}
