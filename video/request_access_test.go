package video_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

func TestViewOnlyShare(t *testing.T) {
	k := newKit(t)
	s, acc := k.valTicket(video.ViewOnly, video.View)
	assert.True(t, acc.FirstOpen)
	assert.Equal(t, k.V.Info(), acc.Video)
	assert.Equal(t, video.Claims{TicketID: acc.Claims.TicketID, ShareID: s.ID, VideoID: k.V.ID, GranteeID: k.Val.ID,
		Action: video.View, ExpiresAt: k.Clock.Now().Add(5 * time.Minute), KeyID: "k1"}, acc.Claims)
	assert.Equal(t, auditEvent{Action: string(video.EventViewed), Actor: k.Val.ID, Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "action": "view", "ticket": acc.Claims.TicketID,
		"expires_at": "2026-03-02T09:05:00Z", "first_open": "true",
	}}, k.last())

	_, err := k.access(k.ValP, s.ID, video.Download)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Equal(t, "this video was shared for viewing only; it cannot be downloaded", carenet.ErrorMessage(err))
	assert.Equal(t, video.ReasonViewOnly, video.ReasonOf(err))
	assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Val.ID, Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "action": "download", "reason": "view_only",
	}}, k.last())

	k.Clock.Advance(time.Minute)
	again, err := k.access(k.ValP, s.ID, video.View)
	require.NoError(t, err)
	assert.False(t, again.FirstOpen)
	assert.NotEqual(t, acc.Ticket, again.Ticket)
	list, err := k.Video.Shares(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), *list[0].OpenedAt, "opened at the first view")
	k.VerifyAudit()
}

func TestDownloadShare(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewAndDownload)
	for _, a := range []video.Action{video.Download, video.View} {
		acc, err := k.access(k.ValP, s.ID, a)
		require.NoError(t, err, a)
		assert.Equal(t, a, acc.Claims.Action)
		_, err = k.Video.Ticketer().VerifyFor(acc.Ticket, a, k.Val.ID, k.Clock.Now())
		assert.NoError(t, err)
	}
	actions := k.Actions(audit.TargetVideo, k.V.ID)
	assert.Equal(t, []string{"video.recorded", "video.shared", "video.downloaded", "video.viewed"}, strs(actions))
}

func strs[S ~string](in []S) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = string(s)
	}
	return out
}

func TestAccessOutsideTheWindow(t *testing.T) {
	k := newKit(t)
	now := k.Clock.Now()
	s, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload,
		StartsAt: now.Add(day), ExpiresAt: now.Add(3 * day)})
	require.NoError(t, err)

	_, err = k.access(k.ValP, s.ID, video.View)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Equal(t, "this video share has not started yet", carenet.ErrorMessage(err))
	assert.Equal(t, "not_started", k.last().Details["reason"])

	k.Clock.Advance(day)
	_, err = k.access(k.ValP, s.ID, video.View)
	require.NoError(t, err)

	k.Clock.Advance(2 * day)
	_, err = k.access(k.ValP, s.ID, video.Download)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Equal(t, "this video share has expired", carenet.ErrorMessage(err))
	assert.Equal(t, "expired", k.last().Details["reason"])
}

func TestAccessRevoked(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewAndDownload)
	_, err := k.Video.Revoke(k.Ctx, k.Admin.Principal, s.ID, "sent in error")
	require.NoError(t, err)

	_, err = k.access(k.ValP, s.ID, video.View)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Equal(t, "this video share was revoked", carenet.ErrorMessage(err))
	assert.Equal(t, "revoked", k.last().Details["reason"])
}

func TestAccessDeactivatedGrantee(t *testing.T) {
	// Without the deactivate hook that revokes the person's shares, so the
	// share is still live when the video service decides.
	k := newKitWith(t, []carenettest.Option{carenettest.WithoutShareRevocation()})
	s := k.share(k.Val.ID, video.ViewAndDownload)
	stale := k.ValP // built before the deactivation

	_, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "left the agency")
	require.NoError(t, err)

	_, err = k.Auth.Authenticate(k.Ctx, k.ValTok)
	require.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err), "the session no longer authenticates")

	_, err = k.access(stale, s.ID, video.View)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "a principal built before the deactivation is refused too")
	assert.Equal(t, "you do not have Video Portal Access", carenet.ErrorMessage(err))
	assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Val.ID, Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "action": "view", "reason": "no_video_access",
	}}, k.last())
}

func TestAccessPortalRemoved(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewAndDownload)
	stale := k.ValP

	// Video Portal Access off, the rest of the portal on.
	_, err := k.Personnel.SetPortalAccess(k.Ctx, k.Admin.Principal, k.Val.ID, portal.Access{Enabled: true, Referral: portal.ReferralBoth})
	require.NoError(t, err)
	fresh, err := k.Auth.Authenticate(k.Ctx, k.ValTok)
	require.NoError(t, err)
	assert.False(t, fresh.Portal.Has(portal.ViewSharedVideos))

	for name, p := range map[string]*auth.Principal{"re-authenticated": fresh, "stale": stale} {
		t.Run(name, func(t *testing.T) {
			_, err := k.access(p, s.ID, video.View)
			require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
			assert.Equal(t, "no_video_access", k.last().Details["reason"])
		})
	}
	_, err = k.Video.MyVideos(k.Ctx, fresh)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "no My Videos")

	// The whole portal off.
	_, err = k.Personnel.SetPortalAccess(k.Ctx, k.Admin.Principal, k.Val.ID, portal.Access{})
	require.NoError(t, err)
	fresh, err = k.Auth.Authenticate(k.Ctx, k.ValTok)
	require.NoError(t, err)
	_, err = k.access(fresh, s.ID, video.Download)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))

	// Back on: the share works again.
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, k.Val.ID, portal.VideoOnly)
	require.NoError(t, err)
	fresh, err = k.Auth.Authenticate(k.Ctx, k.ValTok)
	require.NoError(t, err)
	_, err = k.access(fresh, s.ID, video.Download)
	require.NoError(t, err)
}

