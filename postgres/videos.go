package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

// Videos returns the video repository of the transaction.
func (t *txn) Videos() video.VideoRepository { return videoRepo{t} }

// videoRepo keeps videos' metadata in carenet.videos.
type videoRepo struct{ t *txn }

// videoColumns are the columns videoDest scans, from the table aliased v.
const videoColumns = "v.id, v.client_id, v.case_id, v.title, v.recorded_at, v.duration_ns, v.size_bytes, " +
	"v.content_type, v.sha256, v.storage_key, v.interviewer_id, v.uploaded_by, v.uploaded_at"

func videoDest(v *video.Video) []any {
	return []any{&v.ID, &v.ClientID, &v.CaseID, &v.Title, timeCol{&v.RecordedAt}, (*int64)(&v.Duration), &v.SizeBytes,
		&v.ContentType, &v.SHA256, &v.StorageKey, zeroCol{&v.InterviewerID}, zeroCol{&v.UploadedBy}, timeCol{&v.UploadedAt}}
}

// microArg is the parameter for a time the way the SDK keeps it: truncated
// to the microsecond (PostgreSQL would round), NULL for the zero time.
func microArg(t time.Time) any { return timeArg(carenet.Timestamp(t)) }

// optMicroArg is microArg for an optional time.
func optMicroArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return microArg(*t)
}

// personArg is the parameter for an optional reference to a person: NULL
// when empty, so the foreign key applies only to a person named.
func personArg(id string) any {
	if id == "" {
		return nil
	}
	return id
}

// Create stores a new video. Conflict if the id is taken (the transaction
// stays usable); NotFound if UploadedBy or InterviewerID, when not empty,
// names no person; Invalid if a value breaks the schema (an empty client,
// a duration or size not above zero, a checksum that is not 64 lowercase
// hexadecimal digits).
func (r videoRepo) Create(ctx context.Context, v video.Video) error {
	q := psql.Insert("carenet.videos").SetMap(map[string]any{
		"id":             v.ID,
		"client_id":      v.ClientID,
		"case_id":        v.CaseID,
		"title":          v.Title,
		"recorded_at":    microArg(v.RecordedAt),
		"duration_ns":    int64(v.Duration),
		"size_bytes":     v.SizeBytes,
		"content_type":   v.ContentType,
		"sha256":         v.SHA256,
		"storage_key":    v.StorageKey,
		"interviewer_id": personArg(v.InterviewerID),
		"uploaded_by":    personArg(v.UploadedBy),
		"uploaded_at":    microArg(v.UploadedAt),
	})
	return r.t.insertNew(ctx, "videos.Create", "video", q, "a video with this id already exists")
}

// Get returns the video with id; NotFound if there is none.
func (r videoRepo) Get(ctx context.Context, id string) (video.Video, error) {
	var v video.Video
	q := psql.Select(videoColumns).From("carenet.videos v").Where(sq.Eq{"v.id": id})
	err := r.t.one(ctx, read("videos.Get", "video"), q, videoDest(&v)...)
	return v, err
}

// ListByClient returns the client's videos, newest recording first, then
// by id, in the order of the index videos_client; none is not an error.
func (r videoRepo) ListByClient(ctx context.Context, clientID string) ([]video.Video, error) {
	q := psql.Select(videoColumns).From("carenet.videos v").Where(sq.Eq{"v.client_id": clientID}).
		OrderBy("v.recorded_at DESC NULLS LAST", "v.id")
	return scanAll(ctx, r.t, read("videos.ListByClient", "video"), q, videoDest)
}
