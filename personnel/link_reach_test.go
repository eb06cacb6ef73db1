package personnel_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

// A link the clerk may hold when issued (the intern reaches no more than
// the clerk) must not become a way into the login once an administrator
// raises what the login reaches: the reach rule must hold when the link is
// redeemed, not only when it is issued.
func TestALinkRedeemsOnlyWhileItsIssuerCoversTheLoginsGroups(t *testing.T) {
	env := carenettest.New(t)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords))
	intern := env.Staff(carenettest.Holding(auth.ViewPersonnel))

	link, err := env.Auth.IssuePasswordLink(env.Ctx, clerk.Principal, intern.Profile.Login.AccountID)
	if err != nil {
		t.Fatalf("issue link for an intern who reaches less than the clerk: %v", err)
	}
	// Later, unaware of the link, the administrator promotes the intern.
	if _, err := env.Personnel.SetSecurityGroups(env.Ctx, env.Admin.Principal, intern.ID(), []string{auth.AdministratorGroup}); err != nil {
		t.Fatal(err)
	}
	const pw = "clerk-chosen violet harbour 42"
	err = env.Auth.CompletePasswordLink(env.Ctx, link.Token, pw)
	if err != nil {
		require.ErrorIs(t, err, auth.ErrLinkInvalid)
	} else {
		res, lerr := env.Auth.Login(env.Ctx, auth.LoginRequest{Username: intern.Username, Password: pw})
		if lerr == nil {
			t.Fatalf("the clerk (%d permissions) redeemed a link into a login holding %d permissions",
				clerk.Principal.Permissions.Len(), res.Principal.Permissions.Len())
		}
	}
}

// The same with a portal switch: a link taken for a portal user whose
// Video Portal Access was off works once another turns it on, and the
// clerk then holds a video portal user's login.
func TestALinkRedeemsOnlyWhileItsIssuerCoversTheLoginsPortalReach(t *testing.T) {
	env := carenettest.New(t)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords))
	pros := env.PortalUser(portal.ReferralOnly)
	// Turn everything off: the login reaches nothing; the clerk may take a link.
	if _, err := env.Personnel.SetPortalAccess(env.Ctx, env.Admin.Principal, pros.ID(), portal.Access{}); err != nil {
		t.Fatal(err)
	}
	link, err := env.Auth.IssuePasswordLink(env.Ctx, clerk.Principal, pros.Profile.Login.AccountID)
	if err != nil {
		t.Fatalf("issue link for a login that reaches nothing: %v", err)
	}
	if _, err := env.Personnel.SetPortalDesignation(env.Ctx, env.Admin.Principal, pros.ID(), portal.VideoOnly); err != nil {
		t.Fatal(err)
	}
	v := env.Video()
	env.Share(v, pros, video.ViewAndDownload)
	const pw = "clerk-chosen violet harbour 42"
	if err := env.Auth.CompletePasswordLink(env.Ctx, link.Token, pw); err != nil {
		require.ErrorIs(t, err, auth.ErrLinkInvalid)
	} else {
		res, lerr := env.Auth.Login(env.Ctx, auth.LoginRequest{Username: pros.Username, Password: pw})
		if lerr == nil && res.Principal.Portal.Has(portal.ViewSharedVideos) {
			t.Fatalf("a clerk without videos.view redeemed a link into a video portal user's login with a live share")
		}
	}
}

// A link refused at redemption because its login outgrew its issuer is
// used up and audited, and changes no password: lowering the login again
// does not bring it back.
func TestALinkRefusedForOutgrowingItsIssuerIsUsedUpAndAudited(t *testing.T) {
	env := carenettest.New(t)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords))
	intern := env.Staff(carenettest.Holding(auth.ViewPersonnel))
	groups := intern.Profile.Login.Groups
	account := intern.Profile.Login.AccountID

	link, err := env.Auth.IssuePasswordLink(env.Ctx, clerk.Principal, account)
	require.NoError(t, err)
	_, err = env.Personnel.SetSecurityGroups(env.Ctx, env.Admin.Principal, intern.ID(), []string{auth.AdministratorGroup})
	require.NoError(t, err)
	const pw = "clerk-chosen violet harbour 42"
	require.ErrorIs(t, env.Auth.CompletePasswordLink(env.Ctx, link.Token, pw), auth.ErrLinkInvalid)
	acts := env.Actions(audit.TargetAccount, account)
	assert.Equal(t, auth.EventPasswordLinkRefused, acts[len(acts)-1], "the refusal is audited")

	_, err = env.Personnel.SetSecurityGroups(env.Ctx, env.Admin.Principal, intern.ID(), groups)
	require.NoError(t, err)
	require.ErrorIs(t, env.Auth.CompletePasswordLink(env.Ctx, link.Token, pw), auth.ErrLinkInvalid, "the link is used up")
	_, err = env.Auth.Login(env.Ctx, auth.LoginRequest{Username: intern.Username, Password: pw})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "no password was set")
	_, err = env.Auth.Login(env.Ctx, auth.LoginRequest{Username: intern.Username, Password: carenettest.Password})
	require.NoError(t, err, "the intern's own password still works")
}

// A link delivered to the login's holder went to no actor, so it works
// whatever the login came to reach since.
func TestADeliveredLinkRedeemsWhateverItsLoginReachesSince(t *testing.T) {
	var sent []auth.Delivery
	env := carenettest.New(t, carenettest.WithAuthConfig(func(c *auth.Config) {
		c.Deliverer = auth.LinkDelivererFunc(func(_ context.Context, d auth.Delivery) error {
			sent = append(sent, d)
			return nil
		})
	}))
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords))
	intern := env.Staff(carenettest.Holding(auth.ViewPersonnel))
	_, err := env.Auth.IssuePasswordLink(env.Ctx, clerk.Principal, intern.Profile.Login.AccountID)
	require.NoError(t, err)
	require.NotEmpty(t, sent)
	_, err = env.Personnel.SetSecurityGroups(env.Ctx, env.Admin.Principal, intern.ID(), []string{auth.AdministratorGroup})
	require.NoError(t, err)
	const pw = "holder-chosen amber willow 17"
	require.NoError(t, env.Auth.CompletePasswordLink(env.Ctx, sent[len(sent)-1].Token, pw))
	_, err = env.Auth.Login(env.Ctx, auth.LoginRequest{Username: intern.Username, Password: pw})
	require.NoError(t, err)
}
