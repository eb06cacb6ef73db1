package carenettest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// User is a person with a login that a builder made, logged in.
type User struct {
	// Profile is the person's profile as it was made.
	Profile personnel.Profile
	// Username logs the user in.
	Username string
	// Password is the user's password: the kit's Password.
	Password string
	// Token is the session token of the user's last login.
	Token string
	// Principal is who the session authenticates as, with the user's
	// portal capabilities.
	Principal *auth.Principal
}

// ID is the user's person ID.
func (u User) ID() string { return u.Profile.ID }

// StaffPermissions are the permissions of the security group Staff puts
// its users in unless Holding says otherwise: day-to-day work on
// personnel, intake and videos.
var StaffPermissions = []auth.Permission{
	auth.ViewPersonnel, auth.EditPersonnel, auth.ReviewReferrals,
	auth.ViewVideos, auth.ManageVideos, auth.ShareVideos,
}

// PartnerPermissions are the permissions of the security group portal
// users with CareNet access (dual access, all) are put in: an outside
// partner's real security group.
var PartnerPermissions = []auth.Permission{auth.ViewPersonnel}

// userSpec is what a builder makes a user from.
type userSpec struct {
	person personnel.NewPerson
	// perms are the permissions of the security group the user is put in.
	perms []auth.Permission
}

// UserOption changes a user before a builder makes them.
type UserOption func(*userSpec)

// Named gives the user these names instead of the builder's.
func Named(given, family string) UserOption {
	return func(s *userSpec) { s.person.Fields.GivenName, s.person.Fields.FamilyName = given, family }
}

// OfAgency puts the user in this agency, of this kind.
func OfAgency(name string, kind personnel.AgencyKind) UserOption {
	return func(s *userSpec) { s.person.Fields.Agency, s.person.Fields.AgencyKind = name, kind }
}

// EndingOn gives the user an end date: the last day of their access.
func EndingOn(day time.Time) UserOption {
	return func(s *userSpec) { s.person.Fields.EndDate = &day }
}

// WithUsername gives the user this username instead of the builder's.
func WithUsername(username string) UserOption {
	return func(s *userSpec) { s.person.Login.Username = username }
}

// Holding puts the user in a security group holding exactly perms, instead
// of StaffPermissions (Staff) or PartnerPermissions (a portal user with
// CareNet access). A referral-only or video-only user stays a Referral
// User whatever it says.
func Holding(perms ...auth.Permission) UserOption {
	return func(s *userSpec) { s.perms = perms }
}

// Staff makes a CAC staff member, logged in, whose login is in a security
// group holding StaffPermissions (or what Holding says). Usernames are
// staff-1, staff-2, ...; names Staff User 1, Staff User 2, ...
func (e *Env) Staff(opts ...UserOption) User {
	e.T.Helper()
	n := e.next("staff")
	return e.user("Staff", userSpec{perms: StaffPermissions, person: personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Staff", FamilyName: fmt.Sprintf("User %d", n), Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: fmt.Sprintf("staff-%d", n), Password: Password},
	}}, opts)
}

// designations is how PortalUser makes a user of each designation: the
// label of their username and name, their agency, and whether they need a
// real security group (CareNet access) rather than Referral User.
var designations = map[portal.Designation]struct {
	label   string
	agency  string
	kind    personnel.AgencyKind
	careNet bool
}{
	portal.ReferralOnly: {"referral-only", "Metro PD", personnel.AgencyLawEnforcement, false},
	portal.VideoOnly:    {"video-only", "County Prosecutor", personnel.AgencyProsecution, false},
	portal.DualAccess:   {"dual", "County CPS", personnel.AgencyChildProtective, true},
	portal.All:          {"all", "Metro PD", personnel.AgencyLawEnforcement, true},
}

