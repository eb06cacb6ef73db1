package personnel_test

import (
	"context"
	"errors"
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

// videoKit is a Kit whose deactivations revoke video shares, with a video
// service, a recorded video and a video portal user, Val, who holds a
// share of it.
type videoKit struct {
	*carenettest.Env
	Video *video.Service
	V     video.Video
	Val   personnel.Profile
	Share video.Share
}

func newVideoKit(t *testing.T, opts ...carenettest.Option) *videoKit {
	t.Helper()
	k := &videoKit{Env: newKit(t, opts...)}
	var err error
	k.Video, err = video.NewService(k.Store.Video(), video.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("v"),
		Tickets: video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": []byte("personnel-test-ticket-key-32-byt")}}})
	require.NoError(t, err)
	k.Val = k.User("Val", "Viewer", "vviewer", pw, auth.ReferralUserGroup)
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, k.Val.ID, portal.VideoOnly)
	require.NoError(t, err)
	k.V, err = k.Video.RecordUpload(k.Ctx, k.Admin.Principal, video.NewVideo{ClientID: "client-1", CaseID: "case-1", Title: "Interview",
		RecordedAt: carenettest.Start.Add(-time.Hour), Duration: time.Hour, SizeBytes: 1 << 20, ContentType: "video/mp4",
		SHA256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", StorageKey: "videos/client-1.mp4"})
	require.NoError(t, err)
	k.Share, err = k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly})
	require.NoError(t, err)
	return k
}

// valViewTicket logs Val in and returns the ticket she is given to view
// her share; the test fails if it is refused.
func (k *videoKit) valViewTicket() string {
	k.T.Helper()
	access, err := k.Video.RequestAccess(k.Ctx, k.LoginAs("vviewer", pw).Principal, video.AccessRequest{ShareID: k.Share.ID, Action: video.View})
	require.NoError(k.T, err)
	return access.Ticket
}

// TestDeactivateRevokesEveryShareHeldAsGrantee: the deactivation revokes
// the grantee's shares in its own transaction, says so in its result and
// its audit event, and the ticket issued before stops working.
func TestDeactivateRevokesEveryShareHeldAsGrantee(t *testing.T) {
	k := newVideoKit(t)
	ticket := k.valViewTicket()

	d, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "left the office")
	require.NoError(t, err)
	assert.Equal(t, []personnel.Reference{{Kind: video.EndedSharesRevoked, Count: 1}}, d.Ended)
	assert.True(t, d.Changed())
	ev := k.Events(audit.TargetPerson, k.Val.ID)
	last := ev[len(ev)-1]
	assert.Equal(t, personnel.EventDeactivated, last.Action)
	assert.Equal(t, "video shares revoked: 1", last.Details["ended"])

	var sh []video.Share
	require.NoError(t, k.Store.Video().View(k.Ctx, func(tx video.Tx) (err error) {
		sh, err = tx.Shares().ListByVideo(k.Ctx, k.V.ID)
		return err
	}))
	require.Len(t, sh, 1)
	require.NotNil(t, sh[0].RevokedAt)
	assert.Equal(t, "left the office", sh[0].RevokeReason)
	assert.Equal(t, k.Admin.ID(), sh[0].RevokedBy)
	_, err = k.Video.VerifyTicket(k.Ctx, ticket, video.View)
	assert.Error(t, err, "the ticket stops")

	again, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "left the office")
	require.NoError(t, err)
	assert.False(t, again.Changed(), "a second call changes nothing")
	k.VerifyAudit()
}

// TestReactivateNeverBringsAShareBack: a deactivated grantee, reactivated
// and given a new password, is refused the share they held before.
func TestReactivateNeverBringsAShareBack(t *testing.T) {
	k := newVideoKit(t)
	_, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "left")
	require.NoError(t, err)
	r, err := k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "came back")
	require.NoError(t, err)
	require.NotNil(t, r.Link)
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, r.Link.Token, "amber-meadow-falcon-71"))
	valP := k.LoginAs("vviewer", "amber-meadow-falcon-71").Principal

	_, err = k.Video.RequestAccess(k.Ctx, valP, video.AccessRequest{ShareID: k.Share.ID, Action: video.View})
	require.Error(t, err)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Equal(t, video.ReasonRevoked, video.ReasonOf(err))
	mine, err := k.Video.MyVideos(k.Ctx, valP)
	require.NoError(t, err)
	assert.Empty(t, mine, "nothing in My Videos")
}

