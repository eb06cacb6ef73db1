package video_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/video"
)

func TestVerifyTicketInService(t *testing.T) {
	k := newKit(t)
	s, acc := k.valTicket(video.ViewOnly, video.View)

	r, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
	require.NoError(t, err)
	assert.Equal(t, k.V, r.Video, "the proxy gets the storage key")
	assert.Equal(t, acc.Claims, r.Claims)
	events := len(k.videoEvents())

	t.Run("tampered: refused, not audited", func(t *testing.T) {
		_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket[:len(acc.Ticket)-2]+"AA", video.View)
		assert.ErrorIs(t, err, video.ErrTicketSignature)
		assert.Len(t, k.videoEvents(), events)
	})
	t.Run("wrong action: refused and audited", func(t *testing.T) {
		_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.Download)
		assert.ErrorIs(t, err, video.ErrTicketWrongAction)
		assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Val.ID, Details: map[string]string{
			"share": s.ID, "grantee": k.Val.ID, "action": "download", "reason": "ticket_wrong_action", "ticket": acc.Claims.TicketID,
		}}, k.last())
	})
	t.Run("revoked after the ticket was issued", func(t *testing.T) {
		_, err := k.Video.Revoke(k.Ctx, k.Admin.Principal, s.ID, "")
		require.NoError(t, err)
		_, err = k.Ticketer().Verify(acc.Ticket, video.View, k.Clock.Now())
		require.NoError(t, err, "the ticket alone still verifies until it expires")
		_, err = k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
		require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
		assert.Equal(t, "revoked", k.last().Details["reason"])
	})
	t.Run("expired", func(t *testing.T) {
		k.Clock.Advance(5 * time.Minute)
		_, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
		assert.ErrorIs(t, err, video.ErrTicketExpired)
		assert.Equal(t, "ticket_expired", k.last().Details["reason"])
	})
}

// Ticketer is the kit's ticket verifier.
func (k *kit) Ticketer() *video.Ticketer { return k.Video.Ticketer() }

func TestTicketEndsWithTheShare(t *testing.T) {
	k := newKit(t)
	now := k.Clock.Now()
	s, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, ExpiresAt: now.Add(2 * time.Minute)})
	require.NoError(t, err)
	acc, err := k.access(k.ValP, s.ID, video.View)
	require.NoError(t, err)
	assert.Equal(t, now.Add(2*time.Minute), acc.Claims.ExpiresAt)
}

// lastEvent is the last event of the whole audit log.
func lastEvent(k *kit) audit.Event {
	k.T.Helper()
	ev := k.Events("", "")
	return ev[len(ev)-1]
}

// TestVerifyTicketForAnotherUser replays Val's ticket as Wes through a
// handler that knows who is asking: refused as another user's ticket,
// whatever else is true of it, and audited with Wes as the actor.
func TestVerifyTicketForAnotherUser(t *testing.T) {
	k := newKit(t)
	s, acc := k.valTicket(video.ViewOnly, video.View)

	r, err := k.Video.VerifyTicketFor(k.Ctx, k.ValP, acc.Ticket, video.View)
	require.NoError(t, err, "the grantee's own ticket")
	assert.Equal(t, k.V, r.Video)
	events := len(k.videoEvents())

	for name, want := range map[string]video.Action{"same action": video.View, "another action too": video.Download} {
		t.Run(name, func(t *testing.T) {
			_, err := k.Video.VerifyTicketFor(k.Ctx, k.WesP, acc.Ticket, want)
			require.ErrorIs(t, err, video.ErrTicketWrongUser)
			assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
			assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Wes.ID, Details: map[string]string{
				"share": s.ID, "grantee": k.Val.ID, "action": want.String(), "reason": "ticket_wrong_user", "ticket": acc.Claims.TicketID,
			}}, k.last())
		})
	}
	assert.Len(t, k.videoEvents(), events+2)

	_, err = k.Video.VerifyTicketFor(k.Ctx, nil, acc.Ticket, video.View)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	_, err = k.Video.VerifyTicketFor(k.Ctx, k.WesP, acc.Ticket[:len(acc.Ticket)-3], video.View)
	assert.ErrorIs(t, err, video.ErrTicketMalformed, "a truncated ticket says nothing of whose it was")
	assert.Len(t, k.videoEvents(), events+2, "neither is audited")

	k.Clock.Advance(10 * time.Minute)
	_, err = k.Video.VerifyTicketFor(k.Ctx, k.WesP, acc.Ticket, video.View)
	assert.ErrorIs(t, err, video.ErrTicketWrongUser, "expired or not, it is not Wes's")
	_, err = k.Video.VerifyTicketFor(k.Ctx, k.ValP, acc.Ticket, video.View)
	assert.ErrorIs(t, err, video.ErrTicketExpired)
	assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Val.ID, Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "action": "view", "reason": "ticket_expired", "ticket": acc.Claims.TicketID,
	}}, k.last())
	k.VerifyAudit()
}
