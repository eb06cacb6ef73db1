package video_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

const day = 24 * time.Hour

func TestShareDefaults(t *testing.T) {
	k := newKit(t)
	s, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, Note: "For the\nmeeting."})
	require.NoError(t, err)
	assert.Equal(t, video.Share{
		ID: s.ID, VideoID: k.V.ID, GranteeID: k.Val.ID, SharedBy: k.Admin.ID(), Mode: video.ViewOnly, Note: "For the\nmeeting.",
		StartsAt: carenettest.Start, ExpiresAt: carenettest.Start.Add(10 * day), CreatedAt: carenettest.Start, UpdatedAt: carenettest.Start, Version: 1,
	}, s, "starts now and lasts ten days")
	assert.Equal(t, video.Active, s.State(k.Clock.Now()))
	assert.False(t, s.Opened())

	list, err := k.Video.Shares(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	assert.Equal(t, []video.Share{s}, list)

	assert.Equal(t, auditEvent{Action: string(video.EventShared), Actor: k.Admin.ID(), Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "mode": "view",
		"starts_at": "2026-03-02T09:00:00Z", "expires_at": "2026-03-12T09:00:00Z",
	}}, k.last())
}

func TestShareWindow(t *testing.T) {
	k := newKit(t, func(c *video.Config) { c.DefaultShareDuration = 3 * day; c.MaxShareDuration = 30 * day })
	now := carenettest.Start
	start := now.Add(2 * day)

	s, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload, StartsAt: start})
	require.NoError(t, err)
	assert.Equal(t, start, s.StartsAt)
	assert.Equal(t, start.Add(3*day), s.ExpiresAt, "the configured default")
	assert.Equal(t, video.Scheduled, s.State(now))

	s, err = k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Wes.ID, Mode: video.ViewOnly,
		StartsAt: now.Add(-time.Hour), ExpiresAt: now.Add(30 * day)})
	require.NoError(t, err)
	assert.Equal(t, now, s.StartsAt, "a start in the past means now")
	assert.Equal(t, now.Add(30*day), s.ExpiresAt, "exactly the maximum")
}

func TestShareRefusals(t *testing.T) {
	k := newKit(t)
	now := carenettest.Start
	contact := k.Person("Carl", "Contact", personnel.AgencyLawEnforcement)
	staff := k.User("Sam", "Staff", "sstaff", pw)
	referral := k.User("Rita", "Referrer", "rita", pw, auth.ReferralUserGroup)
	_, err := k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, referral.ID, portal.ReferralOnly)
	require.NoError(t, err)
	portalOff := k.User("Otto", "Off", "ottooff", pw, auth.ReferralUserGroup)
	_, err = k.Personnel.SetPortalAccess(k.Ctx, k.Admin.Principal, portalOff.ID, portal.Access{Video: true})
	require.NoError(t, err)
	inactive := k.portalUser("Ina", "Inactive", "inactive")
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, inactive.ID, "left")
	require.NoError(t, err)
	loginOff := k.portalUser("Lou", "LoginOff", "loginoff")
	// A login switched off while the person stays active.
	err = k.Store.Personnel().Update(k.Ctx, func(tx personnel.Tx) error {
		a, err := tx.Accounts().ByPerson(k.Ctx, loginOff.ID)
		if err != nil {
			return err
		}
		a.Active = false
		_, err = tx.Accounts().Update(k.Ctx, a)
		return err
	})
	require.NoError(t, err)

	share := func(grantee string) video.NewShare {
		return video.NewShare{VideoID: k.V.ID, GranteeID: grantee, Mode: video.ViewOnly}
	}
	tests := []struct {
		name  string
		in    video.NewShare
		field string
		rule  string
	}{
		{"unknown person", share("p-ghost"), "grantee_id", video.RuleUnknownPerson},
		{"contact without a login", share(contact.ID), "grantee_id", portal.RuleLoginRequired},
		{"full user without the portal", share(staff.ID), "grantee_id", video.RulePortalDisabled},
		{"referral-only portal user", share(referral.ID), "grantee_id", video.RuleVideoAccessDisabled},
		{"video switch on, portal off", share(portalOff.ID), "grantee_id", video.RulePortalDisabled},
		{"deactivated portal user", share(inactive.ID), "grantee_id", portal.RulePersonInactive},
		{"inactive login", share(loginOff.ID), "grantee_id", portal.RuleLoginInactive},
		{"no grantee", share(""), "grantee_id", carenet.RuleRequired},
		{"no mode", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID}, "mode", carenet.RuleRequired},
		{"unknown mode", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: "stream"}, "mode", carenet.RuleOneOf},
		{"expiry past the maximum", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, ExpiresAt: now.Add(365*day + time.Second)}, "expires_at", carenet.RuleRange},
		{"expiry past the maximum from a later start", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, StartsAt: now.Add(day), ExpiresAt: now.Add(366*day + time.Second)}, "expires_at", carenet.RuleRange},
		{"expiry before the start", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, StartsAt: now.Add(2 * day), ExpiresAt: now.Add(day)}, "expires_at", carenet.RuleOrder},
		{"expiry at the start", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, StartsAt: now.Add(2 * day), ExpiresAt: now.Add(2 * day)}, "expires_at", carenet.RuleOrder},
		{"expiry in the past", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, ExpiresAt: now.Add(-time.Hour)}, "expires_at", carenet.RuleOrder},
		{"start too far away", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, StartsAt: now.Add(366 * day)}, "starts_at", carenet.RuleRange},
		{"note with control characters", video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, Note: "a\x1bb"}, "note", carenet.RuleControlChars},
	}
	before := len(k.videoEvents())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := k.Video.Share(k.Ctx, k.Admin.Principal, tt.in)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
			assert.True(t, carenet.Validation(err).Has(tt.field, tt.rule), "%v", err)
		})
	}
	t.Run("missing video", func(t *testing.T) {
		_, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: "v-ghost", GranteeID: k.Val.ID, Mode: video.ViewOnly})
		require.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
		assert.Equal(t, "video not found", carenet.ErrorMessage(err))
	})
	t.Run("nothing changed", func(t *testing.T) {
		list, err := k.Video.Shares(k.Ctx, k.Admin.Principal, k.V.ID)
		require.NoError(t, err)
		assert.Empty(t, list)
		assert.Len(t, k.videoEvents(), before)
	})
	t.Run("the message says why", func(t *testing.T) {
		_, err := k.Video.Share(k.Ctx, k.Admin.Principal, share(referral.ID))
		assert.Equal(t, "grantee_id: the person does not have Video Portal Access", carenet.ErrorMessage(err))
	})
}

