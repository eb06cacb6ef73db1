package postgres

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

// Shares returns the video share repository of the transaction.
func (t *txn) Shares() video.ShareRepository { return shareRepo{t} }

type shareRepo struct{ t *txn }

func (r shareRepo) Create(ctx context.Context, s video.Share) error {
	return carenet.E("postgres.Shares.Create", carenet.Internal, "", errTODO)
}

func (r shareRepo) Get(ctx context.Context, id string) (video.Share, error) {
	return video.Share{}, carenet.E("postgres.Shares.Get", carenet.Internal, "", errTODO)
}

func (r shareRepo) Update(ctx context.Context, s video.Share) (video.Share, error) {
	return video.Share{}, carenet.E("postgres.Shares.Update", carenet.Internal, "", errTODO)
}

func (r shareRepo) ListByVideo(ctx context.Context, videoID string) ([]video.Share, error) {
	return nil, carenet.E("postgres.Shares.ListByVideo", carenet.Internal, "", errTODO)
}

func (r shareRepo) MyVideos(ctx context.Context, granteeID string, now time.Time) ([]video.SharedVideo, error) {
	return nil, carenet.E("postgres.Shares.MyVideos", carenet.Internal, "", errTODO)
}
