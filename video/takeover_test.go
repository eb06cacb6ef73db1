package video_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

// takeOver is the attack on a video portal user's login: obtain a set or
// reset link for it, set a password through it, log in and ask for a
// download ticket. It returns the ticket, or the error of the first step
// that failed.
func (k *kit) takeOver(issue func() (*auth.IssuedLink, error), username, shareID string) (string, error) {
	k.T.Helper()
	link, err := issue()
	if err != nil {
		return "", err
	}
	const stolen = "taken-over-by-the-clerk-77"
	if err := k.Auth.CompletePasswordLink(k.Ctx, link.Token, stolen); err != nil {
		return "", err
	}
	res, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: username, Password: stolen})
	if err != nil {
		return "", err
	}
	a, err := k.access(res.Principal, shareID, video.Download)
	if err != nil {
		return "", err
	}
	return a.Ticket, nil
}

// TestNoPasswordLinkReachesSharedVideosTheActorCannotSee: a clerk who
// holds only personnel.view and passwords.reset, or personnel.reactivate,
// gets no link for a video portal prosecutor with a download share, so no
// way to the forensic interview; the refusal is ErrOutranked and changes
// nothing. Staff who may see the videos and share them for download
// (videos.share: the share allows download) get the link.
func TestNoPasswordLinkReachesSharedVideosTheActorCannotSee(t *testing.T) {
	k := newKit(t)
	sh := k.share(k.Val.ID, video.ViewAndDownload)
	k.User("Cle", "Clerk", "cclerk", pw, k.Group("Clerks", auth.ViewPersonnel, auth.ResetPasswords))
	clerk := k.LoginAs("cclerk", pw).Principal
	k.User("Rhea", "Reactivator", "rreactivator", pw, k.Group("Reactivators", auth.ViewPersonnel, auth.ReactivatePersonnel))
	reactivator := k.LoginAs("rreactivator", pw).Principal
	account := k.Val.Login.AccountID

	before := len(k.Actions(audit.TargetAccount, account))
	ticket, err := k.takeOver(func() (*auth.IssuedLink, error) {
		return k.Auth.IssuePasswordLink(k.Ctx, clerk, account)
	}, "vviewer", sh.ID)
	require.ErrorIs(t, err, auth.ErrOutranked, "a reset link")
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Empty(t, ticket)
	assert.Len(t, k.Actions(audit.TargetAccount, account), before, "no link issued")
	k.LoginAs("vviewer", pw) // the prosecutor's password still works

	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "on leave")
	require.NoError(t, err)
	ticket, err = k.takeOver(func() (*auth.IssuedLink, error) {
		r, err := k.Personnel.Reactivate(k.Ctx, reactivator, k.Val.ID, "back")
		if err != nil {
			return nil, err
		}
		return r.Link, nil
	}, "vviewer", sh.ID)
	require.ErrorIs(t, err, auth.ErrOutranked, "the link Reactivate returns")
	assert.Empty(t, ticket)
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Val.ID)
	require.NoError(t, err)
	assert.False(t, p.Active(), "still inactive")

	// Staff who may see the videos and share them for download reach what
	// the prosecutor reaches.
	k.User("Vic", "Videos", "vvideos", pw, k.Group("Video staff", auth.ViewPersonnel, auth.ReactivatePersonnel, auth.ViewVideos, auth.ShareVideos))
	videoStaff := k.LoginAs("vvideos", pw).Principal
	r, err := k.Personnel.Reactivate(k.Ctx, videoStaff, k.Val.ID, "back")
	require.NoError(t, err)
	require.NotEmpty(t, r.Link.Token)
	ev := k.Events(audit.TargetAccount, account)
	assert.Equal(t, auth.DeliveredToActor, ev[len(ev)-1].Details["delivery"])
}
