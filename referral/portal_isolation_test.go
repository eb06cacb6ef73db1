package referral_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// TestReferralOnlyUserReachesNoClientOrPersonnelData walks every read and
// change a referral-only portal user could try through the SDK's services
// over one store holding personnel, a client's video shared with someone
// else, the intake queue and another partner's referrals. Each is
// forbidden, or not found exactly as a missing record is; only their own
// referrals come back.
func TestReferralOnlyUserReachesNoClientOrPersonnelData(t *testing.T) {
	k := newKit(t)
	rita := k.Rita
	require.True(t, rita.Portal.Has(portal.SubmitLEReferrals|portal.SubmitCPSReferrals))
	require.False(t, rita.Portal.Has(portal.ViewSharedVideos), "referral-only")

	videos, err := video.NewService(k.Store.Video(), video.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("v"),
		Tickets: video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": bytes.Repeat([]byte{'1'}, 32)}}})
	require.NoError(t, err)
	clip, err := videos.RecordUpload(k.Ctx, k.Admin.Principal, video.NewVideo{
		ClientID: "client-1", Title: "Forensic interview", RecordedAt: k.Clock.Now().Add(-time.Hour), Duration: time.Hour,
		SizeBytes: 1 << 20, ContentType: "video/mp4", StorageKey: "videos/client-1.mp4",
		SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	})
	require.NoError(t, err)
	val := k.User("Val", "Viewer", "vviewer", pw, auth.ReferralUserGroup)
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, val.ID, portal.VideoOnly)
	require.NoError(t, err)
	share, err := videos.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: clip.ID, GranteeID: val.ID, Mode: video.ViewAndDownload})
	require.NoError(t, err)

	robs := k.submit(k.Rob, referral.KindLE)
	robsDraft, err := k.Svc.SaveDraft(k.Ctx, k.Rob, "", referral.Form{Kind: referral.KindCPS})
	require.NoError(t, err)
	ritas := k.submit(rita, referral.KindCPS)
	staff := k.Person("Olga", "Other", personnel.AgencyCAC)
	admin, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Admin.ID())
	require.NoError(t, err)
	group, err := k.Personnel.CreateGroup(k.Ctx, k.Admin.Principal, "Team", "")
	require.NoError(t, err)

	forbidden := func(name string, err error) {
		t.Helper()
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "%s: %v", name, err)
	}
	_, missingReferral := k.Svc.GetMine(k.Ctx, rita, "r-missing")
	require.Equal(t, carenet.NotFound, carenet.ErrorCode(missingReferral))
	notFoundReferral := func(name string, err error) {
		t.Helper()
		assert.Equal(t, missingReferral, err, "%s: the same not-found as a missing referral", name)
	}

	t.Run("personnel", func(t *testing.T) {
		_, err := k.Personnel.Search(k.Ctx, rita, personnel.Query{})
		forbidden("Search", err)
		_, err = k.Personnel.Search(k.Ctx, rita, personnel.Query{Name: "Olga"})
		forbidden("Search by name", err)
		_, err = k.Personnel.Get(k.Ctx, rita, staff.ID)
		forbidden("Get", err)
		_, err = k.Personnel.Get(k.Ctx, rita, val.ID)
		forbidden("Get another portal user", err)
		name := "Changed"
		_, err = k.Personnel.Edit(k.Ctx, rita, staff.ID, staff.Version, personnel.Update{GivenName: &name})
		forbidden("Edit", err)
		_, err = k.Personnel.Deactivate(k.Ctx, rita, staff.ID, "x")
		forbidden("Deactivate", err)
		_, err = k.Personnel.DeactivateMany(k.Ctx, rita, []string{staff.ID}, "x")
		forbidden("DeactivateMany", err)
		_, err = k.Personnel.Reactivate(k.Ctx, rita, staff.ID, "x")
		forbidden("Reactivate", err)
		forbidden("Delete", k.Personnel.Delete(k.Ctx, rita, staff.ID))
		_, err = k.Personnel.Groups(k.Ctx, rita)
		forbidden("Groups", err)
		_, err = k.Personnel.Members(k.Ctx, rita, group.ID)
		forbidden("Members", err)
		_, err = k.Personnel.Expand(k.Ctx, rita, group.ID)
		forbidden("Expand", err)
		forbidden("AddMember", k.Personnel.AddMember(k.Ctx, rita, group.ID, rita.PersonID))
		_, err = k.Auth.Sessions(k.Ctx, rita, admin.Login.AccountID)
		forbidden("another user's sessions", err)
		_, err = k.Auth.IssuePasswordLink(k.Ctx, rita, admin.Login.AccountID)
		forbidden("a password link for another user", err)
		_, err = k.Auth.SecurityGroups(k.Ctx, rita)
		forbidden("security groups", err)
	})

	t.Run("videos of client profiles", func(t *testing.T) {
		_, err := videos.ClientVideos(k.Ctx, rita, "client-1")
		forbidden("video listing", err)
		_, err = videos.Get(k.Ctx, rita, clip.ID)
		forbidden("video metadata", err)
		_, err = videos.Shares(k.Ctx, rita, clip.ID)
		forbidden("a video's shares", err)
		_, err = videos.Custody(k.Ctx, rita, clip.ID)
		forbidden("chain of custody", err)
		_, err = videos.MyVideos(k.Ctx, rita)
		forbidden("My Videos", err)
		_, err = videos.Share(k.Ctx, rita, video.NewShare{VideoID: clip.ID, GranteeID: rita.PersonID, Mode: video.ViewOnly})
		forbidden("sharing a video with herself", err)
		_, err = videos.RequestAccess(k.Ctx, rita, video.AccessRequest{ShareID: share.ID, Action: video.View})
		assert.ErrorIs(t, err, video.ErrShareNotFound, "another user's share is a missing share")
	})

	t.Run("referrals", func(t *testing.T) {
		_, err := k.Svc.Queue(k.Ctx, rita, referral.QueueFilter{})
		forbidden("the intake queue", err)
		_, err = k.Svc.Open(k.Ctx, rita, ritas.ID)
		forbidden("opening even her own referral as the CAC sees it", err)
		_, err = k.Svc.Duplicates(k.Ctx, rita, ritas.ID)
		forbidden("the duplicate-client check", err)
		_, err = k.Svc.Message(k.Ctx, rita, ritas.ID, ritas.Version, "x")
		forbidden("messaging as the CAC", err)
		_, err = k.Svc.Merge(k.Ctx, rita, robs.ID, robs.Version, ritas.ID, "")
		forbidden("merging", err)

		for _, id := range []string{robs.ID, robsDraft.ID} {
			_, err := k.Svc.GetMine(k.Ctx, rita, id)
			notFoundReferral("GetMine", err)
			_, err = k.Svc.Edit(k.Ctx, rita, id, 1, referral.Form{Kind: referral.KindLE})
			notFoundReferral("Edit", err)
			_, err = k.Svc.SubmitDraft(k.Ctx, rita, id, 1, "")
			notFoundReferral("SubmitDraft", err)
			_, err = k.Svc.DiscardDraft(k.Ctx, rita, id, 1)
			notFoundReferral("DiscardDraft", err)
		}
		page, err := k.Svc.Mine(k.Ctx, rita, referral.MineQuery{Statuses: referral.Statuses()})
		require.NoError(t, err)
		require.Len(t, page.Referrals, 1, "only her own")
		assert.Equal(t, ritas.ID, page.Referrals[0].ID)
	})

	// Nothing she tried was let through: no shares made, nothing changed.
	list, err := videos.Shares(k.Ctx, k.Admin.Principal, clip.ID)
	require.NoError(t, err)
	assert.Equal(t, []video.Share{share}, list)
	assert.Equal(t, robs, k.open(robs.ID))
	assert.Zero(t, k.Hook.created)
}
