package personnel_test

import (
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

// videos.view lets staff see a video's metadata and custody; no staff
// permission gives them its bytes (tickets go only to grantees). A clerk
// with videos.view and passwords.reset must therefore not obtain a
// credential for a prosecutor whose share allows download: with it the
// clerk downloads the interview, and the chain of custody names the
// prosecutor as the one who did.
func TestALinkForADownloadShareNeedsVideosShare(t *testing.T) {
	env := carenettest.New(t)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords, auth.ViewVideos))
	pros := env.PortalUser(portal.VideoOnly)
	sh := env.Share(env.Video(), pros, video.ViewAndDownload)

	const pw = "clerk-chosen violet harbour 42"
	if !env.TakeOverByLink(clerk.Principal, pros.Profile.Login.AccountID, pw, auth.ErrOutranked) {
		return // refused for rank or reach
	}
	res, err := env.Auth.Login(env.Ctx, auth.LoginRequest{Username: pros.Username, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := env.Videos.RequestAccess(env.Ctx, res.Principal, video.AccessRequest{ShareID: sh.ID, Action: video.Download})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Videos.VerifyTicket(env.Ctx, acc.Ticket, video.Download); err == nil {
		t.Fatalf("a clerk who may only view video metadata downloaded the interview as the prosecutor")
	}
}
