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
	if !t.st.people.has(ref.SubmitterID) {
		return referral.Referral{}, notFound(op, "submitter")
	}
	ref = cloneReferral(ref)
	ref.IdempotencyKey, ref.CreatedAt = "", old.r.CreatedAt
	ref.Version = old.r.Version + 1
	if old.r.IdempotencyKey != "" {
		rs.byKey.remove(t, referralKey{old.r.SubmitterID, old.r.IdempotencyKey})
	}
	rs.bySubmitter.delete(t, submitterEntry{submitter: old.r.SubmitterID, created: old.r.CreatedAt, id: ref.ID})
	rs.bySubmitter.insert(t, submitterEntry{submitter: ref.SubmitterID, created: ref.CreatedAt, id: ref.ID})
	requeue(t, old.r, ref)
	rs.referrals.put(t, ref.ID, referralRec{r: ref, agency: personnel.Fold(ref.Referrer.Agency)})
	return cloneReferral(ref), nil
}
