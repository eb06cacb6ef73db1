package video_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

var (
	t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	// grantee is a video portal user.
	grantee = &auth.Principal{PersonID: "p-grantee", Portal: portal.Compute(portal.Facts{
		HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true,
		Access: portal.Access{Enabled: true, Video: true},
	})}
)

// pureShare is an active share of the grantee from t0 for ten days.
func pureShare(mode video.Mode) video.Share {
	return video.Share{
		ID: "s-1", VideoID: "v-1", GranteeID: grantee.PersonID, SharedBy: "p-staff", Mode: mode,
		StartsAt: t0, ExpiresAt: t0.Add(10 * 24 * time.Hour), CreatedAt: t0, UpdatedAt: t0, Version: 1,
	}
}

func TestDecide(t *testing.T) {
	revoked := pureShare(video.ViewAndDownload)
	revoked.RevokedAt = &t0
	scheduled := pureShare(video.ViewAndDownload)
	scheduled.StartsAt = t0.Add(time.Hour)
	other := *grantee
	other.PersonID = "p-other"
	noVideo := *grantee
	noVideo.Portal = portal.Compute(portal.Facts{HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true, Access: portal.Access{Enabled: true, Referral: portal.ReferralBoth}})
	deactivated := *grantee
	deactivated.Portal = portal.Compute(portal.Facts{HasLogin: true, PersonActive: false, AccountActive: false, Access: portal.Access{Enabled: true, Video: true}})
	anonymous := *grantee
	anonymous.PersonID = ""
	unnamed := pureShare(video.ViewAndDownload)
	unnamed.GranteeID = ""
	end := t0.Add(10 * 24 * time.Hour)

	tests := []struct {
		name   string
		p      *auth.Principal
		s      video.Share
		action video.Action
		now    time.Time
		want   video.Reason
	}{
		{"view-only share: view", grantee, pureShare(video.ViewOnly), video.View, t0, video.ReasonNone},
		{"view-only share: download", grantee, pureShare(video.ViewOnly), video.Download, t0, video.ReasonViewOnly},
		{"download share: view", grantee, pureShare(video.ViewAndDownload), video.View, t0, video.ReasonNone},
		{"download share: download", grantee, pureShare(video.ViewAndDownload), video.Download, t0, video.ReasonNone},
		{"last moment", grantee, pureShare(video.ViewOnly), video.View, end.Add(-time.Microsecond), video.ReasonNone},
		{"expired at the expiry", grantee, pureShare(video.ViewOnly), video.View, end, video.ReasonExpired},
		{"expired after", grantee, pureShare(video.ViewAndDownload), video.Download, end.Add(time.Hour), video.ReasonExpired},
		{"revoked", grantee, revoked, video.View, t0, video.ReasonRevoked},
		{"revoked wins over not started", grantee, func() video.Share { s := scheduled; s.RevokedAt = &t0; return s }(), video.View, t0, video.ReasonRevoked},
		{"not started", grantee, scheduled, video.View, t0, video.ReasonNotStarted},
		{"started", grantee, scheduled, video.View, t0.Add(time.Hour), video.ReasonNone},
		{"no principal", nil, pureShare(video.ViewOnly), video.View, t0, video.ReasonUnauthenticated},
		{"another user", &other, pureShare(video.ViewOnly), video.View, t0, video.ReasonNotGrantee},
		{"another user, revoked share: nothing revealed", &other, revoked, video.View, t0, video.ReasonNotGrantee},
		{"principal without a person", &anonymous, unnamed, video.View, t0, video.ReasonNotGrantee},
		{"video portal access off", &noVideo, pureShare(video.ViewOnly), video.View, t0, video.ReasonNoVideoAccess},
		{"deactivated grantee", &deactivated, pureShare(video.ViewOnly), video.View, t0, video.ReasonNoVideoAccess},
		{"no action", grantee, pureShare(video.ViewAndDownload), 0, t0, video.ReasonUnknownAction},
		{"unknown action", grantee, pureShare(video.ViewAndDownload), 9, t0, video.ReasonUnknownAction},
		{"unknown mode", grantee, pureShare("stream"), video.View, t0, video.ReasonViewOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := video.Decide(tt.p, tt.s, tt.action, tt.now)
			assert.Equal(t, tt.want, d.Reason, "reason %s", d.Reason)
			assert.Equal(t, tt.want == video.ReasonNone, d.Allowed)
			if d.Allowed {
				assert.NoError(t, d.Err())
			} else {
				assert.Error(t, d.Err())
			}
		})
	}
}

