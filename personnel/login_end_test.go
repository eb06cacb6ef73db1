package personnel_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

const newPw = "amber-meadow-falcon-71"

var oneShareEnded = []personnel.Reference{{Kind: video.EndedSharesRevoked, Count: 1}}

// requireShareRevoked fails unless Val's share is refused as revoked to
// principal p.
func (k *videoKit) requireShareRevoked(p *auth.Principal) {
	k.T.Helper()
	_, err := k.Video.RequestAccess(k.Ctx, p, video.AccessRequest{ShareID: k.Share.ID, Action: video.View})
	require.Error(k.T, err, "the share works again")
	assert.Equal(k.T, video.ReasonRevoked, video.ReasonOf(err))
}

// TestDisableLoginEndsTheSharesItsPersonHolds: a login switched off ends
// the video shares its person holds as grantee, as a deactivation does;
// the ticket issued before stops, and the share does not come back when
// the login is switched on again.
func TestDisableLoginEndsTheSharesItsPersonHolds(t *testing.T) {
	k := newVideoKit(t)
	ticket := k.valViewTicket()

	d, err := k.Personnel.DisableLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "on leave")
	require.NoError(t, err)
	assert.Equal(t, personnel.LoginDisabled{Changed: true, SessionsRevoked: 1, Ended: oneShareEnded}, d)
	ev := k.Events(audit.TargetPerson, k.Val.ID)
	assert.Equal(t, "video shares revoked: 1", ev[len(ev)-1].Details["ended"])
	_, err = k.Video.VerifyTicket(k.Ctx, ticket, video.View)
	assert.Error(t, err, "the ticket stops")

	r, err := k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "back from leave")
	require.NoError(t, err)
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, r.Link.Token, newPw))
	k.requireShareRevoked(k.LoginAs("vviewer", newPw).Principal)
	k.VerifyAudit()
}

// TestRemoveLoginEndsTheSharesItsPersonHolds: a login removed ends its
// person's shares too, and a login given to them again brings none back.
func TestRemoveLoginEndsTheSharesItsPersonHolds(t *testing.T) {
	k := newVideoKit(t)
	r, err := k.Personnel.RemoveLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "no longer a partner user")
	require.NoError(t, err)
	assert.Equal(t, personnel.LoginRemoved{Username: "vviewer", Ended: oneShareEnded}, r)
	ev := k.Events(audit.TargetPerson, k.Val.ID)
	assert.Equal(t, "video shares revoked: 1", ev[len(ev)-1].Details["ended"])

	_, err = k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, k.Val.ID, auth.LoginSpec{Username: "vviewer", Password: newPw, Groups: []string{auth.ReferralUserGroup}})
	require.NoError(t, err)
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, k.Val.ID, portal.VideoOnly)
	require.NoError(t, err)
	k.requireShareRevoked(k.LoginAs("vviewer", newPw).Principal)
}

// TestDormantSweepEndsTheSharesItsPersonHolds: the system's end of a
// dormant login ends its person's shares, recorded with no actor.
func TestDormantSweepEndsTheSharesItsPersonHolds(t *testing.T) {
	// Within the share's time, beyond the period.
	k := newVideoKit(t, withDormancy(2))
	k.Clock.Advance(3 * day)
	k.LoginAs("admin", carenettest.Password)
	res, err := k.Personnel.SweepDormantLogins(k.Ctx)
	require.NoError(t, err)
	require.Len(t, res, 1)
	require.NoError(t, res[0].Err)
	assert.Equal(t, k.Val.ID, res[0].PersonID)
	assert.Equal(t, oneShareEnded, res[0].Result.Ended)
	var sh video.Share
	require.NoError(t, k.Store.Video().View(k.Ctx, func(tx video.Tx) (err error) {
		sh, err = tx.Shares().Get(k.Ctx, k.Share.ID)
		return err
	}))
	require.NotNil(t, sh.RevokedAt)
	assert.Equal(t, "", sh.RevokedBy, "the system")
}

// TestALoginBroughtBackEndsWhatAnEarlierEndLeftLive: a login disabled,
// or removed, by a service without the video hook (as before hosts
// configured it) left its person's share live; switching it on again, or
// giving the person a new login, through a service with the hook ends
// the share, recorded in the audit event, so it does not come back.
func TestALoginBroughtBackEndsWhatAnEarlierEndLeftLive(t *testing.T) {
	t.Run("EnableLogin", func(t *testing.T) {
		k := newVideoKit(t)
		bare := personnel.NewService(k.Store.Personnel(), k.Auth, personnel.Config{Clock: k.Clock})
		d, err := bare.DisableLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "on leave")
		require.NoError(t, err)
		assert.Empty(t, d.Ended)
		r, err := k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "back")
		require.NoError(t, err)
		ev := k.Events(audit.TargetPerson, k.Val.ID)
		assert.Equal(t, personnel.EventLoginEnabled, ev[len(ev)-1].Action)
		assert.Equal(t, "video shares revoked: 1", ev[len(ev)-1].Details["ended"])
		require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, r.Link.Token, newPw))
		k.requireShareRevoked(k.LoginAs("vviewer", newPw).Principal)
	})
	t.Run("GiveLogin", func(t *testing.T) {
		k := newVideoKit(t)
		bare := personnel.NewService(k.Store.Personnel(), k.Auth, personnel.Config{Clock: k.Clock})
		_, err := bare.RemoveLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "became a contact")
		require.NoError(t, err)
		_, err = k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, k.Val.ID, auth.LoginSpec{Username: "vviewer", Password: newPw, Groups: []string{auth.ReferralUserGroup}})
		require.NoError(t, err)
		ev := k.Events(audit.TargetPerson, k.Val.ID)
		assert.Equal(t, personnel.EventLoginGiven, ev[len(ev)-1].Action)
		assert.Equal(t, "video shares revoked: 1", ev[len(ev)-1].Details["ended"])
		_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, k.Val.ID, portal.VideoOnly)
		require.NoError(t, err)
		k.requireShareRevoked(k.LoginAs("vviewer", newPw).Principal)
	})
}

// TestALoginBroughtBackBringsNoSessionBack: a session that a disable did
// not end (a sign-in that committed while the disable ran) ends when the
// login comes back, so it never works again with the login.
func TestALoginBroughtBackBringsNoSessionBack(t *testing.T) {
	k := newKit(t)
	val := k.User("Val", "Viewer", "vviewer", pw, auth.ReferralUserGroup)
	login := k.LoginAs("vviewer", pw)
	// The login switched off without its sessions, as a disable that
	// raced with this sign-in would leave it.
	require.NoError(t, k.Store.Auth().Update(k.Ctx, func(tx auth.Tx) error {
		a, err := tx.Accounts().ByPerson(k.Ctx, val.ID)
		if err != nil {
			return err
		}
		a.Active = false
		_, err = tx.Accounts().Update(k.Ctx, a)
		return err
	}))
	_, err := k.Auth.Authenticate(k.Ctx, login.Token)
	require.Error(t, err, "a session of a login that is off")

	_, err = k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, val.ID, "back")
	require.NoError(t, err)
	_, err = k.Auth.Authenticate(k.Ctx, login.Token)
	require.Error(t, err, "the session from before the login was off works again")
	var enabled []string
	for _, e := range k.Events(audit.TargetAccount, login.Principal.AccountID) {
		if e.Action == auth.EventAccountUpdated && e.Details["active_after"] == "true" {
			enabled = append(enabled, e.Details["sessions_revoked"])
		}
	}
	assert.Equal(t, []string{"1"}, enabled, "the enabling event says it ended the session")
}
