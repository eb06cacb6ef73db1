package personnel_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// formerOfficer is a police officer who wrote a referral and whose login
// an administrator then removed: a contact who still holds the referral.
func formerOfficer(t *testing.T, env *carenettest.Env) carenettest.User {
	t.Helper()
	officer := env.PortalUser(portal.ReferralOnly)
	env.Referral(officer, referral.StatusSubmitted)
	_, err := env.Personnel.RemoveLogin(env.Ctx, env.Admin.Principal, officer.ID(), "became a contact")
	require.NoError(t, err)
	return officer
}

// delivering is an Env whose links are delivered, into *sent.
func delivering(t *testing.T, sent *[]auth.Delivery) *carenettest.Env {
	return carenettest.New(t, carenettest.WithAuthConfig(func(c *auth.Config) {
		c.Deliverer = auth.LinkDelivererFunc(func(_ context.Context, d auth.Delivery) error {
			*sent = append(*sent, d)
			return nil
		})
	}))
}

// With a Deliverer the link of a login given to a contact goes to the
// contact's address, handed to no one, and is never checked again. An
// actor who may give logins and submit referrals, but not review them,
// must not get a way into a login that reaches the referrals the contact
// wrote: GiveLogin needs the reach of what the person holds, however the
// link travels.
func TestGiveLoginNeedsTheReachOfWhatThePersonHoldsWhateverTheDelivery(t *testing.T) {
	var sent []auth.Delivery
	env := delivering(t, &sent)
	officer := formerOfficer(t, env)
	hr := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.EditPersonnel, auth.ManageSecurityGroups,
		auth.ManagePortalAccess, auth.SubmitReferrals))
	sent = nil

	spec := auth.LoginSpec{Username: "officer-again", Groups: []string{auth.ReferralUserGroup},
		Portal: portal.Access{Enabled: true, Referral: portal.ReferralLE}}
	_, err := env.Personnel.GiveLogin(env.Ctx, hr.Principal, officer.ID(), spec)
	require.ErrorIs(t, err, auth.ErrOutranked, "the login would reach the officer's referral, which hr may not review")
	assert.Empty(t, sent, "no link went anywhere")
	p, err := env.Personnel.Get(env.Ctx, env.Admin.Principal, officer.ID())
	require.NoError(t, err)
	assert.Nil(t, p.Login, "nothing changed")

	// Someone who reaches the referral may.
	_, err = env.Personnel.GiveLogin(env.Ctx, env.Admin.Principal, officer.ID(), spec)
	require.NoError(t, err)
	assert.Len(t, sent, 1)
}

// The same through the address: pointing a contact's email or phone at
// one's own mailbox, then having a login given to them (by anyone) sends
// its link there. Changing the contact details of a person without a login
// who holds referrals or shares needs their reach; of one who holds
// nothing, EditPersonnel alone.
func TestChangingAContactsAddressNeedsTheReachOfWhatTheyHold(t *testing.T) {
	var sent []auth.Delivery
	env := delivering(t, &sent)
	officer := formerOfficer(t, env)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.EditPersonnel))

	p, err := env.Personnel.Get(env.Ctx, clerk.Principal, officer.ID())
	require.NoError(t, err)
	mine, phone := "clerk@attacker.example.org", "555-0100"
	_, err = env.Personnel.Edit(env.Ctx, clerk.Principal, p.ID, p.Version, personnel.Update{Email: &mine})
	require.ErrorIs(t, err, auth.ErrOutranked, "email")
	_, err = env.Personnel.Edit(env.Ctx, clerk.Principal, p.ID, p.Version, personnel.Update{Phone: &phone})
	require.ErrorIs(t, err, auth.ErrOutranked, "phone")
	after, err := env.Personnel.Get(env.Ctx, env.Admin.Principal, officer.ID())
	require.NoError(t, err)
	assert.Equal(t, p.Email, after.Email, "nothing changed")
	assert.Equal(t, p.Version, after.Version)

	title := "Detective"
	_, err = env.Personnel.Edit(env.Ctx, clerk.Principal, p.ID, p.Version, personnel.Update{Title: &title})
	require.NoError(t, err, "other fields need nothing more")

	contact, err := env.Personnel.Create(env.Ctx, env.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Carl", FamilyName: "Contact", AgencyKind: personnel.AgencyMedical}})
	require.NoError(t, err)
	_, err = env.Personnel.Edit(env.Ctx, clerk.Principal, contact.Profile.ID, contact.Profile.Version, personnel.Update{Email: &mine})
	require.NoError(t, err, "a contact who holds nothing")
}
