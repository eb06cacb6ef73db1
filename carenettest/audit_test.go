package carenettest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// TestEventsAreTheChangesAndReadsTheReads: Events and Actions leave the
// access events of reads out, Reads lists them, and RequireRead checks
// the one a read left.
func TestEventsAreTheChangesAndReadsTheReads(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		rita := env.PortalUser(portal.ReferralOnly)
		r := env.Referral(rita, referral.StatusSubmitted)
		before := len(env.Reads(audit.EventReferralRead))
		_, err := env.Referrals.Open(env.Ctx, env.Admin.Principal, r.ID)
		require.NoError(t, err)
		env.RequireRead(audit.EventReferralRead, before, env.Admin.ID(), audit.TargetReferral, r.ID)

		events := env.Events(audit.TargetReferral, r.ID)
		require.NotEmpty(t, events)
		for _, e := range events {
			assert.False(t, audit.IsRead(e.Action), "Events leaves out the read %s", e.Action)
			assert.Equal(t, r.ID, e.TargetID)
		}
		actions := env.Actions(audit.TargetReferral, r.ID)
		require.Len(t, actions, len(events))
		for i, e := range events {
			assert.Equal(t, e.Action, actions[i])
		}
		reads := env.Reads(audit.EventReferralRead)
		require.Len(t, reads, before+1)
		assert.Equal(t, env.Admin.ID(), reads[len(reads)-1].ActorID)
	})
}

// TestRequireReadFailsOnTheWrongRead: no read, or a read by someone else,
// fails the test.
func TestRequireReadFailsOnTheWrongRead(t *testing.T) {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h, carenettest.OnMemory())
	rita := env.PortalUser(portal.ReferralOnly)
	r := env.Referral(rita, referral.StatusSubmitted)
	msg := fatal(func() { env.RequireRead(audit.EventReferralRead, 0, env.Admin.ID(), audit.TargetReferral, r.ID) })
	assert.Contains(t, msg, "0 referral.read events, want 1")
	_, err := env.Referrals.Open(env.Ctx, env.Admin.Principal, r.ID)
	require.NoError(t, err)
	msg = fatal(func() { env.RequireRead(audit.EventReferralRead, 0, rita.ID(), audit.TargetReferral, r.ID) })
	assert.Contains(t, msg, `want actor "`+rita.ID()+`"`)
	assert.Empty(t, fatal(func() { env.RequireRead(audit.EventReferralRead, 0, env.Admin.ID(), audit.TargetReferral, r.ID) }))
}
