package video_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

func TestMyVideos(t *testing.T) {
	k := newKit(t)
	now := k.Clock.Now()
	v2 := k.upload("client-2", "Second interview")
	v3 := k.upload("client-3", "Third interview")
	v4 := k.upload("client-4", "Fourth interview")

	viewOnly := k.share(k.Val.ID, video.ViewOnly)
	download, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: v2.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload, StartsAt: now.Add(time.Minute)})
	require.NoError(t, err)
	scheduled, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: v3.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload, StartsAt: now.Add(2 * day)})
	require.NoError(t, err)
	revoked, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: v4.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly})
	require.NoError(t, err)
	_, err = k.Video.Revoke(k.Ctx, k.Admin.Principal, revoked.ID, "")
	require.NoError(t, err)
	expiring, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: v4.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, ExpiresAt: now.Add(30 * time.Minute)})
	require.NoError(t, err)
	k.share(k.Wes.ID, video.ViewAndDownload) // someone else's

	k.Clock.Advance(time.Hour) // the last share has expired
	_, err = k.access(k.ValP, viewOnly.ID, video.View)
	require.NoError(t, err)

	got, err := k.Video.MyVideos(k.Ctx, k.ValP)
	require.NoError(t, err)
	type row struct {
		Share, Video, Title  string
		State                video.State
		Opened, View, Dnload bool
	}
	var rows []row
	for _, m := range got {
		rows = append(rows, row{m.Share.ID, m.Video.ID, m.Video.Title, m.State, m.Opened, m.CanView, m.CanDownload})
	}
	assert.Equal(t, []row{
		{scheduled.ID, v3.ID, "Third interview", video.Scheduled, false, false, false},
		{download.ID, v2.ID, "Second interview", video.Active, false, true, true},
		{viewOnly.ID, k.V.ID, "Forensic interview 1", video.Active, true, true, false},
	}, rows, "newest start first; revoked, expired and other users' shares left out")
	assert.NotContains(t, []string{got[0].Share.ID, got[1].Share.ID, got[2].Share.ID}, expiring.ID)
	assert.Equal(t, v2.Info(), got[1].Video, "information about the video, without its storage key or client")

	// Scheduled shares become usable at their start.
	k.Clock.Advance(2 * day)
	got, err = k.Video.MyVideos(k.Ctx, k.ValP)
	require.NoError(t, err)
	assert.Equal(t, video.Active, got[0].State)
	assert.True(t, got[0].CanDownload)
}

func TestMyVideosNeedsVideoAccess(t *testing.T) {
	k := newKit(t)
	_, err := k.Video.MyVideos(k.Ctx, k.Admin.Principal)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "a full user without the portal has no My Videos")
	_, err = k.Video.MyVideos(k.Ctx, nil)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	got, err := k.Video.MyVideos(k.Ctx, k.ValP)
	require.NoError(t, err)
	assert.Empty(t, got)
}
