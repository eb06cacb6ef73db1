package video_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/carenet-go/carenet"
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

	// The storage proxy verifies it before streaming a byte.
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
