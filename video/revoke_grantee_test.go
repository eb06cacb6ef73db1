package video_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

// TestRevokeGranteeSharesEndsEveryLiveShare: every share Val holds that is
// active or scheduled is revoked in the caller's transaction, each
// recorded, and neither it nor a ticket issued for it works again; shares
// already over and other people's are left as they are.
func TestRevokeGranteeSharesEndsEveryLiveShare(t *testing.T) {
	k := newKit(t)
	now := k.Clock.Now()
	active := k.share(k.Val.ID, video.ViewAndDownload)
	second := k.upload("client-2", "Second")
	scheduled, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: second.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly,
		StartsAt: now.Add(time.Hour), ExpiresAt: now.Add(48 * time.Hour)})
	require.NoError(t, err)
	third := k.upload("client-3", "Third")
	expired, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: third.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly, ExpiresAt: now.Add(time.Minute)})
	require.NoError(t, err)
	fourth := k.upload("client-4", "Fourth")
	revoked, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: fourth.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly})
	require.NoError(t, err)
	_, err = k.Video.Revoke(k.Ctx, k.Admin.Principal, revoked.ID, "earlier")
	require.NoError(t, err)
	wes := k.share(k.Wes.ID, video.ViewOnly)
	ticket, err := k.access(k.ValP, active.ID, video.Download)
	require.NoError(t, err)
	k.Clock.Advance(2 * time.Minute)

	var got []video.Share
	require.NoError(t, k.Store.Video().Update(k.Ctx, func(tx video.Tx) (err error) {
		got, err = k.Video.RevokeGranteeShares(k.Ctx, tx, k.Admin.ID(), k.Val.ID, "grantee deactivated")
		return err
	}))
	require.Len(t, got, 2)
	assert.Equal(t, []string{active.ID, scheduled.ID}, []string{got[0].ID, got[1].ID})
	for _, sh := range got {
		require.NotNil(t, sh.RevokedAt)
		assert.Equal(t, k.Clock.Now(), *sh.RevokedAt)
		assert.Equal(t, k.Admin.ID(), sh.RevokedBy)
		assert.Equal(t, "grantee deactivated", sh.RevokeReason)
	}
	assert.Equal(t, auditEvent{Action: string(video.EventShareRevoked), Actor: k.Admin.ID(), Details: map[string]string{
		"share": active.ID, "grantee": k.Val.ID, "state_before": "active", "reason": "grantee deactivated",
	}}, k.last(), "recorded against the video")

	_, err = k.access(k.ValP, active.ID, video.View)
	assert.Equal(t, video.ReasonRevoked, video.ReasonOf(err))
	_, err = k.Video.VerifyTicket(k.Ctx, ticket.Ticket, video.Download)
	assert.Equal(t, video.ReasonRevoked, video.ReasonOf(err), "the ticket issued before stops")
	mine, err := k.Video.MyVideos(k.Ctx, k.ValP)
	require.NoError(t, err)
	assert.Empty(t, mine)
	for _, sh := range []video.Share{expired, revoked} {
		all, err := k.Video.Shares(k.Ctx, k.Admin.Principal, sh.VideoID)
		require.NoError(t, err)
		require.Len(t, all, 1)
		assert.Equal(t, sh.Version+boolInt(sh.ID == revoked.ID), all[0].Version, "left as it was")
	}
	_, err = k.access(k.WesP, wes.ID, video.View)
	assert.NoError(t, err, "another grantee's share still works")

	// Nothing left: a second call revokes nothing.
	require.NoError(t, k.Store.Video().Update(k.Ctx, func(tx video.Tx) (err error) {
		got, err = k.Video.RevokeGranteeShares(k.Ctx, tx, k.Admin.ID(), k.Val.ID, "")
		return err
	}))
	assert.Empty(t, got)
	k.VerifyAudit()
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// TestRevokeGranteeSharesIsTheCallersTransaction: when the caller's
// transaction fails after the call, no share is revoked and nothing is
// recorded.
func TestRevokeGranteeSharesIsTheCallersTransaction(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewOnly)
	before := len(k.Events("", ""))
	errLater := errors.New("the deactivation failed later")
	err := k.Store.Video().Update(k.Ctx, func(tx video.Tx) error {
		got, err := k.Video.RevokeGranteeShares(k.Ctx, tx, k.Admin.ID(), k.Val.ID, "grantee deactivated")
		require.NoError(t, err)
		require.Len(t, got, 1)
		return errLater
	})
	require.ErrorIs(t, err, errLater)
	assert.Len(t, k.Events("", ""), before)
	_, err = k.access(k.ValP, s.ID, video.View)
	assert.NoError(t, err, "the share still works")
}

func TestRevokeGranteeSharesInput(t *testing.T) {
	k := newKit(t)
	s := k.share(k.Val.ID, video.ViewOnly)
	before := len(k.Events("", ""))
	for field, call := range map[string]func(tx video.Tx) error{
		"reason": func(tx video.Tx) error {
			_, err := k.Video.RevokeGranteeShares(k.Ctx, tx, k.Admin.ID(), k.Val.ID, strings.Repeat("r", video.MaxReasonLength+1))
			return err
		},
		"grantee_id": func(tx video.Tx) error {
			_, err := k.Video.RevokeGranteeShares(k.Ctx, tx, k.Admin.ID(), "", "")
			return err
		},
	} {
		err := k.Store.Video().Update(k.Ctx, call)
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), field)
		assert.Equal(t, field, carenet.Validation(err).Problems[0].Field)
	}
	assert.Len(t, k.Events("", ""), before)
	_, err := k.access(k.ValP, s.ID, video.View)
	assert.NoError(t, err)
}
