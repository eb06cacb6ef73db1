package video_test

import (
	"context"
	"fmt"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

// ExampleService shares a forensic interview with a prosecutor: the CAC
// records the upload and shares it view-only; the prosecutor finds it in My
// Videos and gets a ticket to view it but not to download it; the storage
// proxy redeems the ticket; the video's chain of custody lists every
// step, the refused download included; and when the prosecutor leaves,
// their shares are revoked.
func ExampleService() {
	ctx := context.Background()
	clock := carenet.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store := memory.New()
	videos, err := video.NewService(store.Video(), video.Config{
		Clock: clock, IDs: carenet.SequentialIDs("v"),
		// The keys come from the host's secret store; each is 32 random
		// bytes or more.
		Tickets: video.TicketConfig{KeyID: "2026-03", Keys: map[string][]byte{
			"2026-03": []byte("0123456789abcdef0123456789abcdef"),
		}},
	})
	if err != nil {
		panic(err)
	}
	h := &carenettest.Harness{} // panics if a step of the set-up is refused
	defer h.Close()

	// An administrator, and a prosecutor with a video-only portal login.
	authSvc, people, admin := carenettest.StaffServices(h, ctx, store, clock, "ada", "granite-orchard-lantern-7")
	created, err := people.Create(ctx, admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Pat", FamilyName: "Prosecutor", Agency: "County District Attorney", AgencyKind: personnel.AgencyProsecution},
		Login: &auth.LoginSpec{Username: "pat", Password: "harbor-velvet-compass-42", Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Video: true}},
	})
	if err != nil {
		panic(err)
	}
	pat := carenettest.SignIn(h, ctx, authSvc, "pat", "harbor-velvet-compass-42")

	// The CAC records the interview it stored, and shares it view-only
	// for the default ten days.
	v, err := videos.RecordUpload(ctx, admin, video.NewVideo{
		ClientID: "client-17", CaseID: "CASE-2026-0001", Title: "Forensic interview, J.D.",
		RecordedAt: clock.Now().Add(-48 * time.Hour), Duration: 47 * time.Minute, SizeBytes: 1 << 30,
		ContentType: "video/mp4", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		StorageKey: "videos/client-17/interview-1.mp4",
	})
	if err != nil {
		panic(err)
	}
	share, err := videos.Share(ctx, admin, video.NewShare{
		VideoID: v.ID, GranteeID: created.Profile.ID, Mode: video.ViewOnly, Note: "For Thursday's charging review.",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("admin:", admin.PersonID, "prosecutor:", pat.PersonID)
	fmt.Println("shared:", share.ID, share.Mode, "until", share.ExpiresAt.Format(time.DateOnly))

	// The prosecutor's My Videos.
	clock.Advance(time.Hour)
	mine, _ := videos.MyVideos(ctx, pat)
	for _, m := range mine {
		fmt.Printf("my videos: %q %s view=%t download=%t opened=%t\n", m.Video.Title, m.State, m.CanView, m.CanDownload, m.Opened)
	}

	// View: allowed, with a ticket for the player.
	access, err := videos.RequestAccess(ctx, pat, video.AccessRequest{ShareID: share.ID, Action: video.View})
	if err != nil {
		panic(err)
	}
	fmt.Println("view: ticket", access.Claims.TicketID, "for", access.Claims.Action, "until", access.Claims.ExpiresAt.Format(time.TimeOnly), "first open:", access.FirstOpen)

	// Download: refused, and the answer says why.
	_, err = videos.RequestAccess(ctx, pat, video.AccessRequest{ShareID: share.ID, Action: video.Download})
	fmt.Println("download:", carenet.ErrorCode(err), "-", carenet.ErrorMessage(err))

	// The storage proxy checks the ticket, and the share in the store,
	// before it streams a byte.
	clock.Advance(time.Minute)
	redeemed, err := videos.VerifyTicket(ctx, access.Ticket, video.View)
	fmt.Println("proxy streams:", redeemed.Video.StorageKey, err)
	_, err = videos.VerifyTicket(ctx, access.Ticket, video.Download)
	fmt.Println("proxy, download:", carenet.ErrorMessage(err))

	// The chain of custody, in order. A report that leaves the centre
	// needs a recent sign-in; the administrator's was an hour ago, so they
	// sign in again (with the session still open, Reauthenticate would
	// renew it).
	admin = carenettest.SignIn(h, ctx, authSvc, "ada", "granite-orchard-lantern-7")
	events, err := videos.Custody(ctx, admin, v.ID)
	if err != nil {
		panic(err)
	}
	for _, e := range events {
		line := fmt.Sprintf("custody: %s %s by %s", e.At.Format(time.TimeOnly), e.Action, e.ActorID)
		for _, k := range []string{video.DetailAction, video.DetailReason} {
			if d := e.Details[k]; d != "" {
				line += " " + k + "=" + d
			}
		}
		fmt.Println(line)
	}

	// The prosecutor leaves: the host's deactivation, in its own
	// transaction, revokes every share they hold.
	if err := store.Video().Update(ctx, func(tx video.Tx) error {
		revoked, err := videos.RevokeGranteeShares(ctx, tx, admin.PersonID, pat.PersonID, "left the office")
		fmt.Println("revoked on leaving:", len(revoked))
		return err
	}); err != nil {
		panic(err)
	}
	_, err = videos.RequestAccess(ctx, pat, video.AccessRequest{ShareID: share.ID, Action: video.View})
	fmt.Println("view after leaving:", carenet.ErrorMessage(err))
	// Output:
	// admin: p-000001 prosecutor: p-000003
	// shared: v-000003 view until 2026-03-12
	// my videos: "Forensic interview, J.D." active view=true download=false opened=false
	// view: ticket v-000006 for view until 10:05:00 first open: true
	// download: forbidden - this video was shared for viewing only; it cannot be downloaded
	// proxy streams: videos/client-17/interview-1.mp4 <nil>
	// proxy, download: the video access ticket is for another action
	// custody: 09:00:00 video.recorded by p-000001
	// custody: 09:00:00 video.shared by p-000001
	// custody: 10:00:00 video.viewed by p-000003 action=view
	// custody: 10:00:00 video.access_denied by p-000003 action=download reason=view_only
	// custody: 10:01:00 video.view_served by p-000003 action=view
	// custody: 10:01:00 video.access_denied by p-000003 action=download reason=ticket_wrong_action
	// revoked on leaving: 1
	// view after leaving: this video share was revoked
}
