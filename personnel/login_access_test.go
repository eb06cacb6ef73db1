package personnel_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

func TestSetSecurityGroups(t *testing.T) {
	k := newKit(t)
	viewers := k.Group("Viewers", auth.ViewPersonnel)
	editors := k.Group("Editors", auth.ViewPersonnel, auth.EditPersonnel)
	sam := k.User("Sam", "Staff", "sstaff", pw, viewers)
	tok := k.LoginAs("sstaff", pw).Token

	got, err := k.Personnel.SetSecurityGroups(k.Ctx, k.Admin.Principal, sam.ID, []string{viewers, editors})
	require.NoError(t, err)
	assert.Equal(t, []string{viewers, editors}, got.Login.Groups)
	p, err := k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.True(t, p.Can(auth.EditPersonnel), "the change takes effect at the next call, no new login")

	ev := k.Events(audit.TargetAccount, sam.Login.AccountID)
	last := ev[len(ev)-1]
	assert.Equal(t, viewers, last.Details["groups_before"])
	assert.Equal(t, viewers+","+editors, last.Details["groups_after"])

	_, err = k.Personnel.SetSecurityGroups(k.Ctx, k.Admin.Principal, sam.ID, []string{"ghost"})
	assert.True(t, carenet.Validation(err).Has("groups[0]", carenet.RuleOneOf))
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, k.Admin.Principal, sam.ID, nil)
	assert.True(t, carenet.Validation(err).Has("groups", carenet.RuleRequired))
	contact := k.Person("Carl", "Contact", personnel.AgencyOther)
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, k.Admin.Principal, contact.ID, []string{viewers})
	assert.True(t, carenet.Validation(err).Has("login", portal.RuleLoginRequired))

	samP := k.LoginAs("sstaff", pw).Principal
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, samP, sam.ID, []string{auth.AdministratorGroup})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "no one raises their own permissions without ManageSecurityGroups")
}

func TestSetPortalAccess(t *testing.T) {
	k := newKit(t)
	prosecutors := k.Group("Prosecutors", auth.ViewPersonnel)
	pat := k.User("Pat", "Prosecutor", "pprosecutor", pw, prosecutors)
	rita := k.User("Rita", "Referrer", "rita", pw, auth.ReferralUserGroup)
	tok := k.LoginAs("pprosecutor", pw).Token

	got, err := k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, pat.ID, portal.VideoOnly)
	require.NoError(t, err)
	assert.Equal(t, portal.Access{Enabled: true, Video: true}, got.Login.Portal)
	p, err := k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.Equal(t, portal.LandingDashboard, p.Portal.Landing)
	assert.True(t, p.Portal.Has(portal.ViewSharedVideos))
	ev := k.Events(audit.TargetAccount, pat.Login.AccountID)
	last := ev[len(ev)-1]
	assert.Equal(t, personnel.EventPortalAccessChanged, last.Action)
	assert.Equal(t, "none", last.Details["before"])
	assert.Equal(t, "enabled,video", last.Details["after"])

	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, rita.ID, portal.DualAccess)
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	v := carenet.Validation(err)
	require.Len(t, v.Problems, 1)
	assert.Equal(t, carenet.FieldError{Field: "portal.carenet", Rule: portal.RuleReferralUserCareNet,
		Message: `a "Referral User" cannot have CareNet Access; choose another security group for dual access`}, v.Problems[0])

	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, rita.ID, portal.ReferralOnly)
	require.NoError(t, err)
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, k.Admin.Principal, pat.ID, []string{auth.ReferralUserGroup})
	require.NoError(t, err, "a video-only user may become a referral user")
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, pat.ID, portal.All)
	assert.True(t, carenet.Validation(err).Has("portal.carenet", portal.RuleReferralUserCareNet))

	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, rita.ID, "left")
	require.NoError(t, err)
	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, rita.ID, portal.ReferralOnly)
	assert.True(t, carenet.Validation(err).Has("person", portal.RulePersonInactive), "%v", err)

	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, pat.ID, "everything")
	assert.True(t, carenet.Validation(err).Has("designation", carenet.RuleOneOf))

	patP := k.LoginAs("pprosecutor", pw).Principal
	_, err = k.Personnel.SetPortalAccess(k.Ctx, patP, pat.ID, portal.Access{})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
}
