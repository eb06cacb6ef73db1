package video_test

import (
	"testing"
	"time"

	"github.com/carenet-go/carenet/video"
)

// Sinks keep the compiler from optimising the benchmarked calls away.
var (
	decisionSink video.Decision
	claimsSink   video.Claims
	errSink      error
)

// BenchmarkDecide decides a download on a view-and-download share: every
// check runs and the access is allowed.
func BenchmarkDecide(b *testing.B) {
	s := pureShare(video.ViewAndDownload)
	now := t0.Add(1)
	b.ReportAllocs()
	for b.Loop() {
		decisionSink = video.Decide(grantee, s, video.Download, now)
	}
	if !decisionSink.Allowed {
		b.Fatal(decisionSink.Reason)
	}
}

// BenchmarkVerifyTicket verifies a valid ticket: parse, HMAC-SHA256,
// constant-time compare, decode the claims.
func BenchmarkVerifyTicket(b *testing.B) {
	tk := newTicketer(b, testTickets())
	ticket := issue(b, tk, video.Claims{
		TicketID: "0b6a3e0e-4f7c-4d3e-9a57-2b1e4c7f9d21", ShareID: "5c1d2a8e-9b0f-4e6a-8d3c-7f2e1b4a6c90",
		VideoID: "a7e4c2d1-3b5f-4a8e-9c6d-1f0e2b3a4c5d", GranteeID: "e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b", Action: video.View,
	}, t0)
	b.ReportAllocs()
	for b.Loop() {
		claimsSink, errSink = tk.Verify(ticket, video.View, t0)
	}
	if errSink != nil {
		b.Fatal(errSink)
	}
}

// BenchmarkIssueTicket signs a ticket.
func BenchmarkIssueTicket(b *testing.B) {
	tk := newTicketer(b, testTickets())
	c := claims(video.View)
	b.ReportAllocs()
	for b.Loop() {
		_, claimsSink, errSink = tk.Issue(c, t0)
	}
}

// BenchmarkServiceVerifyTicketAccepted is one accepted use of a view
// ticket through the service on the memory store: verify, re-check the
// share and grantee, count the use and append its custody event. A new
// ticket is issued, untimed, whenever one is used up.
func BenchmarkServiceVerifyTicketAccepted(b *testing.B) {
	k := newKit(b)
	s := k.share(k.Val.ID, video.ViewOnly)
	var acc *video.Access
	uses := video.MaxViewTicketUses
	b.ReportAllocs()
	for b.Loop() {
		if uses == video.MaxViewTicketUses {
			b.StopTimer()
			var err error
			if acc, err = k.access(k.ValP, s.ID, video.View); err != nil {
				b.Fatal(err)
			}
			uses = 0
			b.StartTimer()
		}
		if _, errSink = k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View); errSink != nil {
			b.Fatal(errSink)
		}
		uses++
	}
}

// BenchmarkServiceVerifyTicketReplayed is a signed but expired ticket
// replayed inside the refusal interval on the memory store: refused and
// counted, with no custody event.
func BenchmarkServiceVerifyTicketReplayed(b *testing.B) {
	k := newKit(b)
	s := k.share(k.Val.ID, video.ViewOnly)
	acc, err := k.access(k.ValP, s.ID, video.View)
	if err != nil {
		b.Fatal(err)
	}
	k.Clock.Advance(video.DefaultTicketTTL)
	b.ReportAllocs()
	for b.Loop() {
		_, errSink = k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
	}
	if len(k.eventsOf(string(video.EventAccessDenied))) != 1 {
		b.Fatal("the replays were recorded")
	}
}

var tallySink video.TicketTally

// BenchmarkTallyRefusal decides whether a refused ticket use is recorded.
func BenchmarkTallyRefusal(b *testing.B) {
	t := video.TicketTally{Count: 3, RecordedAt: t0, Unrecorded: 2}
	now := t0.Add(time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		tallySink, _, _ = video.TallyRefusal(t, now, video.DefaultRefusalInterval)
	}
}

// BenchmarkCheckUse decides whether a ticket may be used once more.
func BenchmarkCheckUse(b *testing.B) {
	t := video.TicketTally{Count: 3}
	b.ReportAllocs()
	for b.Loop() {
		decisionSink.Reason = video.CheckUse(video.View, t)
	}
}