func TestOtherUsersShares(t *testing.T) {
	k := newKit(t)
	valShare := k.share(k.Val.ID, video.ViewAndDownload)
	revoked := k.share(k.Wes.ID, video.ViewOnly)
	_, err := k.Video.Revoke(k.Ctx, k.Admin.Principal, revoked.ID, "")
	require.NoError(t, err)

	_, missing := k.access(k.WesP, "s-does-not-exist", video.View)
	require.Equal(t, carenet.NotFound, carenet.ErrorCode(missing))
	assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Wes.ID, Details: map[string]string{
		"share": "s-does-not-exist", "action": "view", "reason": "not_found",
	}}, auditOf(lastEvent(k)), "an attempt on no share is audited")
	assert.Empty(t, lastEvent(k).TargetID, "with no video")

	for _, a := range []video.Action{video.View, video.Download} {
		_, err := k.access(k.WesP, valShare.ID, a)
		require.Equal(t, missing.Error(), err.Error(), "another user's share is indistinguishable from a missing one")
		assert.Equal(t, carenet.ErrorMessage(missing), carenet.ErrorMessage(err))
		assert.ErrorIs(t, err, video.ErrShareNotFound)
		assert.Equal(t, auditEvent{Action: string(video.EventAccessDenied), Actor: k.Wes.ID, Details: map[string]string{
			"share": valShare.ID, "grantee": k.Val.ID, "action": a.String(), "reason": "not_grantee",
		}}, k.last())
	}
	// Even a revoked share of Wes's says nothing to Val but "not found".
	_, err = k.access(k.ValP, revoked.ID, video.View)
	assert.ErrorIs(t, err, video.ErrShareNotFound)

	wes, err := k.Video.MyVideos(k.Ctx, k.WesP)
	require.NoError(t, err)
	assert.Empty(t, wes, "Wes sees none of Val's shares")

	// A ticket of Val's is not Wes's.
	acc, err := k.access(k.ValP, valShare.ID, video.View)
	require.NoError(t, err)
	_, err = k.Video.Ticketer().VerifyFor(acc.Ticket, video.View, k.Wes.ID, k.Clock.Now())
	assert.ErrorIs(t, err, video.ErrTicketWrongUser)
	r, err := k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
	require.NoError(t, err)
	assert.Equal(t, k.Val.ID, r.Claims.GranteeID, "the caller compares the grantee with who is asking")
}

func TestAccessInput(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewOnly)
	before := len(k.videoEvents())

	_, err := k.access(nil, s.ID, video.View)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	_, err = k.access(k.ValP, s.ID, 0)
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.True(t, carenet.Validation(err).Has("action", carenet.RuleOneOf))
	_, err = k.access(k.ValP, "", video.View)
	assert.True(t, carenet.Validation(err).Has("share_id", carenet.RuleRequired))
	assert.Len(t, k.videoEvents(), before, "malformed requests change nothing")
}

// TestAccessGranteePastEndDate: from a grantee's end date on, before any
// sweep marks them inactive, a ticket issued earlier no longer streams, a
// principal built earlier gets no new ticket, and no one can share with
// them.
func TestAccessGranteePastEndDate(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewAndDownload)
	stale := k.ValP

	end := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	prof, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Val.ID)
	require.NoError(t, err)
	_, err = k.Personnel.Edit(k.Ctx, k.Admin.Principal, k.Val.ID, prof.Version, personnel.Update{EndDate: &end})
	require.NoError(t, err)

	k.Clock.Set(end.Add(-2 * time.Minute))
	acc, err := k.access(stale, s.ID, video.View)
	require.NoError(t, err, "before the end date the share works")

	k.Clock.Set(end.Add(time.Minute))
	_, err = k.Ticketer().Verify(acc.Ticket, video.View, k.Clock.Now())
	require.NoError(t, err, "the ticket alone has not expired yet")
	_, err = k.Video.VerifyTicket(k.Ctx, acc.Ticket, video.View)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Equal(t, video.ReasonNoVideoAccess, video.ReasonOf(err))
	assert.Equal(t, "no_video_access", k.last().Details["reason"])

	_, err = k.access(stale, s.ID, video.Download)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "a principal built before the end date gets no ticket")
	assert.Equal(t, "no_video_access", k.last().Details["reason"])

	_, err = k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	v := carenet.Validation(err)
	require.NotNil(t, v)
	assert.True(t, v.Has("grantee_id", portal.RulePersonInactive), "%v", err)
	assert.Contains(t, v.Error(), "end date")
}
