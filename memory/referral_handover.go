package memory

import (
	"context"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// HandOver is Update with a new submitter: the referral moves to the new
// submitter's place in the submitter index and loses its idempotency key.
func (r referrals) HandOver(ctx context.Context, ref referral.Referral) (referral.Referral, error) {
	const op = "memory.Referrals.HandOver"
	t := r.t
	old, err := t.currentReferral(ctx, op, ref)
	if err != nil {
		return referral.Referral{}, err
	}
	rs := &t.st.referral
	if _, ok := t.st.people[ref.SubmitterID]; !ok {
		return referral.Referral{}, notFound(op, "submitter")
	}
	ref = cloneReferral(ref)
	ref.IdempotencyKey, ref.CreatedAt = "", old.r.CreatedAt
	ref.Version = old.r.Version + 1
	if old.r.IdempotencyKey != "" {
		remove(t, rs.byKey, referralKey{old.r.SubmitterID, old.r.IdempotencyKey})
	}
	drop(t, rs.bySubmitter, submitterEntry{submitter: old.r.SubmitterID, created: old.r.CreatedAt, id: ref.ID})
	insert(t, rs.bySubmitter, submitterEntry{submitter: ref.SubmitterID, created: ref.CreatedAt, id: ref.ID})
	requeue(t, old.r, ref)
	put(t, rs.referrals, ref.ID, referralRec{r: ref, agency: personnel.Fold(ref.Referrer.Agency)})
	return cloneReferral(ref), nil
}
