package personnel_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// stepUpPeople are the people the step-up cases act on.
type stepUpPeople struct {
	k *carenettest.Env
	// Tess is a user in Readers; Val a referral user; Cora a contact
	// made by accident and never used; Gus another security group.
	Tess, Val, Cora personnel.Profile
	Gus             string
}

func newStepUpPeople(t *testing.T) stepUpPeople {
	k := newKit(t)
	readers := k.Group("Readers", auth.ViewPersonnel)
	return stepUpPeople{
		k:    k,
		Tess: k.User("Tess", "Target", "ttarget", pw, readers),
		Val:  k.User("Val", "Viewer", "vviewer", pw, auth.ReferralUserGroup),
		Cora: k.Person("Cora", "Contact", personnel.AgencyOther),
		Gus:  k.Group("Gus", auth.ViewPersonnel, auth.EditPersonnel),
	}
}

// snapshot is what the cases may change: the three profiles (or that one
// was deleted) and the audit log's length.
func (s stepUpPeople) snapshot(t *testing.T) []any {
	t.Helper()
	out := []any{s.k.EventCount()}
	for _, id := range []string{s.Tess.ID, s.Val.ID, s.Cora.ID} {
		p, err := s.k.Personnel.Get(s.k.Ctx, s.k.Fresh(s.k.Admin.Principal), id)
		if carenet.ErrorCode(err) == carenet.NotFound {
			out = append(out, "deleted")
			continue
		}
		require.NoError(t, err)
		out = append(out, p)
	}
	return out
}

// TestSensitivePersonnelActionsNeedARecentSignIn: once the administrator's
// sign-in is as old as the window, removing someone (deactivating them,
// alone or with others, or by an end date that ends their access sooner;
// disabling or removing their login; deleting them), bringing a login
// back (switching it on again, reactivating its person) and changing
// security groups (applying them to a login, with a new login too, and
// switching portal access) are refused with ErrReauthenticationRequired and change
// nothing; after Reauthenticate in the same session they succeed.
func TestSensitivePersonnelActionsNeedARecentSignIn(t *testing.T) {
	cases := []struct {
		name string
		// setup, when set, runs first as a freshly signed-in
		// administrator.
		setup func(t *testing.T, s stepUpPeople)
		act   func(s stepUpPeople, p *auth.Principal) error
	}{
		{"Deactivate", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.Deactivate(s.k.Ctx, p, s.Tess.ID, "left")
			return err
		}},
		{"DeactivateMany", nil, func(s stepUpPeople, p *auth.Principal) error {
			res, err := s.k.Personnel.DeactivateMany(s.k.Ctx, p, []string{s.Tess.ID, s.Val.ID}, "cohort ended")
			if err == nil && len(res.Failed()) > 0 {
				return res.Failed()[0].Err
			}
			return err
		}},
		{"EditEndDateSooner", nil, func(s stepUpPeople, p *auth.Principal) error {
			end := s.k.Clock.Now().AddDate(0, 0, 7)
			_, err := s.k.Personnel.Edit(s.k.Ctx, p, s.Tess.ID, s.Tess.Version, personnel.Update{EndDate: &end})
			return err
		}},
		{"DisableLogin", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.DisableLogin(s.k.Ctx, p, s.Tess.ID, "on leave")
			return err
		}},
		{"RemoveLogin", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.RemoveLogin(s.k.Ctx, p, s.Tess.ID, "now a contact")
			return err
		}},
		{"Delete", nil, func(s stepUpPeople, p *auth.Principal) error {
			return s.k.Personnel.Delete(s.k.Ctx, p, s.Cora.ID)
		}},
		{"SetSecurityGroups", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.SetSecurityGroups(s.k.Ctx, p, s.Tess.ID, []string{s.Gus})
			return err
		}},
		{"SetPortalAccess", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.SetPortalAccess(s.k.Ctx, p, s.Val.ID, portal.Access{Enabled: true, Video: true})
			return err
		}},
		{"SetPortalDesignation", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.SetPortalDesignation(s.k.Ctx, p, s.Val.ID, portal.VideoOnly)
			return err
		}},
		{"CreateWithALogin", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.Create(s.k.Ctx, p, personnel.NewPerson{
				Fields: personnel.Fields{GivenName: "Nia", FamilyName: "New", AgencyKind: personnel.AgencyCAC},
				Login:  &auth.LoginSpec{Username: "nnew", Password: pw, Groups: []string{auth.AdministratorGroup}},
			})
			return err
		}},
		{"GiveLogin", nil, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.GiveLogin(s.k.Ctx, p, s.Cora.ID, auth.LoginSpec{Username: "ccontact", Password: pw, Groups: []string{s.Gus}})
			return err
		}},
		// Bringing a login back hands a set-password link for it to the
		// actor when no deliverer is set: from a session alone, that is
		// an account taken over.
		{"EnableLogin", func(t *testing.T, s stepUpPeople) {
			_, err := s.k.Personnel.DisableLogin(s.k.Ctx, s.k.Fresh(s.k.Admin.Principal), s.Tess.ID, "on leave")
			require.NoError(t, err)
		}, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.EnableLogin(s.k.Ctx, p, s.Tess.ID, "back from leave")
			return err
		}},
		{"Reactivate", func(t *testing.T, s stepUpPeople) {
			_, err := s.k.Personnel.Deactivate(s.k.Ctx, s.k.Fresh(s.k.Admin.Principal), s.Tess.ID, "left")
			require.NoError(t, err)
		}, func(s stepUpPeople, p *auth.Principal) error {
			_, err := s.k.Personnel.Reactivate(s.k.Ctx, p, s.Tess.ID, "rehired")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStepUpPeople(t)
			k := s.k
			if tc.setup != nil {
				tc.setup(t, s)
			}
			res := k.LoginAs("admin", carenettest.Password)
			k.Clock.Advance(auth.DefaultReauthWindow)
			stale, err := k.Auth.Authenticate(k.Ctx, res.Token)
			require.NoError(t, err)

			before := s.snapshot(t)
			err = tc.act(s, stale)
			require.ErrorIs(t, err, auth.ErrReauthenticationRequired)
			require.Equal(t, carenet.ReauthenticationRequired, carenet.ErrorCode(err))
			assert.Equal(t, before, s.snapshot(t), "a refusal changes nothing and records nothing")

			require.NoError(t, tc.act(s, k.ReauthenticateToken(res.Token, carenettest.Password)), "after signing in again")
			assert.NotEqual(t, before, s.snapshot(t))
		})
	}
}

