package video_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

func ExampleDecide() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	// A prosecutor with Video Portal Access, as auth.Service.Authenticate
	// builds them.
	pat := &auth.Principal{PersonID: "p-pat", Portal: portal.Compute(portal.Facts{
		HasLogin: true, PersonActive: true, AccountActive: true, OtherGroups: true,
		Access: portal.Access{Enabled: true, Video: true},
	})}
	share := video.Share{
		ID: "s-1", VideoID: "v-1", GranteeID: "p-pat", Mode: video.ViewOnly,
		StartsAt: now, ExpiresAt: now.Add(10 * 24 * time.Hour),
	}

	for _, a := range []video.Action{video.View, video.Download} {
		d := video.Decide(pat, share, a, now)
		fmt.Println(a, d.Allowed, d.Reason)
	}
	d := video.Decide(pat, share, video.View, now.Add(11*24*time.Hour))
	fmt.Println("eleven days later:", d.Reason, "-", carenet.ErrorMessage(d.Err()))

	someoneElse := &auth.Principal{PersonID: "p-eve", Portal: pat.Portal}
	d = video.Decide(someoneElse, share, video.View, now)
	fmt.Println("someone else:", d.Reason, "-", carenet.ErrorCode(d.Err()))
	// Output:
	// view true none
	// download false view_only
	// eleven days later: expired - this video share has expired
	// someone else: not_grantee - not_found
}

func ExampleTicketer() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	// The keys come from the host's secret store; each is 32 random bytes
	// or more.
	keys := video.TicketConfig{KeyID: "2026-03", Keys: map[string][]byte{
		"2026-03": []byte("0123456789abcdef0123456789abcdef"),
	}}
	tickets, err := video.NewTicketer(keys)
	if err != nil {
		panic(err)
	}

	// Service.RequestAccess issues a ticket like this for an allowed view.
	ticket, claims, err := tickets.Issue(video.Claims{
		TicketID: "t-1", ShareID: "s-1", VideoID: "v-1", GranteeID: "p-pat", Action: video.View,
	}, now)
	if err != nil {
		panic(err)
	}
	fmt.Println("expires:", claims.ExpiresAt.Format(time.Kitchen))

	// Verify checks the signature, the expiry and the action. A storage
	// proxy streams only what Service.VerifyTicket accepts, which also
	// checks the share, counts the use and records it.
	got, err := tickets.Verify(ticket, video.View, now.Add(time.Minute))
	fmt.Println("view:", got.VideoID, got.GranteeID, err)

	_, err = tickets.Verify(ticket, video.Download, now.Add(time.Minute))
	fmt.Println("download:", errors.Is(err, video.ErrTicketWrongAction))

	_, err = tickets.VerifyFor(ticket, video.View, "p-eve", now.Add(time.Minute))
	fmt.Println("another user:", errors.Is(err, video.ErrTicketWrongUser))

	_, err = tickets.Verify(ticket, video.View, now.Add(6*time.Minute))
	fmt.Println("later:", carenet.ErrorMessage(err))
	// Output:
	// expires: 9:05AM
	// view: v-1 p-pat <nil>
	// download: true
	// another user: true
	// later: the video access ticket has expired; open the video again
}

func ExampleWriteCustodyCSV() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	events := []audit.Event{{
		Seq: 1, At: at, ActorID: "p-sam", Action: video.EventRecorded, TargetType: audit.TargetVideo, TargetID: "v-1",
		// A client ID that tries to pose as a second checksum (upload
		// refuses it; an export written from an older log encodes it).
		Details: map[string]string{"client": "c-1; sha256=000", "sha256": "9f86d081"},
		Hash:    "5e1f",
	}, {
		Seq: 2, At: at.Add(time.Hour), ActorID: "p-sam", Action: video.EventShareRevoked, TargetType: audit.TargetVideo, TargetID: "v-1",
		Details: map[string]string{video.DetailShare: "s-1", video.DetailReason: "=HYPERLINK(\"http://x\")\nsecond line"},
		Hash:    "a4c2",
	}}
	if err := video.WriteCustodyCSV(os.Stdout, events); err != nil {
		panic(err)
	}
	// Output:
	// seq,at,actor_id,action,share_id,grantee_id,reason,details,hash
	// 1,2026-03-02T09:00:00Z,p-sam,video.recorded,,,,client=c-1%3B sha256%3D000; sha256=9f86d081,5e1f
	// 2,2026-03-02T10:00:00Z,p-sam,video.share_revoked,s-1,,"'=HYPERLINK(""http://x"")%0Asecond line",,a4c2
}

func ExampleTallyRefusal() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var t video.TicketTally
	for i := range 4 {
		var record bool
		var unrecorded int64
		t, record, unrecorded = video.TallyRefusal(t, now.Add(time.Duration(i)*5*time.Minute), video.DefaultRefusalInterval)
		fmt.Println(i*5, "min: record", record, "left out before it", unrecorded)
	}
	// Output:
	// 0 min: record true left out before it 0
	// 5 min: record false left out before it 0
	// 10 min: record true left out before it 1
	// 15 min: record false left out before it 0
}
