package personnel_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

const day = 24 * time.Hour

// withDormancy sets Config.DormantAfterDays.
func withDormancy(days int) carenettest.Option {
	return carenettest.WithPersonnelConfig(func(c *personnel.Config) { c.DormantAfterDays = days })
}

func usernames(us []auth.LoginUse) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Account.Username)
	}
	return out
}

// TestSweepDisablesLoginsNotUsedForThePeriod: a login idle past the
// period and one never used since it was made are disabled (the person
// stays active, the session ends); a login used within it is left alone,
// and the administrator logged in today too.
func TestSweepDisablesLoginsNotUsedForThePeriod(t *testing.T) {
	k := newKit(t, withDormancy(90))
	idle := k.User("Ida", "Idle", "iidle", pw)
	tok := k.LoginAs("iidle", pw).Token
	never := k.User("Nev", "Never", "nnever", pw)
	k.Clock.Advance(60 * day)
	recent := k.User("Rae", "Recent", "rrecent", pw)
	k.LoginAs("rrecent", pw)
	k.Clock.Advance(31 * day)
	k.LoginAs("admin", carenettest.Password)

	res, err := k.Personnel.SweepDormantLogins(k.Ctx)
	require.NoError(t, err)
	var swept []string
	for _, it := range res {
		require.NoError(t, it.Err)
		assert.True(t, it.Result.Changed)
		swept = append(swept, it.PersonID)
	}
	assert.ElementsMatch(t, []string{idle.ID, never.ID}, swept)
	for id, active := range map[string]bool{idle.ID: false, never.ID: false, recent.ID: true, k.Admin.ID(): true} {
		p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, id)
		require.NoError(t, err)
		assert.True(t, p.Active(), "the person stays active")
		assert.Equal(t, active, p.Login.Active, p.Login.Username)
	}
	_, err = k.Auth.Authenticate(k.Ctx, tok)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	ev := k.Events(audit.TargetPerson, idle.ID)
	assert.Equal(t, personnel.EventLoginDisabled, ev[len(ev)-1].Action)
	assert.Equal(t, "90", ev[len(ev)-1].Details["dormant_after_days"])
	again, err := k.Personnel.SweepDormantLogins(k.Ctx)
	require.NoError(t, err)
	assert.Empty(t, again, "nothing left to sweep")
	k.VerifyAudit()
}

// TestSweepOfDormantLoginsIsOffByDefault: without a period the sweep
// disables nothing, however old a login.
func TestSweepOfDormantLoginsIsOffByDefault(t *testing.T) {
	k := newKit(t)
	k.User("Ida", "Idle", "iidle", pw)
	k.Clock.Advance(3000 * day)
	res, err := k.Personnel.SweepDormantLogins(k.Ctx)
	require.NoError(t, err)
	assert.Empty(t, res)
	k.LoginAs("iidle", pw)
}

// TestDormancyPeriodMustBeSensible: a negative or absurd period is
// Invalid naming the field, and nothing changes.
func TestDormancyPeriodMustBeSensible(t *testing.T) {
	for _, days := range []int{-1, personnel.MaxDormantAfterDays + 1} {
		k := newKit(t, withDormancy(days))
		k.User("Ida", "Idle", "iidle", pw)
		k.Clock.Advance(4000 * day)
		_, err := k.Personnel.SweepDormantLogins(k.Ctx)
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%d days", days)
		assert.Equal(t, "DormantAfterDays", carenet.Validation(err).Problems[0].Field)
		k.LoginAs("iidle", pw)

		_, err = k.Personnel.LoginUses(k.Ctx, k.Admin.Principal, days)
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
		assert.Equal(t, "idle_days", carenet.Validation(err).Problems[0].Field)
	}
	k := newKit(t)
	_, err := k.Personnel.LoginUses(k.Ctx, k.Admin.Principal, 0)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "a report needs a period")
}

// TestLoginUseReportSortsLoginsByLastUse: never used, idle past the
// period, and logins whose set-password link expired unredeemed.
func TestLoginUseReportSortsLoginsByLastUse(t *testing.T) {
	k := newKit(t)
	k.User("Ida", "Idle", "iidle", pw)
	k.LoginAs("iidle", pw)
	k.User("Nev", "Never", "nnever", pw)
	linked, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Lin", FamilyName: "Link", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "llink", Groups: []string{auth.AdministratorGroup}},
	})
	require.NoError(t, err)
	require.NotNil(t, linked.Link)
	k.Clock.Advance(100 * day)
	k.LoginAs("admin", carenettest.Password)
	k.User("Fay", "Fresh", "ffresh", pw)

	r, err := k.Personnel.LoginUses(k.Ctx, k.Admin.Principal, 90)
	require.NoError(t, err)
	assert.Equal(t, 90, r.IdleDays)
	assert.ElementsMatch(t, []string{"nnever", "llink"}, usernames(r.NeverUsed))
	assert.Equal(t, []string{"iidle"}, usernames(r.Idle))
	require.Equal(t, []string{"llink"}, usernames(r.LinkLapsed))
	assert.Equal(t, linked.Link.Link.ExpiresAt, r.LinkLapsed[0].LinkExpiredAt)

	_, err = k.Personnel.LoginUses(k.Ctx, &auth.Principal{}, 90)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
}

