package carenettest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// refs is a host's reference finder with fixed answers.
type refs map[string][]personnel.Reference

func (r refs) References(_ context.Context, id string) ([]personnel.Reference, error) {
	return r[id], nil
}

// hook records the deactivations it ran in, and fails them when err is set.
type hook struct {
	ran []string
	err error
}

func (h *hook) EndAccess(_ context.Context, _ personnel.Tx, l personnel.Leaver) ([]personnel.Reference, error) {
	h.ran = append(h.ran, l.PersonID)
	return nil, h.err
}

// TestDeactivationRevokesSharesAndRunsTheHooksGiven: by default a
// deactivation revokes the person's video shares, as a host wires it;
// WithDeactivateHook adds a hook after that one and WithReferences the
// host's records; a hook that fails undoes the whole deactivation.
func TestDeactivationRevokesSharesAndRunsTheHooksGiven(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		paul := env.PortalUser(portal.VideoOnly)
		env.Share(env.Video(), paul, video.ViewOnly)
		d, err := env.Personnel.Deactivate(env.Ctx, env.Admin.Principal, paul.ID(), "left")
		require.NoError(t, err)
		assert.Equal(t, []personnel.Reference{{Kind: video.EndedSharesRevoked, Count: 1}}, d.Ended)
	})

	h := &hook{}
	host := refs{}
	env := carenettest.New(t, carenettest.WithDeactivateHook(h), carenettest.WithReferences(host))
	paul := env.PortalUser(portal.VideoOnly)
	env.Share(env.Video(), paul, video.ViewOnly)
	host[paul.ID()] = []personnel.Reference{{Kind: "cases", Count: 3}}
	d, err := env.Personnel.Deactivate(env.Ctx, env.Admin.Principal, paul.ID(), "left")
	require.NoError(t, err)
	assert.Equal(t, []string{paul.ID()}, h.ran, "the hook ran")
	assert.Equal(t, []personnel.Reference{{Kind: video.EndedSharesRevoked, Count: 1}}, d.Ended, "beside the revocation")
	assert.Contains(t, d.Outstanding, personnel.Reference{Kind: "cases", Count: 3}, "the host's references are reported")

	failing := &hook{err: errors.New("boom")}
	env = carenettest.New(t, carenettest.WithDeactivateHook(failing))
	paul = env.PortalUser(portal.VideoOnly)
	share := env.Share(env.Video(), paul, video.ViewOnly)
	_, err = env.Personnel.Deactivate(env.Ctx, env.Admin.Principal, paul.ID(), "left")
	require.ErrorIs(t, err, failing.err)
	_, err = env.Videos.RequestAccess(env.Ctx, env.Refresh(paul).Principal, video.AccessRequest{ShareID: share.ID, Action: video.View})
	assert.NoError(t, err, "the revocation before the failing hook was undone")
}

// TestWithoutShareRevocationLeavesSharesToTheVideoService: the share
// stays, and the video service refuses it because its grantee lost access.
func TestWithoutShareRevocationLeavesSharesToTheVideoService(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		paul := env.PortalUser(portal.VideoOnly)
		share := env.Share(env.Video(), paul, video.ViewOnly)
		d, err := env.Personnel.Deactivate(env.Ctx, env.Admin.Principal, paul.ID(), "left")
		require.NoError(t, err)
		assert.Empty(t, d.Ended, "nothing revoked the share")
		_, err = env.Videos.RequestAccess(env.Ctx, paul.Principal, video.AccessRequest{ShareID: share.ID, Action: video.View})
		assert.Equal(t, video.ReasonNoVideoAccess, video.ReasonOf(err), "%v", err)
	}, carenettest.WithoutShareRevocation())
}

// TestConfigOptionsReachTheServices: WithPersonnelConfig and
// WithReferralConfig change what the services are made with, after the
// kit's own settings.
func TestConfigOptionsReachTheServices(t *testing.T) {
	env := carenettest.New(t,
		carenettest.WithPersonnelConfig(func(c *personnel.Config) { c.IDs = carenet.SequentialIDs("staff") }),
		carenettest.WithReferralConfig(func(c *referral.Config) { c.IDs = carenet.SequentialIDs("intake") }))
	assert.Equal(t, "staff-000001", env.Admin.ID())
	r := env.Referral(env.PortalUser(portal.ReferralOnly), referral.StatusSubmitted)
	assert.True(t, strings.HasPrefix(r.ID, "intake-"), r.ID)
	assert.Equal(t, referral.StatusSubmitted, r.Status)
}
