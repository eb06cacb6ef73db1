package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

// Holdings counts the person's live video shares (as grantee), those of
// them that allow download, and the referrals they authored.
func (r accounts) Holdings(ctx context.Context, personID string, now time.Time) (auth.Holdings, error) {
	const op = "memory.Accounts.Holdings"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Holdings{}, err
	}
	vs := &r.t.st.video
	var h auth.Holdings
	for id := range vs.sharesOfGrantee.of(personID).keys() {
		if s := vs.shares.at(id); s.RevokedAt == nil && s.ExpiresAt.After(now) {
			h.LiveShares++
			if s.Mode == video.ViewAndDownload {
				h.DownloadShares++
			}
		}
	}
	h.Referrals = r.t.referralReferences(personID)
	return h, nil
}

// Administrators returns the accounts in the Administrator group, with
// their holders, by ID. The store runs one writer at a time, so the lock
// the interface asks for is already held.
func (r accounts) Administrators(ctx context.Context) ([]auth.Administrator, error) {
	const op = "memory.Accounts.Administrators"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	var out []auth.Administrator
	for _, a := range r.t.st.accounts.all() {
		if !a.InGroup(auth.AdministratorGroup) {
			continue
		}
		h, err := r.t.holder(op, a.PersonID)
		if err != nil {
			return nil, err
		}
		out = append(out, auth.Administrator{Account: cloneAccount(a), Holder: h})
	}
	slices.SortFunc(out, func(a, b auth.Administrator) int { return strings.Compare(a.Account.ID, b.Account.ID) })
	return out, nil
}
