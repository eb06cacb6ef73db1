package video_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

func TestVideoReadsAreLoggedByDefault(t *testing.T) {
	k := newKit(t)
	sh := k.share(k.Val.ID, video.ViewOnly)

	_, err := k.Video.Get(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	k.RequireRead(audit.EventVideoRead, 0, k.Admin.Principal.PersonID, audit.TargetVideo, k.V.ID)

	mine, err := k.Video.MyVideos(k.Ctx, k.ValP)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	require.Equal(t, sh.ID, mine[0].Share.ID)
	k.RequireRead(audit.EventMyVideosRead, 0, k.Val.ID, audit.TargetPerson, k.Val.ID)

	custody, err := k.Video.Custody(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	k.RequireRead(audit.EventCustodyRead, 0, k.Admin.Principal.PersonID, audit.TargetVideo, k.V.ID)
	for _, e := range custody {
		require.False(t, audit.IsRead(e.Action), "a chain of custody holds no access event: %s", e.Action)
	}
	again, err := k.Video.Custody(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	require.Equal(t, len(custody), len(again), "reading the report does not change it")
	k.RequireRead(audit.EventCustodyRead, 1, k.Admin.Principal.PersonID, audit.TargetVideo, k.V.ID)
}

func TestVideoReadsTurnedOffAreNotLogged(t *testing.T) {
	k := newKit(t, func(c *video.Config) {
		c.LogReads = audit.DefaultReads &^ (audit.ReadVideo | audit.ReadMyVideos | audit.ReadCustody)
	})
	k.share(k.Val.ID, video.ViewOnly)
	_, err := k.Video.Get(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	_, err = k.Video.MyVideos(k.Ctx, k.ValP)
	require.NoError(t, err)
	_, err = k.Video.Custody(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	for _, a := range []audit.Action{audit.EventVideoRead, audit.EventMyVideosRead, audit.EventCustodyRead} {
		require.Empty(t, k.Reads(a), "%s is off", a)
	}
}

func TestVideoRefusedReadsAreNotLoggedAsAccess(t *testing.T) {
	k := newKit(t)
	nobody := &auth.Principal{PersonID: "p-nobody"}
	_, err := k.Video.Get(k.Ctx, nobody, k.V.ID)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Video.Get(k.Ctx, k.Admin.Principal, "v-unknown")
	require.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	_, err = k.Video.MyVideos(k.Ctx, nobody)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Video.Custody(k.Ctx, nobody, k.V.ID)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Video.Custody(k.Ctx, k.Admin.Principal, "v-unknown")
	require.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	for _, a := range []audit.Action{audit.EventVideoRead, audit.EventMyVideosRead, audit.EventCustodyRead} {
		require.Empty(t, k.Reads(a), "a refused read disclosed nothing: no %s", a)
	}
}
