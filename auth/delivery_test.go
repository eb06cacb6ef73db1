package auth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// outbox is a LinkDeliverer that keeps what it is given, or fails with err.
type outbox struct {
	sent []auth.Delivery
	err  error
}

func (o *outbox) Deliver(_ context.Context, d auth.Delivery) error {
	if o.err != nil {
		return o.err
	}
	o.sent = append(o.sent, d)
	return nil
}

func withDeliverer(d auth.LinkDeliverer) carenettest.Option {
	return carenettest.WithAuthConfig(func(c *auth.Config) { c.Deliverer = d })
}

// videoUser creates a video-only portal user as the administrator.
func videoUser(t *testing.T, k *carenettest.Env, given, username string) personnel.Profile {
	t.Helper()
	p := k.User(given, "Partner", username, userPassword, auth.ReferralUserGroup)
	p, err := k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, p.ID, portal.VideoOnly)
	require.NoError(t, err)
	return p
}

func lastDetail(t *testing.T, k *carenettest.Env, accountID, key string) string {
	t.Helper()
	ev := k.Events(audit.TargetAccount, accountID)
	require.NotEmpty(t, ev)
	return ev[len(ev)-1].Details[key]
}

// TestDeliveredLinksNeverReachTheActor: with a deliverer the link goes to
// the account's holder and the actor's result holds no token, so a clerk
// may reset a partner's password without reaching what the partner
// reaches; the delivery carries the holder's address as stored when it
// was issued, the event says it was delivered, and the holder's link works.
func TestDeliveredLinksNeverReachTheActor(t *testing.T) {
	box := &outbox{}
	k := newKit(t, withDeliverer(box))
	val := videoUser(t, k, "Val", "vval")
	email, phone := "val@partner.example.org", "+1 555 0111"
	_, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, val.ID, val.Version, personnel.Update{Email: &email, Phone: &phone})
	require.NoError(t, err)
	k.User("Cle", "Clerk", "cclerk", userPassword, k.Group("Clerks", auth.ViewPersonnel, auth.ResetPasswords))
	clerk := k.LoginAs("cclerk", userPassword).Principal

	link, err := k.Auth.IssuePasswordLink(k.Ctx, clerk, val.Login.AccountID)
	require.NoError(t, err)
	assert.True(t, link.Delivered)
	assert.Empty(t, link.Token, "the actor gets no token")
	require.Len(t, box.sent, 1)
	d := box.sent[0]
	assert.Equal(t, auth.Delivery{PersonID: val.ID, AccountID: val.Login.AccountID, Username: "vval",
		Email: email, Phone: phone, Purpose: auth.PurposeResetPassword, Token: d.Token, ExpiresAt: link.Link.ExpiresAt}, d)
	assert.Equal(t, auth.DeliveredToHolder, lastDetail(t, k, val.Login.AccountID, "delivery"))
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, d.Token, "quiet-orchard-lamp-5831"))
	k.LoginAs("vval", "quiet-orchard-lamp-5831")

	// Rank still holds: a clerk resets no administrator's password.
	_, err = k.Auth.IssuePasswordLink(k.Ctx, clerk, k.Admin.Principal.AccountID)
	require.ErrorIs(t, err, auth.ErrOutranked)
	assert.Len(t, box.sent, 1)

	// A new login's set-password link goes to its holder too.
	c, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Nia", FamilyName: "New", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "nnew", Groups: []string{auth.ReferralUserGroup}},
	})
	require.NoError(t, err)
	assert.True(t, c.Link.Delivered)
	assert.Empty(t, c.Link.Token)
	require.Len(t, box.sent, 2)
	assert.Equal(t, auth.PurposeSetPassword, box.sent[1].Purpose)
}

// TestUndeliveredLinkCommitsNothing: when the deliverer fails, the call
// fails and nothing it did is kept: no link, no event, and the link the
// holder already had still works.
func TestUndeliveredLinkCommitsNothing(t *testing.T) {
	box := &outbox{}
	k := newKit(t, withDeliverer(box))
	val := videoUser(t, k, "Val", "vval")
	_, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, val.Login.AccountID)
	require.NoError(t, err)
	earlier := box.sent[0].Token
	before := k.Actions(audit.TargetAccount, val.Login.AccountID)

	box.err = errors.New("mail server down")
	link, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, val.Login.AccountID)
	require.Error(t, err)
	assert.Nil(t, link)
	assert.Equal(t, carenet.Internal, carenet.ErrorCode(err))
	assert.Equal(t, before, k.Actions(audit.TargetAccount, val.Login.AccountID), "no event")

	_, err = k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Nia", FamilyName: "New", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "nnew", Groups: []string{auth.ReferralUserGroup}},
	})
	require.Error(t, err)
	page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, personnel.Query{Name: "nia"})
	require.NoError(t, err)
	assert.Empty(t, page.People, "no person created")

	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, earlier, "quiet-orchard-lamp-5831"), "the earlier link still works")
}

// TestNoActorChoosesAPasswordForALoginThatReachesMore: a password the
// actor sets on a new login is a credential for it, and so is the
// set-password link returned without a deliverer: a manager who may not
// see videos cannot create a video portal user either way, and nothing is
// created.
func TestNoActorChoosesAPasswordForALoginThatReachesMore(t *testing.T) {
	k := newKit(t)
	k.User("Mel", "Manager", "mmanager", userPassword, k.Group("Managers",
		auth.ViewPersonnel, auth.CreatePersonnel, auth.ManageSecurityGroups, auth.ManagePortalAccess))
	mgr := k.LoginAs("mmanager", userPassword).Principal
	videoPortal := portal.Access{Enabled: true, Video: true}
	for name, pw := range map[string]string{"a chosen password": userPassword, "a returned link": ""} {
		_, err := k.Personnel.Create(k.Ctx, mgr, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "Vera", FamilyName: "Video", AgencyKind: personnel.AgencyProsecution},
			Login:  &auth.LoginSpec{Username: "vvideo", Password: pw, Groups: []string{auth.ReferralUserGroup}, Portal: videoPortal},
		})
		require.ErrorIs(t, err, auth.ErrOutranked, name)
	}
	page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, personnel.Query{Name: "vera"})
	require.NoError(t, err)
	assert.Empty(t, page.People, "nothing was created")

	_, err = k.Personnel.Create(k.Ctx, mgr, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Rae", FamilyName: "Reader", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "rreader", Password: userPassword, Groups: []string{k.Group("Readers", auth.ViewPersonnel)}},
	})
	require.NoError(t, err, "a login that reaches nothing the manager cannot")
}
