package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// seedUser is a login seed made, with its password.
type seedUser struct {
	Username string
	Password string
	PersonID string
	// Role says what the user is, in words.
	Role string
}

// seedShare is a video share seed made.
type seedShare struct {
	ShareID  string
	VideoID  string
	Title    string
	Grantee  string
	Mode     video.Mode
	Contents []byte
}

// seeded is what seed made.
type seeded struct {
	Users      []seedUser
	Shares     []seedShare
	ReferralID string
}

// user returns the seeded user with the username.
func (s *seeded) user(username string) seedUser {
	for _, u := range s.Users {
		if u.Username == username {
			return u
		}
	}
	panic("no seeded user " + username)
}

// newPassword returns a random password the policy accepts for a user
// with the personal strings (username and names): 20 URL-safe characters
// from 15 random bytes, drawn again when the policy refuses them (a draw
// may, rarely, hold the username or look like a run of keys).
func newPassword(policy password.Policy, personal ...string) (string, error) {
	for range 100 {
		b := make([]byte, 15)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		pw := base64.RawURLEncoding.EncodeToString(b)
		if policy.Check(pw, personal...) == nil {
			return pw, nil
		}
	}
	return "", errors.New("no random password the policy accepts")
}

// seed gives the app a centre to show: an administrator; a staff member
// who records and shares videos and works the intake queue; a portal user
// of each designation (referral only, video only, dual access, all); two
// interview videos with their files, shared view-only with the video-only
// user and with download to the user with everything; and one LE referral
// from the referral-only user. Every password is random.
func seed(ctx context.Context, a *app) (*seeded, error) {
	out := &seeded{}
	newUser := func(actor *auth.Principal, f personnel.Fields, username, role string, groups ...string) (string, error) {
		pw, err := newPassword(a.Auth.Policy(), username, f.GivenName, f.MiddleName, f.FamilyName)
		if err != nil {
			return "", err
		}
		in := personnel.NewPerson{Fields: f, Login: &auth.LoginSpec{Username: username, Password: pw, Groups: groups}}
		var c *personnel.Created
		if actor == nil {
			c, err = a.People.CreateAdministrator(ctx, in)
		} else {
			c, err = a.People.Create(ctx, actor, in)
		}
		if err != nil {
			return "", fmt.Errorf("create %s: %w", username, err)
		}
		out.Users = append(out.Users, seedUser{Username: username, Password: pw, PersonID: c.Profile.ID, Role: role})
		return c.Profile.ID, nil
	}
	login := func(username string) (*auth.Principal, error) {
		u := out.user(username)
		res, err := a.Auth.Login(ctx, auth.LoginRequest{Username: username, Password: u.Password})
		if err != nil {
			return nil, fmt.Errorf("log in %s: %w", username, err)
		}
		defer func() { _ = a.Auth.Logout(ctx, res.Token) }()
		return res.Principal, nil
	}

	if _, err := newUser(nil, personnel.Fields{GivenName: "Ada", FamilyName: "Admin", Title: "Director", Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		"ada", "administrator"); err != nil {
		return nil, err
	}
	ada, err := login("ada")
	if err != nil {
		return nil, err
	}
	clients, err := a.Auth.Permissions().Parse(clientsView)
	if err != nil {
		return nil, err
	}
	staff, err := a.Auth.CreateSecurityGroup(ctx, ada, "Intake and Video Staff", "works the referral queue; records and shares interview videos; opens the client list",
		auth.NewPermissionSet(auth.ViewPersonnel, auth.ReviewReferrals, auth.ViewVideos, auth.ManageVideos, auth.ShareVideos, clients))
	if err != nil {
		return nil, err
	}
	partners, err := a.Auth.CreateSecurityGroup(ctx, ada, "MDT Partners", "outside partners with a real security group",
		auth.NewPermissionSet(auth.ViewPersonnel))
	if err != nil {
		return nil, err
	}
	samID, err := newUser(ada, personnel.Fields{GivenName: "Sam", FamilyName: "Rivera", Title: "Forensic Interviewer", Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		"srivera", "CAC staff: intake queue, videos", staff.ID)
	if err != nil {
		return nil, err
	}
	partnerList := []struct {
		given, family, agency, username string
		kind                            personnel.AgencyKind
		group                           string
		designation                     portal.Designation
	}{
		{"Rita", "Okafor", "Metro PD", "rokafor", personnel.AgencyLawEnforcement, auth.ReferralUserGroup, portal.ReferralOnly},
		{"Paul", "Nguyen", "County Prosecutor", "pnguyen", personnel.AgencyProsecution, partners.ID, portal.VideoOnly},
		{"Dana", "Brooks", "Metro PD", "dbrooks", personnel.AgencyLawEnforcement, partners.ID, portal.DualAccess},
		{"Cara", "Diaz", "County CPS", "cdiaz", personnel.AgencyChildProtective, partners.ID, portal.All},
	}
	for _, p := range partnerList {
		id, err := newUser(ada, personnel.Fields{GivenName: p.given, FamilyName: p.family, Agency: p.agency, AgencyKind: p.kind},
			p.username, "portal user, "+string(p.designation), p.group)
		if err != nil {
			return nil, err
		}
		if _, err := a.People.SetPortalDesignation(ctx, ada, id, p.designation); err != nil {
			return nil, fmt.Errorf("portal access of %s: %w", p.username, err)
		}
	}

	sam, err := login("srivera")
	if err != nil {
		return nil, err
	}
	now := a.Auth.Config().Clock.Now()
	videos := []struct {
		title, key string
		size       int
	}{
		{"Forensic interview, J.D., part 1", "videos/2026/jd-part1.mp4", 48 << 10},
		{"Forensic interview, J.D., part 2", "videos/2026/jd-part2.mp4", 32 << 10},
	}
	ids := make([]string, len(videos))
	contents := make([][]byte, len(videos))
	for i, v := range videos {
		data := make([]byte, v.size)
		for j := range data {
			data[j] = byte(i*31 + j*7)
		}
		sum := a.Blobs.Put(v.key, data)
		rec, err := a.Videos.RecordUpload(ctx, sam, video.NewVideo{
			ClientID: "client-1001", CaseID: "case-2026-0042", Title: v.title,
			RecordedAt: now.Add(-48 * time.Hour), Duration: 42 * time.Minute,
			SizeBytes: int64(len(data)), ContentType: "video/mp4", SHA256: sum, StorageKey: v.key,
			InterviewerID: samID,
		})
		if err != nil {
			return nil, fmt.Errorf("record %q: %w", v.title, err)
		}
		ids[i], contents[i] = rec.ID, data
	}
	shares := []struct {
		video    int
		username string
		mode     video.Mode
		note     string
	}{
		{0, "pnguyen", video.ViewOnly, "For charging review."},
		{0, "cdiaz", video.ViewAndDownload, "For the CPS case file."},
		{1, "cdiaz", video.ViewOnly, ""},
	}
	for _, sh := range shares {
		u := out.user(sh.username)
		made, err := a.Videos.Share(ctx, sam, video.NewShare{VideoID: ids[sh.video], GranteeID: u.PersonID, Mode: sh.mode, Note: sh.note})
		if err != nil {
			return nil, fmt.Errorf("share with %s: %w", sh.username, err)
		}
		out.Shares = append(out.Shares, seedShare{
			ShareID: made.ID, VideoID: ids[sh.video], Title: videos[sh.video].title, Grantee: sh.username,
			Mode: sh.mode, Contents: contents[sh.video],
		})
	}

	rita, err := login("rokafor")
	if err != nil {
		return nil, err
	}
	ref, err := a.Referrals.Submit(ctx, rita, "seed-1", sampleForm(now))
	if err != nil {
		return nil, fmt.Errorf("submit the sample referral: %w", err)
	}
	out.ReferralID = ref.ID
	return out, nil
}

// sampleForm is a complete LE referral as of now.
func sampleForm(now time.Time) referral.Form {
	day := func(daysAgo int) *time.Time {
		y, m, d := now.UTC().AddDate(0, 0, -daysAgo).Date()
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return &t
	}
	return referral.Form{
		Kind:             referral.KindLE,
		Referrer:         referral.Contact{Name: "Rita Okafor", Agency: "Metro PD", Phone: "555-010-2000"},
		Reason:           "Disclosure at school; forensic interview needed.",
		AgencyCaseNumber: "MPD-2026-00123",
		IncidentDate:     day(10),
		ReportedDate:     day(3),
		Children:         []referral.Child{{GivenName: "Jamie", FamilyName: "Doe", DateOfBirth: day(9*365 + 40)}},
		Allegations:      []referral.Allegation{{Type: referral.PhysicalAbuse}},
		Narrative:        "Jamie told her teacher about injuries at home.",
		Services:         []referral.RequestedService{referral.ForensicInterview},
		Urgency:          referral.Urgent,
		LE:               &referral.LEPart{Investigator: referral.Contact{Name: "Det. Rita Okafor", Agency: "Metro PD"}, ReportNumber: "2026-000456"},
	}
}