func TestDecisionErr(t *testing.T) {
	tests := []struct {
		r       video.Reason
		code    carenet.Code
		message string
	}{
		{video.ReasonUnauthenticated, carenet.Unauthenticated, "authentication required"},
		{video.ReasonNotGrantee, carenet.NotFound, "video share not found"},
		{video.ReasonNotFound, carenet.NotFound, "video share not found"},
		{video.ReasonNoVideoAccess, carenet.Forbidden, "you do not have Video Portal Access"},
		{video.ReasonRevoked, carenet.Forbidden, "this video share was revoked"},
		{video.ReasonNotStarted, carenet.Forbidden, "this video share has not started yet"},
		{video.ReasonExpired, carenet.Forbidden, "this video share has expired"},
		{video.ReasonViewOnly, carenet.Forbidden, "this video was shared for viewing only; it cannot be downloaded"},
		{video.ReasonUnknownAction, carenet.Invalid, "unknown video action"},
		{video.ReasonAgreementRequired, carenet.Invalid, "accept the viewer agreement before viewing or downloading"},
		{video.ReasonTicketExpired, carenet.Unauthenticated, "the video access ticket has expired; open the video again"},
		{video.ReasonTicketWrongAction, carenet.Forbidden, "the video access ticket is for another action"},
		{video.ReasonTicketWrongUser, carenet.Forbidden, "the video access ticket belongs to another user"},
		{video.ReasonTicketUsed, carenet.Unauthenticated, "the video access ticket was already used; open the video again"},
		{video.Reason(200), carenet.Forbidden, "access to this video is denied"},
	}
	for _, tt := range tests {
		t.Run(tt.r.String(), func(t *testing.T) {
			err := video.Decision{Reason: tt.r}.Err()
			assert.Equal(t, tt.code, carenet.ErrorCode(err))
			assert.Equal(t, tt.message, carenet.ErrorMessage(err))
		})
	}
	t.Run("not the grantee is the missing-share error", func(t *testing.T) {
		a := video.Decision{Reason: video.ReasonNotGrantee}.Err()
		b := video.Decision{Reason: video.ReasonNotFound}.Err()
		assert.Equal(t, a.Error(), b.Error())
		assert.ErrorIs(t, a, video.ErrShareNotFound)
	})
	t.Run("agreement names the field", func(t *testing.T) {
		err := video.Decision{Reason: video.ReasonAgreementRequired}.Err()
		assert.True(t, carenet.Validation(err).Has("agreement", video.RuleAgreementRequired))
	})
}

func TestReasonNames(t *testing.T) {
	seen := map[string]bool{}
	for r := video.ReasonNone; r <= video.ReasonTicketUsed; r++ {
		name := r.String()
		require.NotEqual(t, "unknown", name, "reason %d has no name", r)
		require.False(t, seen[name], "name %q used twice", name)
		seen[name] = true
	}
	assert.Equal(t, "unknown", video.Reason(250).String())
}

func TestDecideDoesNotAllocate(t *testing.T) {
	s := pureShare(video.ViewOnly)
	var ok, denied video.Decision
	allocs := testing.AllocsPerRun(100, func() {
		ok = video.Decide(grantee, s, video.View, t0)
		denied = video.Decide(grantee, s, video.Download, t0)
		_ = denied.Err()
	})
	assert.Zero(t, allocs)
	assert.True(t, ok.Allowed)
	assert.False(t, denied.Allowed)
}

func TestShareState(t *testing.T) {
	s := pureShare(video.ViewOnly)
	s.StartsAt = t0.Add(time.Hour)
	s.ExpiresAt = t0.Add(2 * time.Hour)
	assert.Equal(t, video.Scheduled, s.State(t0))
	assert.True(t, s.Current(t0))
	assert.Equal(t, video.Active, s.State(t0.Add(time.Hour)))
	assert.Equal(t, video.Expired, s.State(t0.Add(2*time.Hour)))
	assert.False(t, s.Current(t0.Add(2*time.Hour)))
	assert.False(t, s.Opened())
	s.OpenedAt = &t0
	assert.True(t, s.Opened())
	s.RevokedAt = &t0
	for _, now := range []time.Time{t0, t0.Add(time.Hour), t0.Add(3 * time.Hour)} {
		assert.Equal(t, video.Revoked, s.State(now))
		assert.False(t, s.Current(now))
	}
}

func TestModeAndAction(t *testing.T) {
	assert.True(t, video.ViewOnly.Allows(video.View))
	assert.False(t, video.ViewOnly.Allows(video.Download))
	assert.True(t, video.ViewAndDownload.Allows(video.View))
	assert.True(t, video.ViewAndDownload.Allows(video.Download))
	assert.False(t, video.ViewAndDownload.Allows(0))
	assert.False(t, video.Mode("").Valid())
	for _, a := range []video.Action{video.View, video.Download} {
		got, err := video.ParseAction(a.String())
		require.NoError(t, err)
		assert.Equal(t, a, got)
	}
	_, err := video.ParseAction("stream")
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.Equal(t, "unknown", video.Action(0).String())
}

func TestErrShareNotFoundIsShared(t *testing.T) {
	var e *carenet.Error
	require.True(t, errors.As(video.ErrShareNotFound, &e))
	assert.Equal(t, carenet.NotFound, e.Code)
}
