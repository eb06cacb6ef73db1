package postgres

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
)

// Referrals returns the referral repository of the transaction.
func (t *txn) Referrals() referral.Repository { return referralRepo{t} }

type referralRepo struct{ t *txn }

func (r referralRepo) Create(ctx context.Context, ref referral.Referral) error {
	return carenet.E("postgres.Referrals.Create", carenet.Internal, "", errTODO)
}

func (r referralRepo) Get(ctx context.Context, id string) (referral.Referral, error) {
	return referral.Referral{}, carenet.E("postgres.Referrals.Get", carenet.Internal, "", errTODO)
}

func (r referralRepo) Update(ctx context.Context, ref referral.Referral) (referral.Referral, error) {
	return referral.Referral{}, carenet.E("postgres.Referrals.Update", carenet.Internal, "", errTODO)
}

func (r referralRepo) ByIdempotencyKey(ctx context.Context, submitterID, key string) (referral.Referral, error) {
	return referral.Referral{}, carenet.E("postgres.Referrals.ByIdempotencyKey", carenet.Internal, "", errTODO)
}

func (r referralRepo) ListBySubmitter(ctx context.Context, q referral.SubmitterQuery) ([]referral.Referral, error) {
	return nil, carenet.E("postgres.Referrals.ListBySubmitter", carenet.Internal, "", errTODO)
}

func (r referralRepo) Queue(ctx context.Context, q referral.QueueQuery) ([]referral.Referral, error) {
	return nil, carenet.E("postgres.Referrals.Queue", carenet.Internal, "", errTODO)
}
