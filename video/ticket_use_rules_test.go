package video_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/video"
)

// eventsOf returns the events about k.V with the action.
func (k *kit) eventsOf(action string) []auditEvent {
	k.T.Helper()
	var out []auditEvent
	for _, e := range k.videoEvents() {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestEveryAcceptedViewIsInTheCustody: each accepted use of a view ticket
// appends its own EventViewServed, numbered, whether a session came with
// it or not.
func TestEveryAcceptedViewIsInTheCustody(t *testing.T) {
	k := newKit(t)
	s, acc := k.valTicket(video.ViewOnly, video.View)
	for i := 1; i <= 5; i++ {
		verify := func() (video.Redemption, error) { return k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View) }
		by := "ticket"
		if i%2 == 0 {
			verify = func() (video.Redemption, error) {
				return k.Video.VerifyTicketFor(k.Ctx, k.ValP, acc.Ticket, video.View)
			}
			by = "session"
		}
		r, err := verify()
		require.NoError(t, err, "use %d", i)
		assert.Equal(t, int64(i), r.Use)
		assert.Equal(t, auditEvent{Action: string(video.EventViewServed), Actor: k.Val.ID, Details: map[string]string{
			"share": s.ID, "grantee": k.Val.ID, "action": "view", "ticket": acc.Claims.TicketID,
			"use": strconv.Itoa(i), "verified_by": by,
		}}, k.last())
	}
	assert.Len(t, k.eventsOf(string(video.EventViewServed)), 5, "five uses, five events")
	k.VerifyAudit()
}

// TestDownloadTicketIsSingleUse is the download ticket accepted five times
// with no session: it is accepted once, recorded once as served, and each
// replay is refused as used and recorded (once per interval, counted).
func TestDownloadTicketIsSingleUse(t *testing.T) {
	k := newKit(t)
	s, acc := k.valTicket(video.ViewAndDownload, video.Download)

	r, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.Download)
	require.NoError(t, err)
	assert.Equal(t, int64(1), r.Use)
	assert.Equal(t, k.V.StorageKey, r.Video.StorageKey)
	assert.Equal(t, auditEvent{Action: string(video.EventDownloadServed), Actor: k.Val.ID, Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "action": "download", "ticket": acc.Claims.TicketID, "use": "1", "verified_by": "ticket",
	}}, k.last())
	for range 4 {
		_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.Download)
		require.ErrorIs(t, err, video.ErrTicketUsed)
		assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
		assert.Equal(t, video.ReasonTicketUsed, video.ReasonOf(err))
	}
	_, err = k.Video.VerifyTicketFor(k.Ctx, k.ValP, acc.Ticket, video.Download)
	require.ErrorIs(t, err, video.ErrTicketUsed, "with a session too")
	assert.Len(t, k.eventsOf(string(video.EventDownloadServed)), 1, "one download")
	denied := k.eventsOf(string(video.EventAccessDenied))
	require.Len(t, denied, 1, "the replays of one interval are one event")
	assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Val.ID, Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "action": "download", "reason": "ticket_used", "ticket": acc.Claims.TicketID,
	}}, denied[0])

	// The grantee's next download is a new ticket, recorded as such.
	again, err := k.access(k.ValP, s.ID, video.Download)
	require.NoError(t, err)
	_, err = k.Video.VerifyTicket(k.Ctx, again.Ticket, video.Download)
	require.NoError(t, err)
	assert.Len(t, k.eventsOf(string(video.EventDownloadServed)), 2)
	k.VerifyAudit()
}

// TestConcurrentUsesOfADownloadTicketAcceptOne presents one download
// ticket from many requests at once: exactly one is accepted and recorded.
func TestConcurrentUsesOfADownloadTicketAcceptOne(t *testing.T) {
	k := newKit(t)
	_, acc := k.valTicket(video.ViewAndDownload, video.Download)
	errs := carenettest.Race(8, func(int) error {
		_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.Download)
		return err
	})
	carenettest.RequireOneWon(t, errs, video.ErrTicketUsed)
	assert.Len(t, k.eventsOf(string(video.EventDownloadServed)), 1)
}

// TestViewTicketIsUsedUpAfterMaxUses: a view ticket is accepted
// MaxViewTicketUses times, then refused as used.
func TestViewTicketIsUsedUpAfterMaxUses(t *testing.T) {
	k := newKit(t)
	_, acc := k.valTicket(video.ViewOnly, video.View)
	for i := 1; i <= video.MaxViewTicketUses; i++ {
		_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
		require.NoError(t, err, "use %d", i)
	}
	_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
	require.ErrorIs(t, err, video.ErrTicketUsed)
	assert.Len(t, k.eventsOf(string(video.EventViewServed)), video.MaxViewTicketUses)
	assert.Equal(t, "ticket_used", k.last().Details["reason"])
}

