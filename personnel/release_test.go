package personnel_test

import (
	"context"
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

// storedRelease reads the release an account recorded.
func storedRelease(t *testing.T, k *carenettest.Env, accountID string) string {
	t.Helper()
	var a auth.Account
	require.NoError(t, k.Store.Auth().View(context.Background(), func(tx auth.Tx) error {
		var err error
		a, err = tx.Accounts().Get(k.Ctx, accountID)
		return err
	}))
	return a.CreatedInRelease
}

// TestAnOlderReleaseNeedsManagePortalAccess: a new login records the
// host's current release; recording an older one (a legacy referral user,
// who gets My Referrals whatever the switches say) needs portal.manage
// and is audited, and one after the current release is invalid. Each
// refusal creates nothing.
func TestAnOlderReleaseNeedsManagePortalAccess(t *testing.T) {
	k := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.Release = "3.1.0" }))
	k.User("Cre", "Creator", "ccreator", pw, k.Group("Creators",
		auth.ViewPersonnel, auth.CreatePersonnel, auth.ManageSecurityGroups, auth.SubmitReferrals))
	creator := k.LoginAs("ccreator", pw).Principal
	k.User("Imo", "Importer", "iimporter", pw, k.Group("Importers",
		auth.ViewPersonnel, auth.CreatePersonnel, auth.ManageSecurityGroups, auth.SubmitReferrals, auth.ManagePortalAccess))
	importer := k.LoginAs("iimporter", pw).Principal
	legacy := func(username, release string) personnel.NewPerson {
		return personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "Leo", FamilyName: "Legacy", AgencyKind: personnel.AgencyLawEnforcement},
			Login:  &auth.LoginSpec{Username: username, Password: pw, Groups: []string{auth.ReferralUserGroup}, CreatedInRelease: release},
		}
	}

	c, err := k.Personnel.Create(k.Ctx, creator, legacy("lnew", ""))
	require.NoError(t, err)
	assert.Equal(t, "3.1.0", storedRelease(t, k, c.Profile.Login.AccountID), "the host's current release")
	assert.False(t, k.LoginAs("lnew", pw).Principal.Portal.Has(portal.SubmitLEReferrals), "all switches off: no referrals")

	_, err = k.Personnel.Create(k.Ctx, creator, legacy("lold", "2.0"))
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "%v", err)
	assert.Contains(t, carenet.ErrorMessage(err), auth.ManagePortalAccess.String())
	_, err = k.Personnel.Create(k.Ctx, importer, legacy("lnext", "3.2"))
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.Equal(t, "login.created_in_release", carenet.Validation(err).Problems[0].Field)
	page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, personnel.Query{Name: "leo"})
	require.NoError(t, err)
	require.Len(t, page.People, 1, "only the first was created")

	c, err = k.Personnel.Create(k.Ctx, importer, legacy("lold", "2.0"))
	require.NoError(t, err, "importing a legacy user")
	id := c.Profile.Login.AccountID
	assert.Equal(t, "2.0", storedRelease(t, k, id))
	ev := k.Events(audit.TargetAccount, id)
	require.NotEmpty(t, ev)
	assert.Equal(t, auth.EventAccountCreated, ev[0].Action)
	assert.Equal(t, "2.0", ev[0].Details["created_in_release"])
	assert.Equal(t, "true", ev[0].Details["older_release"])
	assert.True(t, k.LoginAs("lold", pw).Principal.Portal.Has(portal.SubmitLEReferrals), "a legacy referral user")
}

// TestTheServiceReleaseMustBeARelease: a malformed Config.Release is an
// invalid configuration.
func TestTheServiceReleaseMustBeARelease(t *testing.T) {
	_, err := auth.NewService(carenettest.NewStore(t).Auth(), auth.Config{Release: "v3"})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
}