// TestReactivateEndsSharesADeactivationLeftLive: a person deactivated by
// a service without the video hook (as before hosts configured it) kept
// their share; reactivating them through a service with the hook ends it,
// so the share does not come back with the person.
func TestReactivateEndsSharesADeactivationLeftLive(t *testing.T) {
	k := newVideoKit(t)
	bare := personnel.NewService(k.Store.Personnel(), k.Auth, personnel.Config{Clock: k.Clock})
	_, err := bare.Deactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "left")
	require.NoError(t, err)
	r, err := k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "came back")
	require.NoError(t, err)
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, r.Link.Token, "amber-meadow-falcon-71"))
	valP := k.LoginAs("vviewer", "amber-meadow-falcon-71").Principal
	_, err = k.Video.RequestAccess(k.Ctx, valP, video.AccessRequest{ShareID: k.Share.ID, Action: video.View})
	require.Error(t, err)
	assert.Equal(t, video.ReasonRevoked, video.ReasonOf(err))
}

// failingHook fails every deactivation it is part of.
type failingHook struct{ err error }

func (h failingHook) EndAccess(context.Context, personnel.Tx, personnel.Leaver) ([]personnel.Reference, error) {
	return nil, h.err
}

// TestDeactivateFailsWhollyWhenAccessCannotEnd: when a hook fails, the
// deactivation changes nothing, the shares the first hook revoked
// included.
func TestDeactivateFailsWhollyWhenAccessCannotEnd(t *testing.T) {
	boom := errors.New("boom")
	k := newVideoKit(t, carenettest.WithDeactivateHook(failingHook{boom}))
	before := len(k.Events(audit.TargetPerson, k.Val.ID))
	_, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Val.ID, "left")
	require.ErrorIs(t, err, boom)
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Val.ID)
	require.NoError(t, err)
	assert.True(t, p.Active())
	assert.True(t, p.Login.Active)
	assert.Len(t, k.Events(audit.TargetPerson, k.Val.ID), before)
	valP := k.LoginAs("vviewer", pw).Principal
	mine, err := k.Video.MyVideos(k.Ctx, valP)
	require.NoError(t, err)
	assert.Len(t, mine, 1, "the share is still live")
}

// TestDeactivationReportsWhatMustBeTakenOver: the result and the audit
// event list the personnel groups the person is in, the live video shares
// they created as staff and the host's references; shares they created
// stay live.
func TestDeactivationReportsWhatMustBeTakenOver(t *testing.T) {
	refs := hostRefs{}
	k := newVideoKit(t, carenettest.WithReferences(refs))
	sam := k.User("Sam", "Staff", "sstaff", pw)
	refs[sam.ID] = []personnel.Reference{{Kind: "client_profiles", Count: 2}, {Kind: "cases", Count: 0}}
	samP := k.LoginAs("sstaff", pw).Principal
	other := k.User("Oli", "Other", "oother", pw, auth.ReferralUserGroup)
	_, err := k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, other.ID, portal.VideoOnly)
	require.NoError(t, err)
	created, err := k.Video.Share(k.Ctx, samP, video.NewShare{VideoID: k.V.ID, GranteeID: other.ID, Mode: video.ViewOnly})
	require.NoError(t, err)
	g, err := k.Personnel.CreateGroup(k.Ctx, k.Admin.Principal, "MDT", "")
	require.NoError(t, err)
	require.NoError(t, k.Personnel.AddMember(k.Ctx, k.Admin.Principal, g.ID, sam.ID))

	d, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, sam.ID, "left")
	require.NoError(t, err)
	assert.Empty(t, d.Ended)
	assert.Equal(t, []personnel.Reference{
		{Kind: personnel.OutstandingPersonnelGroups, Count: 1},
		{Kind: personnel.OutstandingSharesCreated, Count: 1},
		{Kind: "client_profiles", Count: 2},
	}, d.Outstanding)
	ev := k.Events(audit.TargetPerson, sam.ID)
	assert.Equal(t, "personnel groups: 1, live video shares created: 1, client profiles: 2", ev[len(ev)-1].Details["outstanding"])

	otherP := k.LoginAs("oother", pw).Principal
	mine, err := k.Video.MyVideos(k.Ctx, otherP)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, created.ID, mine[0].Share.ID, "a share the leaver made stays for its grantee")
}

// TestEndDateSweepRevokesShares: the system's deactivation, when an end
// date passes, revokes the grantee's shares too, recorded with no actor.
func TestEndDateSweepRevokesShares(t *testing.T) {
	k := newVideoKit(t)
	d := sweptAfterEndDate(t, k.Env, k.Val.ID, carenettest.Start.Add(24*time.Hour))
	assert.Equal(t, []personnel.Reference{{Kind: video.EndedSharesRevoked, Count: 1}}, d.Ended)
	var sh []video.Share
	require.NoError(t, k.Store.Video().View(k.Ctx, func(tx video.Tx) (err error) {
		sh, err = tx.Shares().ListByVideo(k.Ctx, k.V.ID)
		return err
	}))
	require.NotNil(t, sh[0].RevokedAt)
	assert.Equal(t, "", sh[0].RevokedBy, "the system")
	assert.Equal(t, personnel.SweepReason, sh[0].RevokeReason)
}
