package personnel_test

import (
	"context"
	"errors"
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

// With a Deliverer the link goes "to the account's holder": a host sends
// it to the address on the holder's profile. Someone with personnel.edit
// and passwords.reset, who may not hold a credential for a video portal
// user, must not be able to point that address at their own mailbox and
// then have the link delivered there.
func TestChangingALoginsEmailNeedsItsRankAndReach(t *testing.T) {
	var sent []auth.Delivery
	env := carenettest.New(t, carenettest.WithAuthConfig(func(c *auth.Config) {
		c.Deliverer = auth.LinkDelivererFunc(func(_ context.Context, d auth.Delivery) error {
			sent = append(sent, d) // the host's outbox; it mails after commit
			return nil
		})
	}))
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.EditPersonnel, auth.ResetPasswords))
	pros := env.PortalUser(portal.VideoOnly)
	env.Share(env.Video(), pros, video.ViewAndDownload)

	p, err := env.Personnel.Get(env.Ctx, clerk.Principal, pros.ID())
	if err != nil {
		t.Fatal(err)
	}
	mine := "clerk@attacker.example.org"
	if _, err := env.Personnel.Edit(env.Ctx, clerk.Principal, p.ID, p.Version, personnel.Update{Email: &mine}); err != nil {
		if !errors.Is(err, auth.ErrOutranked) {
			t.Fatalf("refused, but not for rank or reach: %v", err)
		}
		return
	}
	if _, err := env.Auth.IssuePasswordLink(env.Ctx, clerk.Principal, pros.Profile.Login.AccountID); err != nil {
		if !errors.Is(err, auth.ErrOutranked) {
			t.Fatalf("refused, but not for rank or reach: %v", err)
		}
		return
	}
	// The host's outbox mails each delivery to the holder's address.
	for _, d := range sent {
		holder, err := env.Personnel.Get(env.Ctx, env.Admin.Principal, d.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		if d.AccountID != pros.Profile.Login.AccountID || holder.Email != mine {
			continue
		}
		const pw = "clerk-chosen violet harbour 42"
		if err := env.Auth.CompletePasswordLink(env.Ctx, d.Token, pw); err != nil {
			t.Fatal(err)
		}
		res, err := env.Auth.Login(env.Ctx, auth.LoginRequest{Username: pros.Username, Password: pw})
		if err == nil && res.Principal.Portal.Has(portal.ViewSharedVideos) {
			t.Fatalf("the clerk (no videos.view) redirected the prosecutor's link to %s and signed in as a video portal user", mine)
		}
	}
}

// Giving a login a portal capability needs the staff permission that
// reaches the same (auth.RequirePortalReach), whether the login is new or
// not; with a Deliverer, Create checks no reach at all, and the actor who
// typed the new person's email receives the link.
func TestCreatingALoginWithPortalCapabilitiesNeedsTheirReach(t *testing.T) {
	env := carenettest.New(t, carenettest.WithAuthConfig(func(c *auth.Config) {
		c.Deliverer = auth.LinkDelivererFunc(func(context.Context, auth.Delivery) error { return nil })
	}))
	hr := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.CreatePersonnel, auth.ManageSecurityGroups, auth.ManagePortalAccess))
	_, err := env.Personnel.Create(env.Ctx, hr.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Sock", FamilyName: "Puppet", AgencyKind: personnel.AgencyLawEnforcement, Email: "hr@attacker.example.org"},
		Login: &auth.LoginSpec{Username: "sockpuppet", Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Referral: portal.ReferralBoth, Video: true}},
	})
	if !errors.Is(err, auth.ErrOutranked) {
		t.Fatalf("an actor without referrals.submit or videos.view created a login with referral and video capabilities: err = %v", err)
	}
}
