// Command quickstart runs the stories of a Children's Advocacy Center on the
// embedded memory store and prints a transcript of what happened: an
// administrator sets up security groups, staff, an intern and outside
// partners get profiles, portal users of each designation log in and see
// their landing page and tabs, the intern's end date passes and the sweep
// deactivates them, their old password and session stop working, deleting a
// used profile is refused, and the audit chain verifies.
//
// It exits with status 0 only if every step behaved as expected.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart failed:", err)
		os.Exit(1)
	}
}

// story prints the transcript and stops at the first step that does not
// behave as expected.
type story struct {
	w    io.Writer
	step int
}

func (s *story) section(title string) { fmt.Fprintf(s.w, "\n== %s\n", title) }

func (s *story) ok(format string, args ...any) {
	s.step++
	fmt.Fprintf(s.w, "  %2d. %s\n", s.step, fmt.Sprintf(format, args...))
}

func expect(cond bool, format string, args ...any) error {
	if !cond {
		return fmt.Errorf(format, args...)
	}
	return nil
}

// partnerPassword is every new user's password in this story.
const partnerPassword = "harbor-velvet-compass-42"

func run(ctx context.Context, w io.Writer) error {
	s := &story{w: w}
	clock := carenet.NewManualClock(time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC))
	store := memory.New()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{Clock: clock})
	if err != nil {
		return err
	}
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{Clock: clock})
	auditSvc := audit.NewService(store.Audit())

	s.section("An administrator sets up the centre")
	if _, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", Title: "Director", Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: "granite-orchard-lantern-7"},
	}); err != nil {
		return err
	}
	admin, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ADA", Password: "granite-orchard-lantern-7"})
	if err != nil {
		return err
	}
	ada := admin.Principal
	s.ok("Ada logs in (usernames ignore case) and lands in %s", ada.Portal.Landing)

	advocates, err := authSvc.CreateSecurityGroup(ctx, ada, "Family Advocates", "day-to-day staff",
		auth.NewPermissionSet(auth.ViewPersonnel, auth.EditPersonnel, auth.ViewVideos))
	if err != nil {
		return err
	}
	partners, err := authSvc.CreateSecurityGroup(ctx, ada, "MDT Partners", "outside partners with a real security group",
		auth.NewPermissionSet(auth.ViewPersonnel))
	if err != nil {
		return err
	}
	s.ok("security groups %q and %q created, beside the built-in Administrator and Referral User", advocates.Name, partners.Name)

	s.section("Staff, an intern and outside partners")
	newUser := func(given, family, agency string, kind personnel.AgencyKind, username string, end *time.Time, groups ...string) (personnel.Profile, error) {
		c, err := people.Create(ctx, ada, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: given, FamilyName: family, Agency: agency, AgencyKind: kind, EndDate: end},
			Login:  &auth.LoginSpec{Username: username, Password: partnerPassword, Groups: groups},
		})
		if err != nil {
			return personnel.Profile{}, err
		}
		return c.Profile, nil
	}
	sam, err := newUser("Sam", "Rivera", "Riverside CAC", personnel.AgencyCAC, "srivera", nil, advocates.ID)
	if err != nil {
		return err
	}
	internEnd := clock.Now().AddDate(0, 0, 30)
	ivy, err := newUser("Ivy", "Chen", "Riverside CAC", personnel.AgencyCAC, "ichen", &internEnd, advocates.ID)
	if err != nil {
		return err
	}
	s.ok("staff member %s and intern %s (end date %s) created as system users", sam.DisplayName(), ivy.DisplayName(), internEnd.Format("2006-01-02"))

	_, err = people.Create(ctx, ada, personnel.NewPerson{Fields: personnel.Fields{GivenName: "Bad", FamilyName: "Input\x00", AgencyKind: "aliens", Email: "nope"},
		Login: &auth.LoginSpec{Username: "SRIVERA", Password: "password"}})
	v := carenet.Validation(err)
	if err := expect(v != nil && len(v.Problems) >= 5, "bad input was not refused field by field: %v", err); err != nil {
		return err
	}
	var fields []string
	for _, p := range v.Problems {
		fields = append(fields, p.Field+"/"+p.Rule)
	}
	s.ok("a bad form is refused with every problem at once: %s", strings.Join(fields, ", "))

	type partner struct {
		given, family, agency, username string
		kind                            personnel.AgencyKind
		group                           string
		designation                     portal.Designation
	}
	partnersList := []partner{
		{"Rita", "Okafor", "Metro PD", "rokafor", personnel.AgencyLawEnforcement, auth.ReferralUserGroup, portal.ReferralOnly},
		{"Paul", "Nguyen", "County Prosecutor", "pnguyen", personnel.AgencyProsecution, partners.ID, portal.VideoOnly},
		{"Dana", "Brooks", "Metro PD", "dbrooks", personnel.AgencyLawEnforcement, partners.ID, portal.DualAccess},
		{"Cara", "Diaz", "County CPS", "cdiaz", personnel.AgencyChildProtective, partners.ID, portal.All},
	}
	s.section("Portal users of each designation log in")
	for _, p := range partnersList {
		prof, err := newUser(p.given, p.family, p.agency, p.kind, p.username, nil, p.group)
		if err != nil {
			return err
		}
		if _, err := people.SetPortalDesignation(ctx, ada, prof.ID, p.designation); err != nil {
			return err
		}
		res, err := authSvc.Login(ctx, auth.LoginRequest{Username: p.username, Password: partnerPassword})
		if err != nil {
			return err
		}
		caps := res.Principal.Portal
		var tabs []string
		for _, t := range caps.Tabs.List() {
			tabs = append(tabs, t.String())
		}
		if err := expect(caps.Landing == portal.LandingDashboard, "%s landed on %q", p.username, caps.Landing); err != nil {
			return err
		}
		s.ok("%-14s %-13s lands on the %s; tabs: %s; portal/CareNet button: %v",
			p.designation, prof.DisplayName(), caps.Landing, strings.Join(tabs, ", "), caps.Has(portal.SwitchPortalCareNet))
	}
	rita, _ := people.Search(ctx, ada, personnel.Query{Username: "rokafor"})
	_, err = people.SetPortalDesignation(ctx, ada, rita.People[0].ID, portal.DualAccess)
	if err := expect(carenet.ErrorCode(err) == carenet.Invalid, "a Referral User got CareNet access: %v", err); err != nil {
		return err
	}
	s.ok("giving the Referral User dual access is refused: %s", carenet.Validation(err).Problems[0].Message)

	s.section("The intern's end date passes")
	clock.Advance(29 * 24 * time.Hour)
	ivyLogin, err := authSvc.Login(ctx, auth.LoginRequest{Username: "ichen", Password: partnerPassword})
	if err != nil {
		return err
	}
	s.ok("on her last day Ivy logs in and works")
	clock.Advance(2 * 24 * time.Hour)
	_, err = authSvc.Authenticate(ctx, ivyLogin.Token)
	if err := expect(carenet.ErrorCode(err) == carenet.Unauthenticated, "Ivy's session outlived her end date: %v", err); err != nil {
		return err
	}
	s.ok("once her end date passes, her open session stops at once, before any sweep: %q", carenet.ErrorMessage(err))
	// Ada's session went idle long ago; she logs in again.
	if admin, err = authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: "granite-orchard-lantern-7"}); err != nil {
		return err
	}
	ada = admin.Principal
	swept, err := people.SweepEndDates(ctx)
	if err != nil {
		return err
	}
	if err := expect(len(swept.Items) == 1 && swept.Items[0].PersonID == ivy.ID && swept.Items[0].Result.LoginDisabled, "the sweep did not deactivate Ivy: %+v", swept); err != nil {
		return err
	}
	s.ok("the nightly sweep deactivates %s: profile inactive, login disabled, password replaced, %d session(s) revoked",
		ivy.DisplayName(), swept.Items[0].Result.SessionsRevoked)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "ichen", Password: partnerPassword})
	if err := expect(carenet.ErrorCode(err) == carenet.Unauthenticated, "Ivy's old password still works: %v", err); err != nil {
		return err
	}
	s.ok("Ivy's old password fails: %q", carenet.ErrorMessage(err))
	_, err = authSvc.Authenticate(ctx, ivyLogin.Token)
	if err := expect(carenet.ErrorCode(err) == carenet.Unauthenticated, "Ivy's old session still works: %v", err); err != nil {
		return err
	}
	s.ok("Ivy's old session fails too: %q", carenet.ErrorMessage(err))
	page, err := people.Search(ctx, ada, personnel.Query{Name: "ivy"})
	if err != nil {
		return err
	}
	s.ok("the personnel search hides inactive people by default: %d result(s) for \"ivy\"", len(page.People))

	s.section("Deleting a used profile is refused")
	err = people.Delete(ctx, ada, ivy.ID)
	if err := expect(carenet.ErrorCode(err) == carenet.InUse, "deleting Ivy was not refused: %v", err); err != nil {
		return err
	}
	s.ok("%s", carenet.ErrorMessage(err))
	oops, err := people.Create(ctx, ada, personnel.NewPerson{Fields: personnel.Fields{GivenName: "Duplicate", FamilyName: "Entry", AgencyKind: personnel.AgencyOther}})
	if err != nil {
		return err
	}
	if err := people.Delete(ctx, ada, oops.Profile.ID); err != nil {
		return err
	}
	s.ok("a profile made by accident and never used is deleted")

	s.section("The audit log")
	head, n, err := auditSvc.Verify(ctx, audit.Head{})
	if err != nil {
		return err
	}
	s.ok("the hash chain of %d events verifies (head %s…)", n, head.Hash[:12])
	fmt.Fprintf(w, "\nAll %d steps behaved as expected.\n", s.step)
	return nil
}
