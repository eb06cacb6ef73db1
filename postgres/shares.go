package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

// Shares returns the video share repository of the transaction.
func (t *txn) Shares() video.ShareRepository { return shareRepo{t} }

// shareRepo keeps video shares in carenet.video_shares.
type shareRepo struct{ t *txn }

// shareColumns are the columns shareDest scans, from the table aliased s.
const shareColumns = "s.id, s.video_id, s.grantee_id, s.shared_by, s.mode, s.note, s.starts_at, s.expires_at, " +
	"s.revoked_at, s.revoked_by, s.revoke_reason, s.opened_at, s.created_at, s.updated_at, s.version"

func shareDest(s *video.Share) []any {
	return []any{&s.ID, &s.VideoID, &s.GranteeID, zeroCol{&s.SharedBy}, (*string)(&s.Mode), &s.Note,
		timeCol{&s.StartsAt}, timeCol{&s.ExpiresAt}, optTimeCol{&s.RevokedAt}, &s.RevokedBy, &s.RevokeReason,
		optTimeCol{&s.OpenedAt}, timeCol{&s.CreatedAt}, timeCol{&s.UpdatedAt}, &s.Version}
}

// shareChanges are the columns an update may change.
func shareChanges(s video.Share) map[string]any {
	return map[string]any{
		"expires_at":    microArg(s.ExpiresAt),
		"revoked_at":    optMicroArg(s.RevokedAt),
		"revoked_by":    s.RevokedBy,
		"revoke_reason": s.RevokeReason,
		"opened_at":     optMicroArg(s.OpenedAt),
		"updated_at":    microArg(s.UpdatedAt),
	}
}

// Create stores a new share with Version 1. Conflict if the id is taken
// (the transaction stays usable); NotFound if the video, the grantee or
// SharedBy (when not empty) does not exist; Invalid if a value breaks the
// schema (an unknown mode, an expiry not after the start).
func (r shareRepo) Create(ctx context.Context, s video.Share) error {
	values := shareChanges(s)
	values["id"] = s.ID
	values["video_id"] = s.VideoID
	values["grantee_id"] = s.GranteeID
	values["shared_by"] = personArg(s.SharedBy)
	values["mode"] = string(s.Mode)
	values["note"] = s.Note
	values["starts_at"] = microArg(s.StartsAt)
	values["created_at"] = microArg(s.CreatedAt)
	values["version"] = 1
	return r.t.insertNew(ctx, "shares.Create", "video share", psql.Insert("carenet.video_shares").SetMap(values), "a video share with this id already exists")
}

// Get returns the share with id; NotFound if there is none. In a
// read-write transaction the row stays locked (FOR UPDATE) until the
// transaction ends: a revoke cannot commit between an access decision that
// read the share as valid and the ticket and custody event it writes, and
// two first opens of one share queue instead of one failing on the version.
func (r shareRepo) Get(ctx context.Context, id string) (video.Share, error) {
	var s video.Share
	q := psql.Select(shareColumns).From("carenet.video_shares s").Where(sq.Eq{"s.id": id})
	if !r.t.readOnly {
		q = q.Suffix("FOR UPDATE")
	}
	err := r.t.one(ctx, read("shares.Get", "video share"), q, shareDest(&s)...)
	return s, err
}

// Update stores the changeable fields of s (ExpiresAt, RevokedAt,
// RevokedBy, RevokeReason, OpenedAt, UpdatedAt) if s.Version is the stored
// version, in one statement, and returns the share as stored with Version
// increased by one. NotFound if missing; Conflict if the version is stale;
// Invalid if the expiry would not be after the start.
func (r shareRepo) Update(ctx context.Context, s video.Share) (video.Share, error) {
	o := write("shares.Update", "video share")
	q := psql.Update("carenet.video_shares AS s").
		SetMap(shareChanges(s)).
		Set("version", sq.Expr("s.version + 1")).
		Where(sq.Eq{"s.id": s.ID, "s.version": s.Version}).
		Suffix("RETURNING " + shareColumns)
	var out video.Share
	err := r.t.updateVersioned(ctx, o, q, "carenet.video_shares", s.ID, shareDest(&out)...)
	return out, err
}

// ListByVideo returns every share of the video, oldest first, then by id,
// in the order of the index video_shares_video; none is not an error.
func (r shareRepo) ListByVideo(ctx context.Context, videoID string) ([]video.Share, error) {
	q := psql.Select(shareColumns).From("carenet.video_shares s").Where(sq.Eq{"s.video_id": videoID}).
		OrderBy("s.created_at NULLS FIRST", "s.id")
	return scanAll(ctx, r.t, read("shares.ListByVideo", "video share"), q, shareDest)
}

// MyVideos returns the grantee's shares that are not revoked and expire
// after now, each with its video, in one statement on the index
// video_shares_grantee: latest start first, then by share id.
func (r shareRepo) MyVideos(ctx context.Context, granteeID string, now time.Time) ([]video.SharedVideo, error) {
	q := myVideosStatement(granteeID, now)
	var out []video.SharedVideo
	// Every row is scanned into sv through the same destinations, built
	// once; a scan sets every field (a NULL optional time to nil), so the
	// copy appended shares nothing with the next row.
	var sv video.SharedVideo
	dest := append(shareDest(&sv.Share), videoDest(&sv.Video)...)
	err := r.t.many(ctx, read("shares.MyVideos", "video share"), q, func(row rowScanner) error {
		if err := row.Scan(dest...); err != nil {
			return err
		}
		out = append(out, sv)
		return nil
	})
	return out, err
}

// myVideosStatement is the one statement of MyVideos. now is truncated to
// the microsecond like the stored times, which gives the same answer as
// comparing with now itself (PostgreSQL would round it instead).
func myVideosStatement(granteeID string, now time.Time) sq.SelectBuilder {
	return psql.Select(shareColumns, videoColumns).
		From("carenet.video_shares s").
		Join("carenet.videos v ON v.id = s.video_id").
		Where(sq.Eq{"s.grantee_id": granteeID, "s.revoked_at": nil}).
		Where(sq.Gt{"s.expires_at": carenet.Timestamp(now)}).
		OrderBy("s.starts_at DESC NULLS LAST", "s.id")
}
