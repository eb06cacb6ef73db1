package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// setUp: the administrator logs in and creates the security groups.
func (c *cast) setUp(ctx context.Context) error {
	c.section("An administrator sets up the centre")
	created, err := c.people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", Title: "Director", Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: adminPassword},
	})
	if err != nil {
		return step("create the administrator", err)
	}
	c.names[created.Profile.ID] = created.Profile.DisplayName()
	res, err := c.login(ctx, "ADA", adminPassword)
	if err != nil {
		return err
	}
	c.ada = res.Principal
	c.ok("Ada logs in (usernames ignore case) and lands in %s", c.ada.Portal.Landing)

	if c.advocates, err = c.auth.CreateSecurityGroup(ctx, c.ada, "Family Advocates", "day-to-day staff: personnel, intake and videos",
		auth.NewPermissionSet(auth.ViewPersonnel, auth.EditPersonnel, auth.ReviewReferrals,
			auth.ViewVideos, auth.ManageVideos, auth.ShareVideos)); err != nil {
		return step("create Family Advocates", err)
	}
	if c.partners, err = c.auth.CreateSecurityGroup(ctx, c.ada, "MDT Partners", "outside partners with a real security group",
		auth.NewPermissionSet(auth.ViewPersonnel)); err != nil {
		return step("create MDT Partners", err)
	}
	c.ok("security groups %q and %q created, beside the built-in Administrator and Referral User", c.advocates.Name, c.partners.Name)
	return nil
}

// newUser creates a person with a login as Ada.
func (c *cast) newUser(ctx context.Context, given, family, agency string, kind personnel.AgencyKind, username string, end *time.Time, groups ...string) (personnel.Profile, error) {
	created, err := c.people.Create(ctx, c.ada, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: given, FamilyName: family, Agency: agency, AgencyKind: kind, EndDate: end},
		Login:  &auth.LoginSpec{Username: username, Password: userPassword, Groups: groups},
	})
	if err != nil {
		return personnel.Profile{}, step("create "+username, err)
	}
	c.names[created.Profile.ID] = created.Profile.DisplayName()
	c.personIDs[username] = created.Profile.ID
	return created.Profile, nil
}

// hire: staff and an intern; a bad form is refused field by field.
func (c *cast) hire(ctx context.Context) error {
	c.section("Staff, an intern and outside partners")
	sam, err := c.newUser(ctx, "Sam", "Rivera", "Riverside CAC", personnel.AgencyCAC, "srivera", nil, c.advocates.ID)
	if err != nil {
		return err
	}
	internEnd := c.clock.Now().AddDate(0, 0, 30)
	if c.ivy, err = c.newUser(ctx, "Ivy", "Chen", "Riverside CAC", personnel.AgencyCAC, "ichen", &internEnd, c.advocates.ID); err != nil {
		return err
	}
	c.ok("staff member %s and intern %s (end date %s) created as system users", sam.DisplayName(), c.ivy.DisplayName(), internEnd.Format("2006-01-02"))
	res, err := c.login(ctx, "srivera", userPassword)
	if err != nil {
		return err
	}
	c.sam = res.Principal

	_, err = c.people.Create(ctx, c.ada, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Bad", FamilyName: "Input\x00", AgencyKind: "aliens", Email: "nope"},
		Login:  &auth.LoginSpec{Username: "SRIVERA", Password: "password"},
	})
	v := carenet.Validation(err)
	if err := expect(v != nil && len(v.Problems) >= 5, "bad input was not refused field by field: %v", err); err != nil {
		return err
	}
	var fields []string
	for _, p := range v.Problems {
		fields = append(fields, p.Field+"/"+p.Rule)
	}
	c.ok("a bad form is refused with every problem at once: %s", strings.Join(fields, ", "))
	return nil
}

// partner is an outside partner of the story.
type partner struct {
	given, family, agency, username string
	kind                            personnel.AgencyKind
	// group is "Referral User" or "MDT Partners".
	group       func(*cast) string
	designation portal.Designation
	tabs        []portal.Tab
	careNet     bool
}

// partners: a police officer who only refers, a prosecutor who only watches
// videos, a CPS worker with dual access and a detective with everything.
var partners = []partner{
	{"Rita", "Okafor", "Metro PD", "rokafor", personnel.AgencyLawEnforcement,
		func(*cast) string { return auth.ReferralUserGroup }, portal.ReferralOnly,
		[]portal.Tab{portal.TabDashboard, portal.TabMyReferrals}, false},
	{"Paul", "Nguyen", "County Prosecutor", "pnguyen", personnel.AgencyProsecution,
		func(c *cast) string { return c.partners.ID }, portal.VideoOnly,
		[]portal.Tab{portal.TabDashboard, portal.TabMyVideos}, false},
	{"Cara", "Diaz", "County CPS", "cdiaz", personnel.AgencyChildProtective,
		func(c *cast) string { return c.partners.ID }, portal.DualAccess,
		[]portal.Tab{portal.TabDashboard, portal.TabMyReferrals}, true},
	{"Dana", "Brooks", "Metro PD", "dbrooks", personnel.AgencyLawEnforcement,
		func(c *cast) string { return c.partners.ID }, portal.All,
		[]portal.Tab{portal.TabDashboard, portal.TabMyVideos, portal.TabMyReferrals}, true},
}

// portalUsers: each designation logs in and sees its landing page and tabs.
func (c *cast) portalUsers(ctx context.Context) error {
	c.section("Portal users of each designation log in")
	for _, p := range partners {
		prof, err := c.newUser(ctx, p.given, p.family, p.agency, p.kind, p.username, nil, p.group(c))
		if err != nil {
			return err
		}
		if _, err := c.people.SetPortalDesignation(ctx, c.ada, prof.ID, p.designation); err != nil {
			return step("give "+p.username+" "+string(p.designation), err)
		}
		res, err := c.login(ctx, p.username, userPassword)
		if err != nil {
			return err
		}
		caps := res.Principal.Portal
		tabs := caps.Tabs.List()
		if err := expect(caps.Landing == portal.LandingDashboard, "%s landed on %q", p.username, caps.Landing); err != nil {
			return err
		}
		if err := expect(slices.Equal(tabs, p.tabs), "%s (%s) sees tabs %v, want %v", p.username, p.designation, tabs, p.tabs); err != nil {
			return err
		}
		if err := expect(caps.Has(portal.SwitchPortalCareNet) == p.careNet, "%s (%s): portal/CareNet button %v", p.username, p.designation, caps.Has(portal.SwitchPortalCareNet)); err != nil {
			return err
		}
		names := make([]string, len(tabs))
		for i, t := range tabs {
			names[i] = t.String()
		}
		c.ok("%-14s %-12s lands on the %s; tabs: %s; portal/CareNet button: %v",
			p.designation, prof.DisplayName(), caps.Landing, strings.Join(names, ", "), caps.Has(portal.SwitchPortalCareNet))
	}
	rita, err := c.as(ctx, "rokafor")
	if err != nil {
		return err
	}
	_, err = c.people.SetPortalDesignation(ctx, c.ada, rita.PersonID, portal.DualAccess)
	if err := expect(carenet.ErrorCode(err) == carenet.Invalid && carenet.Validation(err) != nil, "a Referral User got CareNet access: %v", err); err != nil {
		return err
	}
	c.ok("giving the Referral User dual access is refused: %s", carenet.Validation(err).Problems[0].Message)
	return nil
}
