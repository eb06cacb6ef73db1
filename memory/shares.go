package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/video"
)

func cloneShare(s video.Share) video.Share {
	s.StartsAt, s.ExpiresAt, s.CreatedAt, s.UpdatedAt = ts(s.StartsAt), ts(s.ExpiresAt), ts(s.CreatedAt), ts(s.UpdatedAt)
	s.RevokedAt, s.OpenedAt = tsPtr(s.RevokedAt), tsPtr(s.OpenedAt)
	return s
}

// Shares returns the share repository of the transaction.
func (t *tx) Shares() video.ShareRepository { return shares{t} }

type shares struct{ t *tx }

func (r shares) Create(ctx context.Context, s video.Share) error {
	const op = "memory.Shares.Create"
	t := r.t
	vs := &t.st.video
	if err := beginCreate(ctx, t, op, &vs.shares, s.ID, "a video share"); err != nil {
		return err
	}
	if !vs.videos.has(s.VideoID) {
		return notFound(op, "video")
	}
	if !t.st.people.has(s.GranteeID) {
		return notFound(op, "person")
	}
	if s.SharedBy != "" && !t.st.people.has(s.SharedBy) {
		return notFound(op, "person")
	}
	s = cloneShare(s)
	s.Version = 1
	vs.shares.put(t, s.ID, s)
	vs.sharesOfVideo.add(t, s.VideoID, s.ID, struct{}{})
	vs.sharesOfGrantee.add(t, s.GranteeID, s.ID, struct{}{})
	if s.SharedBy != "" {
		vs.sharesBy.add(t, s.SharedBy, s.ID, struct{}{})
	}
	return nil
}

func (r shares) Get(ctx context.Context, id string) (video.Share, error) {
	return get(ctx, r.t, "memory.Shares.Get", "video share", &r.t.st.video.shares, id, cloneShare)
}

// Update changes only the fields the contract lets change, so the indexes
// (by video, grantee and sharer) stay as they are.
func (r shares) Update(ctx context.Context, s video.Share) (video.Share, error) {
	const op = "memory.Shares.Update"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return video.Share{}, err
	}
	vs := &t.st.video
	old, ok := vs.shares.get(s.ID)
	switch {
	case !ok:
		return video.Share{}, notFound(op, "video share")
	case s.Version != old.Version:
		return video.Share{}, staleVersion(op, "video share")
	}
	s = cloneShare(s)
	next := old
	next.ExpiresAt, next.RevokedAt, next.RevokedBy, next.RevokeReason = s.ExpiresAt, s.RevokedAt, s.RevokedBy, s.RevokeReason
	next.OpenedAt, next.UpdatedAt = s.OpenedAt, s.UpdatedAt
	next.Version = old.Version + 1
	vs.shares.put(t, next.ID, next)
	return cloneShare(next), nil
}

func (r shares) ListByVideo(ctx context.Context, videoID string) ([]video.Share, error) {
	const op = "memory.Shares.ListByVideo"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	vs := &r.t.st.video
	ids := vs.sharesOfVideo.of(videoID)
	out := make([]video.Share, 0, ids.len())
	for id := range ids.keys() {
		out = append(out, cloneShare(vs.shares.at(id)))
	}
	slices.SortFunc(out, func(a, b video.Share) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (r shares) MyVideos(ctx context.Context, granteeID string, now time.Time) ([]video.SharedVideo, error) {
	const op = "memory.Shares.MyVideos"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	vs := &r.t.st.video
	var out []video.SharedVideo
	for id := range vs.sharesOfGrantee.of(granteeID).keys() {
		s := vs.shares.at(id)
		if s.RevokedAt != nil || !s.ExpiresAt.After(now) {
			continue
		}
		out = append(out, video.SharedVideo{Share: cloneShare(s), Video: cloneVideo(vs.videos.at(s.VideoID))})
	}
	slices.SortFunc(out, func(a, b video.SharedVideo) int {
		return cmp.Or(b.Share.StartsAt.Compare(a.Share.StartsAt), strings.Compare(a.Share.ID, b.Share.ID))
	})
	return out, nil
}
