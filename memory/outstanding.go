package memory

import (
	"context"
	"time"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// Outstanding reports what the person still holds that someone must take
// over: referrals they submitted that are neither drafts nor final, the
// personnel groups they are in, and the video shares they created that
// are live at now, in that order and only when not zero.
func (r people) Outstanding(ctx context.Context, id string, now time.Time) ([]personnel.Reference, error) {
	const op = "memory.People.Outstanding"
	t := r.t
	if err := t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	st := t.st
	open := 0
	for e := range st.referral.bySubmitter.from(func(e submitterEntry) bool { return e.submitter >= id }) {
		if e.submitter != id {
			break
		}
		if s := st.referral.referrals.at(e.id).r.Status; s != referral.StatusDraft && !s.Final() {
			open++
		}
	}
	shares := 0
	for sid := range st.video.sharesBy.of(id).keys() {
		if sh := st.video.shares.at(sid); sh.RevokedAt == nil && sh.ExpiresAt.After(now) {
			shares++
		}
	}
	return personnel.Counted([]personnel.Reference{
		{Kind: personnel.OutstandingOpenReferrals, Count: open},
		{Kind: personnel.OutstandingPersonnelGroups, Count: st.memberships.of(id).len()},
		{Kind: personnel.OutstandingSharesCreated, Count: shares},
	}), nil
}
