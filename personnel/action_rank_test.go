package personnel_test

import (
	"errors"
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// Giving oneself a portal capability is conferring it: a staff member
// with portal.manage but not referrals.submit must not switch on their
// own Referral Portal Access and then submit LE referrals.
func TestOwnPortalSwitchesNeedTheReachTheyGive(t *testing.T) {
	env := carenettest.New(t)
	staff := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ManagePortalAccess))
	_, err := env.Personnel.SetPortalAccess(env.Ctx, staff.Principal, staff.ID(),
		portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true})
	if err != nil {
		if !errors.Is(err, auth.ErrOutranked) {
			t.Fatalf("refused, but not for rank or reach: %v", err)
		}
		return
	}
	staff = env.Login(staff)
	if _, err := env.Referrals.Submit(env.Ctx, staff.Principal, "self-granted", carenettest.LEForm()); err == nil {
		t.Fatalf("a staff member without referrals.submit switched on their own referral access and submitted an LE referral")
	}
}

// Renaming a login is an action against it: someone with personnel.edit
// alone must not rename the administrator's login (the administrator can
// no longer sign in with the name they know).
func TestRenamingALoginNeedsItsRank(t *testing.T) {
	env := carenettest.New(t)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.EditPersonnel))
	p, err := env.Personnel.Get(env.Ctx, clerk.Principal, env.Admin.ID())
	if err != nil {
		t.Fatal(err)
	}
	name := "not-the-admin"
	_, err = env.Personnel.Edit(env.Ctx, clerk.Principal, p.ID, p.Version, personnel.Update{Username: &name})
	if !errors.Is(err, auth.ErrOutranked) {
		t.Fatalf("a clerk with 2 permissions renamed the administrator's login: err = %v", err)
	}
}