func TestShareTwice(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewOnly)
	_, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload})
	require.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
	assert.Equal(t, "the video is already shared with this person until 2026-03-12T09:00:00Z; extend or revoke that share instead", carenet.ErrorMessage(err))

	_, err = k.Video.Revoke(k.Ctx, k.Admin.Principal, s.ID, "")
	require.NoError(t, err)
	_, err = k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload})
	assert.NoError(t, err, "once revoked, the video may be shared again")
}

func TestRevoke(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewOnly)
	k.Clock.Advance(time.Hour)

	got, err := k.Video.Revoke(k.Ctx, k.Admin.Principal, s.ID, "case closed")
	require.NoError(t, err)
	now := k.Clock.Now()
	assert.Equal(t, video.Revoked, got.State(now))
	assert.Equal(t, now, *got.RevokedAt)
	assert.Equal(t, k.Admin.ID(), got.RevokedBy)
	assert.Equal(t, "case closed", got.RevokeReason)
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, auditEvent{Action: string(video.EventShareRevoked), Actor: k.Admin.ID(), Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "reason": "case closed", "state_before": "active",
	}}, k.last())

	_, err = k.Video.Revoke(k.Ctx, k.Admin.Principal, s.ID, "")
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "already revoked")
	_, err = k.Video.Revoke(k.Ctx, k.Admin.Principal, "s-ghost", "")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	_, err = k.Video.Revoke(k.Ctx, k.ValP, s.ID, "")
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "a grantee cannot revoke")
	_, err = k.Video.Extend(k.Ctx, k.Admin.Principal, s.ID, now.Add(day))
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "a revoked share cannot be extended")
}

func TestExtend(t *testing.T) {
	k := newKit(t, func(c *video.Config) { c.MaxShareDuration = 30 * day })
	s := k.share(k.Val.ID, video.ViewOnly)
	start := s.StartsAt

	got, err := k.Video.Extend(k.Ctx, k.Admin.Principal, s.ID, start.Add(20*day))
	require.NoError(t, err)
	assert.Equal(t, start.Add(20*day), got.ExpiresAt)
	assert.Equal(t, auditEvent{Action: string(video.EventShareExtended), Actor: k.Admin.ID(), Details: map[string]string{
		"share": s.ID, "grantee": k.Val.ID, "previous_expires_at": "2026-03-12T09:00:00Z", "expires_at": "2026-03-22T09:00:00Z",
	}}, k.last())

	for name, tt := range map[string]struct {
		at   time.Time
		rule string
	}{
		"past the maximum from the start": {start.Add(30*day + time.Second), carenet.RuleRange},
		"earlier than now":                {start.Add(10 * day), carenet.RuleOrder},
		"same expiry":                     {start.Add(20 * day), carenet.RuleOrder},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := k.Video.Extend(k.Ctx, k.Admin.Principal, s.ID, tt.at)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has("expires_at", tt.rule), "%v", err)
		})
	}

	// An expired share may be brought back within the maximum.
	k.Clock.Advance(25 * day)
	list, err := k.Video.MyVideos(k.Ctx, k.ValP)
	require.NoError(t, err)
	assert.Empty(t, list, "expired")
	_, err = k.Video.Extend(k.Ctx, k.Admin.Principal, s.ID, start.Add(24*day))
	assert.True(t, carenet.Validation(err).Has("expires_at", carenet.RuleRange), "an extension must be in the future: %v", err)
	got, err = k.Video.Extend(k.Ctx, k.Admin.Principal, s.ID, start.Add(30*day))
	require.NoError(t, err)
	assert.Equal(t, video.Active, got.State(k.Clock.Now()))
	_, err = k.access(k.ValP, s.ID, video.View)
	assert.NoError(t, err)

	_, err = k.Video.Extend(k.Ctx, k.ValP, s.ID, start.Add(30*day))
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
}
