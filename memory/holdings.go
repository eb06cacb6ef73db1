package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// Holdings counts the person's live video shares (as grantee) and the
// referrals they authored.
func (r accounts) Holdings(ctx context.Context, personID string, now time.Time) (auth.Holdings, error) {
	const op = "memory.Accounts.Holdings"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Holdings{}, err
	}
	vs := &r.t.st.video
	var h auth.Holdings
	for id := range vs.sharesOfGrantee[personID] {
		if s := vs.shares[id]; s.RevokedAt == nil && s.ExpiresAt.After(now) {
			h.LiveShares++
		}
	}
	h.Referrals = r.t.referralReferences(personID)
	return h, nil
}

// Administrators returns the accounts in the Administrator group by ID.
// The store runs one writer at a time, so the lock the interface asks for
// is already held.
func (r accounts) Administrators(ctx context.Context) ([]auth.Account, error) {
	const op = "memory.Accounts.Administrators"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	var out []auth.Account
	for _, a := range r.t.st.accounts {
		if a.InGroup(auth.AdministratorGroup) {
			out = append(out, cloneAccount(a))
		}
	}
	slices.SortFunc(out, func(a, b auth.Account) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
