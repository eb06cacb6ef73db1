package postgres

import (
	"context"
	"time"

	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// closedStatuses are the referral statuses no one must take over: drafts
// and the final ones.
func closedStatuses() []string {
	out := []string{string(referral.StatusDraft)}
	for _, s := range referral.Statuses() {
		if s.Final() {
			out = append(out, string(s))
		}
	}
	return out
}

// Outstanding reports, in one statement on the submitter, member and
// sharer indexes, what the person still holds that someone must take over:
// referrals they submitted that are neither drafts nor final, the
// personnel groups they are in, and the video shares they created that
// are live at now, in that order and only when not zero.
func (r personRepo) Outstanding(ctx context.Context, id string, now time.Time) ([]personnel.Reference, error) {
	q := outstanding.with(id, pq.Array(closedStatuses()), carenet.Timestamp(now))
	var open, groups, shares int
	if err := r.t.one(ctx, read("people.Outstanding", "person"), q, &open, &groups, &shares); err != nil {
		return nil, err
	}
	return personnel.Counted([]personnel.Reference{
		{Kind: personnel.OutstandingOpenReferrals, Count: open},
		{Kind: personnel.OutstandingPersonnelGroups, Count: groups},
		{Kind: personnel.OutstandingSharesCreated, Count: shares},
	}), nil
}

// outstanding is Outstanding's statement, of the person's ID, the closed
// statuses of a referral and the time.
var outstanding = newPrebuilt(func(v ...any) sqlizer {
	id, closed, now := v[0], v[1], v[2]
	return psql.Select().
		Column("(SELECT count(*) FROM carenet.referrals rf WHERE rf.submitter_id = ?"+
			" AND NOT (rf.status = ANY(CAST(? AS text[]))))", id, closed).
		Column("(SELECT count(*) FROM carenet.personnel_group_members m WHERE m.person_id = ?)", id).
		Column("(SELECT count(*) FROM carenet.video_shares s WHERE s.shared_by = ? AND s.revoked_at IS NULL AND s.expires_at > ?)",
			id, now)
})
