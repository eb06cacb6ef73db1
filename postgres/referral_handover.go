package postgres

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/referral"
)

// HandOver stores ref as Update does, with ref.SubmitterID as its new
// submitter and no idempotency key, in one statement. NotFound if the
// referral or the new submitter is missing (the foreign key), Conflict if
// the version is stale, Invalid as for Create.
func (r referralRepo) HandOver(ctx context.Context, ref referral.Referral) (referral.Referral, error) {
	const name = "referrals.HandOver"
	o := write(name, "referral")
	if _, err := r.t.db(o); err != nil {
		return referral.Referral{}, err
	}
	values, err := referralValues(ref)
	if err != nil {
		return referral.Referral{}, invalidReferral(name, err)
	}
	values["submitter_id"] = ref.SubmitterID
	values["idempotency_key"] = ""
	q := psql.Update("carenet.referrals AS r").
		SetMap(values).
		Set("version", sq.Expr("r.version + 1")).
		Where(sq.Eq{"r.id": ref.ID, "r.version": ref.Version}).
		Suffix("RETURNING " + referralColumns)
	var out referral.Referral
	found, err := r.t.maybeOne(ctx, o, q, referralDest(&out)...)
	if err == nil && !found {
		err = r.t.staleOrMissing(ctx, o, "carenet.referrals", ref.ID)
	}
	if err != nil {
		return referral.Referral{}, err
	}
	return out, nil
}
