package postgres

import (
	"context"
	"errors"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

// Videos returns the video repository of the transaction.
func (t *txn) Videos() video.VideoRepository { return videoRepo{t} }

type videoRepo struct{ t *txn }

var errTODO = errors.New("not implemented")

func (r videoRepo) Create(ctx context.Context, v video.Video) error {
	return carenet.E("postgres.Videos.Create", carenet.Internal, "", errTODO)
}

func (r videoRepo) Get(ctx context.Context, id string) (video.Video, error) {
	return video.Video{}, carenet.E("postgres.Videos.Get", carenet.Internal, "", errTODO)
}

func (r videoRepo) ListByClient(ctx context.Context, clientID string) ([]video.Video, error) {
	return nil, carenet.E("postgres.Videos.ListByClient", carenet.Internal, "", errTODO)
}
