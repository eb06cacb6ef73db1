package postgres

import (
	"context"

	"github.com/carenet-go/carenet/referral"
)

// HandOver stores ref as Update does, with ref.SubmitterID as its new
// submitter and no idempotency key, in one statement. NotFound if the
// referral or the new submitter is missing (the foreign key), Conflict if
// the version is stale, Invalid as for Create.
func (r referralRepo) HandOver(ctx context.Context, ref referral.Referral) (referral.Referral, error) {
	return r.rewrite(ctx, "referrals.HandOver", ref, map[string]any{
		"submitter_id":    ref.SubmitterID,
		"idempotency_key": "",
	})
}
