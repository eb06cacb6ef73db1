package video

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// MyVideo is one row of a portal user's My Videos: the share, what they
// may know about the video, and what they may do with it now.
type MyVideo struct {
	Share Share
	Video Info
	// State is Active or Scheduled: revoked and expired shares are not
	// listed.
	State State
	// Opened reports whether the grantee has viewed or downloaded the video
	// through this share.
	Opened bool
	// CanView and CanDownload say what Decide allows now. Both are false
	// for a scheduled share, which is listed so the grantee knows it is
	// coming and when.
	CanView     bool
	CanDownload bool
}

// MyVideos is the My Videos tab: the caller's shares that are neither
// revoked nor expired, scheduled ones included (marked Scheduled, with
// nothing allowed yet), newest start first, each with the video's
// information and what the caller may do with it. It needs the portal
// capability portal.ViewSharedVideos (Forbidden otherwise) and reads the
// shares with their videos in one store query.
func (s *Service) MyVideos(ctx context.Context, p *auth.Principal) (_ []MyVideo, callErr error) {
	defer s.obs.Call(&ctx, "video.MyVideos")(&callErr)
	if err := p.RequireCapability(portal.ViewSharedVideos); err != nil {
		return nil, err
	}
	now := s.cfg.Clock.Now()
	rows, err := carenet.View(ctx, s.store, func(tx Tx) ([]SharedVideo, error) {
		return tx.Shares().MyVideos(ctx, p.PersonID, now)
	})
	if err == nil {
		err = s.logRead(ctx, p, audit.ReadMyVideos, audit.TargetPerson, p.PersonID)
	}
	if err != nil {
		return nil, err
	}
	out := make([]MyVideo, 0, len(rows))
	for _, r := range rows {
		// The store's query already selects these; a row that slips
		// through is never shown.
		if r.Share.GranteeID != p.PersonID || !r.Share.Current(now) {
			continue
		}
		out = append(out, MyVideo{
			Share:       r.Share,
			Video:       r.Video.Info(),
			State:       r.Share.State(now),
			Opened:      r.Share.Opened(),
			CanView:     Decide(p, r.Share, View, now).Allowed,
			CanDownload: Decide(p, r.Share, Download, now).Allowed,
		})
	}
	return out, nil
}
