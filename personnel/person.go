package personnel

import (
	"slices"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// AgencyKind is the kind of agency a person works for.
type AgencyKind string

// The agency kinds.
const (
	AgencyCAC             AgencyKind = "cac"
	AgencyLawEnforcement  AgencyKind = "law_enforcement"
	AgencyChildProtective AgencyKind = "child_protective_services"
	AgencyProsecution     AgencyKind = "prosecution"
	AgencyMedical         AgencyKind = "medical"
	AgencyMentalHealth    AgencyKind = "mental_health"
	AgencyOther           AgencyKind = "other"
)

// AgencyKinds lists every agency kind.
func AgencyKinds() []AgencyKind {
	return []AgencyKind{AgencyCAC, AgencyLawEnforcement, AgencyChildProtective, AgencyProsecution, AgencyMedical, AgencyMentalHealth, AgencyOther}
}

// Valid reports whether k is a known agency kind.
func (k AgencyKind) Valid() bool { return slices.Contains(AgencyKinds(), k) }

// State is a profile's state: the "Inactive Person" box.
type State string

// The states.
const (
	Active   State = "active"
	Inactive State = "inactive"
)

// Valid reports whether s is a known state.
func (s State) Valid() bool { return s == Active || s == Inactive }

// Fields are the editable fields of a profile, as CheckFields validates
// them: what a creation or an edit sets, and what a Person holds.
type Fields struct {
	// GivenName, MiddleName and FamilyName are the person's names; Suffix
	// ("Jr.") and Title ("Det.") go around them. Given and family name are
	// required.
	GivenName  string
	MiddleName string
	FamilyName string
	Suffix     string
	Title      string
	// Agency is the name of the agency the person works for; AgencyKind,
	// required, its kind.
	Agency     string
	AgencyKind AgencyKind
	// Email and Phone are the person's contact details.
	Email string
	Phone string
	// StartDate and EndDate are optional dates (midnight UTC). From the
	// end date on, access has ended (auth.EndReached).
	StartDate *time.Time
	EndDate   *time.Time
}

// Person is a personnel profile: its ID, its editable Fields (GivenName,
// FamilyName, Agency, EndDate... read as p.GivenName), and what the service
// keeps about it.
type Person struct {
	// ID is the profile's ID.
	ID string
	// Fields are the profile's editable fields. When EndDate has passed,
	// Service.SweepEndDates deactivates the person.
	Fields
	// State is Active or Inactive; StateChangedAt, StateReason and
	// StateChangedBy (a person ID, empty for the system) say when, why and by
	// whom it last changed.
	State          State
	StateChangedAt time.Time
	StateReason    string
	StateChangedBy string
	// CreatedAt and UpdatedAt are when the profile was made and last
	// changed.
	CreatedAt time.Time
	UpdatedAt time.Time
	// Version increases with every stored change; an edit based on an old
	// version is refused with a conflict.
	Version int64
}

// Active reports whether the person is active.
func (p Person) Active() bool { return p.State == Active }

// ActiveAt reports whether the person is active at now: active, and their
// end date, if any, not yet reached (auth.EndReached). From the end date on
// a person counts as gone even before the sweep marks them inactive, as
// auth.Holder.AllowedAt has it for logins.
func (p Person) ActiveAt(now time.Time) bool {
	return p.Active() && !auth.EndReached(p.EndDate, now)
}

// DisplayName is "Given Family".
func (p Person) DisplayName() string {
	switch {
	case p.GivenName == "":
		return p.FamilyName
	case p.FamilyName == "":
		return p.GivenName
	}
	return p.GivenName + " " + p.FamilyName
}

// Login is the part of an account a profile shows.
type Login struct {
	AccountID string
	Username  string
	Active    bool
	Groups    []string
	Portal    portal.Access
}

// Profile is a person with their login, if they have one.
type Profile struct {
	Person
	Login *Login
}