// PortalUser makes an outside partner with portal designation d, logged
// in: a referral-only or video-only user in the built-in Referral User
// group, a dual-access or all user in a partners' security group holding
// PartnerPermissions. Usernames are referral-only-1, video-only-1,
// dual-1, all-1, ...; the agency follows the designation (a police
// department, a prosecutor's office, CPS) unless OfAgency says otherwise.
func (e *Env) PortalUser(d portal.Designation, opts ...UserOption) User {
	e.T.Helper()
	spec, ok := designations[d]
	if !ok {
		e.T.Fatalf("carenettest: PortalUser: unknown designation %q", d)
	}
	group := ""
	if spec.careNet {
		group = "MDT Partners"
	}
	n := e.next(spec.label)
	u := e.user(group, userSpec{perms: PartnerPermissions, person: personnel.NewPerson{
		Fields: personnel.Fields{GivenName: titleCase(spec.label), FamilyName: fmt.Sprintf("User %d", n), Agency: spec.agency, AgencyKind: spec.kind},
		Login:  &auth.LoginSpec{Username: fmt.Sprintf("%s-%d", spec.label, n), Password: Password},
	}}, opts)
	if _, err := e.Personnel.SetPortalDesignation(e.Ctx, e.admin(), u.ID(), d); err != nil {
		e.T.Fatalf("carenettest: give %s the designation %s: %v", u.Username, d, err)
	}
	// Log in again: the principal carries the capabilities the
	// designation gives.
	return e.Login(u)
}

// titleCase turns "referral-only" into "Referral-only".
func titleCase(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// user makes a person with a login as the administrator and logs them in.
// The login is in the security group named group holding spec.perms, or
// Referral User when group is "".
func (e *Env) user(group string, spec userSpec, opts []UserOption) User {
	e.T.Helper()
	defaults := spec.perms
	for _, o := range opts {
		o(&spec)
	}
	in := spec.person
	in.Login.Groups = []string{auth.ReferralUserGroup}
	if group != "" {
		in.Login.Groups = []string{e.group(group, spec.perms, defaults)}
	}
	created, err := e.Personnel.Create(e.Ctx, e.admin(), in)
	if err != nil {
		e.T.Fatalf("carenettest: create user %s: %v", in.Login.Username, err)
	}
	return e.login(created.Profile, in.Login.Username)
}

// group returns the ID of the security group named name holding perms,
// making it the first time. Permissions other than the builder's defaults
// make another group, named with them.
func (e *Env) group(name string, perms, defaults []auth.Permission) string {
	e.T.Helper()
	if !slices.Equal(perms, defaults) {
		names := make([]string, len(perms))
		for i, p := range perms {
			names[i] = p.String()
		}
		name += " (" + strings.Join(names, ", ") + ")"
	}
	if id, ok := e.groups[name]; ok {
		return id
	}
	g, err := e.Auth.CreateSecurityGroup(e.Ctx, e.admin(), name, "made by carenettest", auth.NewPermissionSet(perms...))
	if err != nil {
		e.T.Fatalf("carenettest: create security group %q: %v", name, err)
	}
	e.groups[name] = g.ID
	return g.ID
}

// login logs a new user in.
func (e *Env) login(p personnel.Profile, username string) User {
	e.T.Helper()
	return e.Login(User{Profile: p, Username: username, Password: Password})
}

// Login logs u in again with their password and returns them with the new
// session. It fails the test if the login is refused; to test a refusal,
// call e.Auth.Login.
func (e *Env) Login(u User) User {
	e.T.Helper()
	res, err := e.Auth.Login(e.Ctx, auth.LoginRequest{Username: u.Username, Password: u.Password})
	if err != nil {
		e.T.Fatalf("carenettest: %s logs in: %v", u.Username, err)
	}
	u.Token, u.Principal = res.Token, res.Principal
	return u
}

// Reauthenticate signs u in again in the session they have open
// (auth.Service.Reauthenticate), as a host does when a sensitive action
// answers carenet.ReauthenticationRequired, and returns them with the
// renewed principal. It fails the test if that is refused; to test a
// refusal, call e.Auth.Reauthenticate.
func (e *Env) Reauthenticate(u User) User {
	e.T.Helper()
	p, err := e.Auth.Reauthenticate(e.Ctx, auth.ReauthRequest{Token: u.Token, Password: u.Password})
	if err != nil {
		e.T.Fatalf("carenettest: %s signs in again: %v", u.Username, err)
	}
	u.Principal = p
	return u
}

// Refresh authenticates u's session afresh, as a host does on every
// request, and logs them in again if it ended (it went idle while the
// clock moved, say). It returns u with the current principal.
func (e *Env) Refresh(u User) User {
	e.T.Helper()
	p, err := e.Auth.Authenticate(e.Ctx, u.Token)
	if carenet.ErrorCode(err) == carenet.Unauthenticated {
		return e.Login(u)
	}
	if err != nil {
		e.T.Fatalf("carenettest: authenticate %s: %v", u.Username, err)
	}
	u.Principal = p
	return u
}