// TestLoginUsesNeedWhatTheAccessReviewNeeds: the report of every login's
// last use and portal switches is an overview of who holds what, as the
// access review is: viewing profiles (personnel.view) does not show it;
// audit.view does (auth.RequireAccessOverview).
func TestLoginUsesNeedWhatTheAccessReviewNeeds(t *testing.T) {
	k := newKit(t)
	k.User("Vic", "Viewer", "vviewer", pw, k.Group("Profile viewers", auth.ViewPersonnel))
	k.User("Aud", "Auditor", "aauditor", pw, k.Group("Auditors", auth.ViewAudit))
	k.Clock.Advance(100 * day)
	vic, aud := k.LoginAs("vviewer", pw).Principal, k.LoginAs("aauditor", pw).Principal

	r, err := k.Personnel.LoginUses(k.Ctx, vic, 90)
	require.Error(t, err)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Contains(t, carenet.ErrorMessage(err), "audit.view")
	assert.Zero(t, r)
	assert.Equal(t, carenet.ErrorMessage(auth.RequireAccessOverview(vic)), carenet.ErrorMessage(err), "one rule")

	r, err = k.Personnel.LoginUses(k.Ctx, aud, 90)
	require.NoError(t, err)
	assert.NotEmpty(t, r.Idle, "the auditor sees every login's use")
	require.NoError(t, auth.RequireAccessOverview(aud))
}

// TestSwitchingALoginOnRestartsItsDormancyClock: a login disabled as
// dormant and switched on again, never used since, is not swept the next
// day for its old last login: its clock starts again when it is enabled
// (EnableLogin, Reactivate) or given (GiveLogin), and a whole period
// later, still unused, it is disabled again.
func TestSwitchingALoginOnRestartsItsDormancyClock(t *testing.T) {
	for _, how := range []string{"EnableLogin", "Reactivate", "GiveLogin"} {
		t.Run(how, func(t *testing.T) {
			k := newKit(t, withDormancy(90))
			ida := k.User("Ida", "Idle", "iidle", pw)
			k.LoginAs("iidle", pw)
			k.Clock.Advance(100 * day)
			switch how {
			case "EnableLogin":
				_, err := k.Personnel.DisableLogin(k.Ctx, k.Fresh(k.Admin.Principal), ida.ID, "on leave")
				require.NoError(t, err)
				_, err = k.Personnel.EnableLogin(k.Ctx, k.Fresh(k.Admin.Principal), ida.ID, "back")
				require.NoError(t, err)
			case "Reactivate":
				_, err := k.Personnel.Deactivate(k.Ctx, k.Fresh(k.Admin.Principal), ida.ID, "left")
				require.NoError(t, err)
				_, err = k.Personnel.Reactivate(k.Ctx, k.Fresh(k.Admin.Principal), ida.ID, "back")
				require.NoError(t, err)
			case "GiveLogin":
				_, err := k.Personnel.RemoveLogin(k.Ctx, k.Fresh(k.Admin.Principal), ida.ID, "contact")
				require.NoError(t, err)
				_, err = k.Personnel.GiveLogin(k.Ctx, k.Fresh(k.Admin.Principal), ida.ID, auth.LoginSpec{Username: "iidle", Groups: []string{auth.AdministratorGroup}})
				require.NoError(t, err)
			}
			k.Clock.Advance(day)
			k.LoginAs("admin", carenettest.Password)
			res, err := k.Personnel.SweepDormantLogins(k.Ctx)
			require.NoError(t, err)
			assert.Empty(t, res, "switched on yesterday, not dormant")
			requireLoginActive(t, k, ida.ID, true)

			k.Clock.Advance(90 * day)
			k.LoginAs("admin", carenettest.Password)
			res, err = k.Personnel.SweepDormantLogins(k.Ctx)
			require.NoError(t, err)
			require.Len(t, res, 1, "unused for the whole period since")
			require.NoError(t, res[0].Err)
			assert.Equal(t, ida.ID, res[0].PersonID)
			requireLoginActive(t, k, ida.ID, false)
		})
	}
}

func requireLoginActive(t *testing.T, k *carenettest.Env, personID string, active bool) {
	t.Helper()
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, personID)
	require.NoError(t, err)
	require.NotNil(t, p.Login)
	require.Equal(t, active, p.Login.Active)
}