// TestRefusedTicketReplayIsRecordedOncePerInterval: an expired ticket
// replayed in a loop adds one event per interval, the next one counting
// the replays left out; another presenter, action or reason is recorded
// on its own.
func TestRefusedTicketReplayIsRecordedOncePerInterval(t *testing.T) {
	k := newKit(t, func(c *video.Config) { c.RefusalInterval = time.Hour })
	s, acc := k.valTicket(video.ViewOnly, video.View)
	k.Clock.Advance(10 * time.Minute)
	before := len(k.videoEvents())
	for range 50 {
		_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
		require.ErrorIs(t, err, video.ErrTicketExpired)
	}
	require.Len(t, k.videoEvents(), before+1, "fifty replays in an interval, one event")
	assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Val.ID, Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "action": "view", "reason": "ticket_expired", "ticket": acc.Claims.TicketID,
	}}, k.last())

	_, err := k.Video.VerifyTicketFor(k.Ctx, k.WesP, acc.Ticket, video.View)
	require.ErrorIs(t, err, video.ErrTicketWrongUser)
	assert.Equal(t, k.Wes.ID, k.last().Actor, "another presenter is recorded at once")
	_, err = k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.Download)
	require.ErrorIs(t, err, video.ErrTicketExpired)
	assert.Equal(t, "download", k.last().Details["action"], "another action is recorded at once")
	require.Len(t, k.videoEvents(), before+3)

	k.Clock.Advance(59 * time.Minute)
	_, err = k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
	require.ErrorIs(t, err, video.ErrTicketExpired)
	require.Len(t, k.videoEvents(), before+3, "still inside the interval")
	k.Clock.Advance(time.Minute)
	_, err = k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
	require.ErrorIs(t, err, video.ErrTicketExpired)
	require.Len(t, k.videoEvents(), before+4)
	assert.Equal(t, "50", k.last().Details["unrecorded_refusals"], "49 in the first interval and one in the second were left out")
	k.VerifyAudit()
}

func TestCheckUse(t *testing.T) {
	for _, tt := range []struct {
		action video.Action
		count  int64
		want   video.Reason
	}{
		{video.Download, 0, video.ReasonNone},
		{video.Download, 1, video.ReasonTicketUsed},
		{video.Download, 7, video.ReasonTicketUsed},
		{video.View, 0, video.ReasonNone},
		{video.View, video.MaxViewTicketUses - 1, video.ReasonNone},
		{video.View, video.MaxViewTicketUses, video.ReasonTicketUsed},
	} {
		got := video.CheckUse(tt.action, video.TicketTally{Count: tt.count})
		assert.Equal(t, tt.want, got, "%s after %d", tt.action, tt.count)
	}
}

func TestTallyRefusal(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const every = 10 * time.Minute
	for _, tt := range []struct {
		name       string
		in         video.TicketTally
		now        time.Time
		record     bool
		unrecorded int64
		next       video.TicketTally
	}{
		{"first is recorded", video.TicketTally{}, t0, true, 0, video.TicketTally{Count: 1, RecordedAt: t0}},
		{"inside the interval is counted", video.TicketTally{Count: 1, RecordedAt: t0}, t0.Add(every - time.Microsecond), false, 0,
			video.TicketTally{Count: 2, RecordedAt: t0, Unrecorded: 1}},
		{"at the interval is recorded", video.TicketTally{Count: 4, RecordedAt: t0, Unrecorded: 3}, t0.Add(every), true, 3,
			video.TicketTally{Count: 5, RecordedAt: t0.Add(every)}},
		{"a clock set back counts", video.TicketTally{Count: 1, RecordedAt: t0}, t0.Add(-time.Hour), false, 0,
			video.TicketTally{Count: 2, RecordedAt: t0, Unrecorded: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			next, record, unrecorded := video.TallyRefusal(tt.in, tt.now, every)
			assert.Equal(t, tt.record, record)
			assert.Equal(t, tt.unrecorded, unrecorded)
			assert.Equal(t, tt.next, next)
		})
	}
}

func TestRefusalIntervalConfig(t *testing.T) {
	k := newKit(t)
	for _, d := range []time.Duration{-time.Second, time.Millisecond, 25 * time.Hour} {
		_, err := video.NewService(k.Store.Video(), video.Config{Tickets: testTickets(), RefusalInterval: d})
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", d)
		assert.True(t, carenet.Validation(err).Has("RefusalInterval", carenet.RuleRange))
	}
}
