package video_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/video"
)

// TestDownloadSharesAndCustodyNeedARecentSignIn: with a sign-in as old as
// the window, sharing a video for download and taking its chain of
// custody are refused with ErrReauthenticationRequired and change or
// record nothing, while a view-only share goes ahead; after Reauthenticate
// in the same session both succeed.
func TestDownloadSharesAndCustodyNeedARecentSignIn(t *testing.T) {
	k := newKit(t)
	res := k.LoginAs("admin", carenettest.Password)
	k.Clock.Advance(auth.DefaultReauthWindow)
	stale, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err)

	events := k.EventCount()
	download := video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload}
	_, err = k.Video.Share(k.Ctx, stale, download)
	require.ErrorIs(t, err, auth.ErrReauthenticationRequired, "a download share")
	assert.Equal(t, carenet.ReauthenticationRequired, carenet.ErrorCode(err))
	_, err = k.Video.Custody(k.Ctx, stale, k.V.ID)
	require.ErrorIs(t, err, auth.ErrReauthenticationRequired, "the custody report")
	assert.Equal(t, events, k.EventCount(), "nothing recorded, not even the read")
	shares, err := k.Video.Shares(k.Ctx, stale, k.V.ID)
	require.NoError(t, err)
	assert.Empty(t, shares, "no share made")

	viewOnly, err := k.Video.Share(k.Ctx, stale, video.NewShare{VideoID: k.V.ID, GranteeID: k.Wes.ID, Mode: video.ViewOnly})
	require.NoError(t, err, "a view-only share needs no recent sign-in")

	fresh := k.ReauthenticateToken(res.Token, carenettest.Password)
	sh, err := k.Video.Share(k.Ctx, fresh, download)
	require.NoError(t, err)
	assert.Equal(t, video.ViewAndDownload, sh.Mode)
	custody, err := k.Video.Custody(k.Ctx, fresh, k.V.ID)
	require.NoError(t, err)
	var shared []string
	for _, e := range custody {
		if e.Action == video.EventShared {
			shared = append(shared, e.Details[video.DetailShare])
		}
	}
	assert.Equal(t, []string{viewOnly.ID, sh.ID}, shared)
}