// TestOrdinaryPersonnelActionsNeedNoRecentSignIn: the rule is for the
// sensitive actions only: with a sign-in hours old (the session kept
// alive), adding a contact, editing a title, moving an end date later,
// and the end-date sweep (the system) go ahead.
func TestOrdinaryPersonnelActionsNeedNoRecentSignIn(t *testing.T) {
	s := newStepUpPeople(t)
	k := s.k
	end := k.Clock.Now().AddDate(0, 0, 30)
	_, err := k.Personnel.Edit(k.Ctx, k.Fresh(k.Admin.Principal), s.Tess.ID, s.Tess.Version, personnel.Update{EndDate: &end})
	require.NoError(t, err)
	res := k.LoginAs("admin", carenettest.Password)
	for range 24 {
		k.Clock.Advance(5 * time.Minute)
		_, err := k.Auth.Authenticate(k.Ctx, res.Token)
		require.NoError(t, err)
	}
	stale, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err)
	requireStale(t, stale.RequireRecentSignIn(k.Clock.Now()))

	_, err = k.Personnel.Create(k.Ctx, stale, personnel.NewPerson{Fields: personnel.Fields{GivenName: "Ola", FamilyName: "Other", AgencyKind: personnel.AgencyOther}})
	require.NoError(t, err, "a contact without a login")
	tess, err := k.Personnel.Get(k.Ctx, stale, s.Tess.ID)
	require.NoError(t, err)
	title, later := "Advocate", end.AddDate(0, 0, 30)
	_, err = k.Personnel.Edit(k.Ctx, stale, tess.ID, tess.Version, personnel.Update{Title: &title, EndDate: &later})
	require.NoError(t, err, "a title, and an end date moved later")

	k.Clock.Set(end.AddDate(0, 1, 1))
	swept, err := k.Personnel.SweepEndDates(k.Ctx)
	require.NoError(t, err)
	require.Len(t, swept.Items, 1, "the system needs no sign-in")
	require.NoError(t, swept.Items[0].Err)
}

func requireStale(t *testing.T, err error) {
	t.Helper()
	require.ErrorIs(t, err, auth.ErrReauthenticationRequired)
}
