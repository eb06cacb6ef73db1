package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/video"
)

// TestCustodyListsEventsNotSealedYet: with no sealer running, a share made
// just now is in the video's chain of custody at once, after the sealed
// events, unsealed; once sealed, the report holds the same events in the
// same order, each with its place in the chain.
func TestCustodyListsEventsNotSealedYet(t *testing.T) {
	s, _ := freshStore(t, postgres.WithBackgroundSealer(false))
	svc := videoService(t, s)
	staff, _ := user(t, s, "custodystaff")
	_, gp := videoPortalUser(t, s, "custodygrantee")
	uploader := &auth.Principal{PersonID: staff.ID, Permissions: auth.NewPermissionSet(auth.ManageVideos)}
	v := testVideo("", "client-1", staff.ID)
	up, err := svc.RecordUpload(ctx, uploader, video.NewVideo{ClientID: v.ClientID, Title: v.Title, RecordedAt: v.RecordedAt,
		Duration: v.Duration, SizeBytes: v.SizeBytes, ContentType: v.ContentType, SHA256: v.SHA256, StorageKey: v.StorageKey})
	require.NoError(t, err)
	_, err = s.Seal(ctx)
	require.NoError(t, err)
	sh, err := svc.Share(ctx, sharer(staff.ID), video.NewShare{VideoID: up.ID, GranteeID: gp.PersonID, Mode: video.ViewOnly})
	require.NoError(t, err)

	before, err := svc.Custody(ctx, sharer(staff.ID), up.ID)
	require.NoError(t, err)
	require.Len(t, before, 2, "the upload, sealed, and the share made just now")
	require.Equal(t, video.EventRecorded, before[0].Action)
	require.True(t, before[0].Sealed())
	require.Equal(t, video.EventShared, before[1].Action)
	require.Equal(t, sh.ID, before[1].Details[video.DetailShare])
	require.False(t, before[1].Sealed(), "no sealer ran: the share is not in the chain yet")
	require.Empty(t, before[1].PrevHash+before[1].Hash)

	_, err = s.Seal(ctx)
	require.NoError(t, err)
	after, err := svc.Custody(ctx, sharer(staff.ID), up.ID)
	require.NoError(t, err)
	require.Len(t, after, 2)
	for i, e := range after {
		require.Equal(t, before[i].ID, e.ID, "event %d", i)
		require.True(t, e.Sealed(), "event %d", i)
	}
	_, err = audit.Verify(after)
	require.NoError(t, err, "the report is the whole chain: upload, then share")
}
