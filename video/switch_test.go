package video_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

// TestNoSwitchGivesBackWhatALinkCouldNotReach: a clerk who may reset
// passwords and switch portals, but not see videos, cannot switch a
// prosecutor's Video Portal Access off, take a reset link (which the
// switch-off would let through) and switch it back on: giving a login
// video access needs videos.view, so the prosecutor keeps the only
// credential to the videos shared with them next.
func TestNoSwitchGivesBackWhatALinkCouldNotReach(t *testing.T) {
	k := newKit(t)
	k.User("Cle", "Clerk", "cclerk", pw, k.Group("Clerks", auth.ViewPersonnel, auth.ResetPasswords, auth.ManagePortalAccess))
	clerk := k.LoginAs("cclerk", pw).Principal

	_, err := k.Personnel.SetPortalAccess(k.Ctx, clerk, k.Val.ID, portal.Access{Enabled: true})
	require.NoError(t, err, "taking a capability away")
	link, err := k.Auth.IssuePasswordLink(k.Ctx, clerk, k.Val.Login.AccountID)
	require.NoError(t, err, "the login reaches nothing now")
	const stolen = "taken-over-by-the-clerk-77"
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, stolen))

	_, err = k.Personnel.SetPortalDesignation(k.Ctx, clerk, k.Val.ID, portal.VideoOnly)
	require.ErrorIs(t, err, auth.ErrOutranked, "switching video access back on")
	sh, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload})
	require.Error(t, err, "no video is shared with a login without video access")
	assert.Empty(t, sh.ID)

	// Staff who may see the videos give the access back.
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, k.Val.ID, portal.VideoOnly)
	require.NoError(t, err)
}
