package personnel_test

import (
	"strings"
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
)

func TestCreateContact(t *testing.T) {
	k := newKit(t)
	c, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{Fields: personnel.Fields{
		GivenName: "Dana", FamilyName: "Detective", Title: "Detective", Agency: "Metro PD",
		AgencyKind: personnel.AgencyLawEnforcement, Email: "dana@metro.example.org", Phone: "+1 (555) 010-2000 x12",
	}})
	require.NoError(t, err)
	assert.Nil(t, c.Profile.Login, "without the Is User box there is no login")
	assert.Nil(t, c.Link)
	assert.Equal(t, personnel.Active, c.Profile.State)
	assert.Equal(t, int64(1), c.Profile.Version)

	got, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, c.Profile.ID)
	require.NoError(t, err)
	assert.Equal(t, c.Profile.Person, got.Person)
	assert.Equal(t, []any{personnel.EventCreated}, actions(k.Events(audit.TargetPerson, c.Profile.ID)))
}

func TestCreateSystemUser(t *testing.T) {
	k := newKit(t)
	t.Run("WithPassword", func(t *testing.T) {
		c, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "Sam", FamilyName: "Staff", AgencyKind: personnel.AgencyCAC},
			Login:  &auth.LoginSpec{Username: "SStaff", Password: pw, Groups: []string{auth.AdministratorGroup}},
		})
		require.NoError(t, err)
		require.NotNil(t, c.Profile.Login)
		assert.Equal(t, "sstaff", c.Profile.Login.Username)
		assert.True(t, c.Profile.Login.Active)
		assert.Nil(t, c.Link)
		k.LoginAs("sstaff", pw)
	})
	t.Run("WithLink", func(t *testing.T) {
		c, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "Rita", FamilyName: "Referrer", AgencyKind: personnel.AgencyLawEnforcement},
			Login:  &auth.LoginSpec{Username: "rreferrer", Groups: []string{auth.ReferralUserGroup}, Portal: portal.Access{Enabled: true, Referral: portal.ReferralBoth}},
		})
		require.NoError(t, err)
		require.NotNil(t, c.Link, "a login without a password gets a set-password link")
		assert.Equal(t, auth.PurposeSetPassword, c.Link.Link.Purpose)
		require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, c.Link.Token, "amber-meadow-falcon-71"))
		p := k.LoginAs("rreferrer", "amber-meadow-falcon-71").Principal
		assert.Equal(t, portal.LandingDashboard, p.Portal.Landing)
		assert.True(t, p.Portal.Has(portal.SubmitLEReferrals))
		assert.False(t, p.Portal.Has(portal.UseCareNet))
	})
}

func TestCreateReportsEveryProblemAndChangesNothing(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", pw)
	before := count(t, k)
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 0, -1)
	_, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{
			GivenName:  "Bad\x07Name",
			FamilyName: strings.Repeat("x", personnel.MaxNameLength+1),
			AgencyKind: "aliens",
			Email:      "not-an-email",
			Phone:      "call me",
			StartDate:  &start,
			EndDate:    &end,
		},
		Login: &auth.LoginSpec{Username: "SSTAFF", Password: "password", Groups: []string{"no-such-group"}},
	})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	v := carenet.Validation(err)
	for _, want := range []struct{ field, rule string }{
		{"given_name", carenet.RuleControlChars},
		{"family_name", carenet.RuleTooLong},
		{"agency_kind", carenet.RuleOneOf},
		{"email", carenet.RuleFormat},
		{"phone", carenet.RuleFormat},
		{"end_date", carenet.RuleOrder},
		{"login.password", carenet.RuleTooShort},
		{"login.password", "common"},
	} {
		assert.True(t, v.Has(want.field, want.rule), "missing %s/%s in %v", want.field, want.rule, v.Problems)
	}
	assert.Equal(t, before, count(t, k), "nothing was stored")

	// Store-checked problems (a username taken in another case, an unknown
	// group) come together once the fields are right.
	_, err = k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Sue", FamilyName: "Same", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "SSTAFF", Password: pw, Groups: []string{"no-such-group"}},
	})
	v = carenet.Validation(err)
	require.NotNil(t, v, "%v", err)
	assert.True(t, v.Has("login.username", carenet.RuleTaken), "%v", v.Problems)
	assert.True(t, v.Has("login.groups[0]", carenet.RuleOneOf), "%v", v.Problems)
	assert.Equal(t, before, count(t, k), "nothing was stored")
}

func TestCreateNeedsPermissions(t *testing.T) {
	k := newKit(t)
	creators := k.Group("Creators", auth.CreatePersonnel)
	k.User("Cal", "Creator", "ccreator", pw, creators)
	k.User("Nia", "Nobody", "nnobody", pw, k.Group("Nothing", auth.ViewPersonnel))
	cal := k.LoginAs("ccreator", pw).Principal
	nia := k.LoginAs("nnobody", pw).Principal
	fields := personnel.Fields{GivenName: "New", FamilyName: "Person", AgencyKind: personnel.AgencyCAC}

	_, err := k.Personnel.Create(k.Ctx, nia, personnel.NewPerson{Fields: fields})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Personnel.Create(k.Ctx, cal, personnel.NewPerson{Fields: fields, Login: &auth.LoginSpec{Username: "newp", Password: pw, Groups: []string{auth.AdministratorGroup}}})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "giving a login security groups needs ManageSecurityGroups")
	_, err = k.Personnel.Create(k.Ctx, cal, personnel.NewPerson{Fields: fields})
	assert.NoError(t, err)
}

func actions(ev []audit.Event) []any {
	out := make([]any, len(ev))
	for i, e := range ev {
		out[i] = e.Action
	}
	return out
}

// count is the number of people and audit events, to show a refused call
// stored nothing.
func count(t *testing.T, k *carenettest.Env) [2]int {
	t.Helper()
	page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, personnel.Query{State: personnel.AllStates, Limit: personnel.MaxSearchLimit})
	require.NoError(t, err)
	ev, err := k.Audit.List(k.Ctx, audit.Filter{})
	require.NoError(t, err)
	return [2]int{len(page.People), len(ev)}
}
