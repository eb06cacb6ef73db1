package personnel

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// Tx is the transaction handle personnel works in. It includes auth's
// repositories, so one transaction covers a person, their login, its
// sessions and the audit log.
type Tx interface {
	auth.Tx
	People() PersonRepository
	PersonnelGroups() GroupRepository
}

// Store is the transaction boundary personnel needs.
type Store = carenet.Transactor[Tx]

// PersonRepository keeps personnel profiles. Stores index people by the
// folded names and agency (see Fold) so the search is fast. A store may
// add the fast path EndDateFinder; References reports the kinds
// Reference* names.
type PersonRepository interface {
	// Create stores a new person with Version 1.
	Create(ctx context.Context, p Person) error
	// Get returns the person with id, or NotFound.
	Get(ctx context.Context, id string) (Person, error)
	// Update stores p if p.Version equals the stored version and returns it
	// with Version increased by one; Conflict on a stale version.
	Update(ctx context.Context, p Person) (Person, error)
	// Delete removes the person and their personnel group memberships.
	// NotFound if missing; InUse if a login, a video (as uploader or
	// interviewer), a video share (as grantee or sharer) or a referral (as
	// submitter) refers to the person.
	Delete(ctx context.Context, id string) error
	// Search returns at most q.Limit people matching q, ordered by folded
	// family name, folded given name, then id, starting after q.After.
	Search(ctx context.Context, q SearchQuery) ([]Person, error)
	// References lists the SDK's own records that refer to the person:
	// a login that was ever used, sessions, personnel group memberships,
	// audit events the person made, and the records of later packages.
	References(ctx context.Context, id string) ([]Reference, error)
	// Outstanding is what the person still holds that someone must take
	// over when they leave (see OutstandingFinder).
	OutstandingFinder
}

// EndDateFinder is an optional capability of a PersonRepository: finding
// the people whose end date has passed through an index, which
// EndDatePassed uses when the repository has it. Its EndDatePassed must
// return what the package's EndDatePassed returns without it: up to limit
// (every one when limit is 0) active people whose EndDate is on or before
// asOf, ordered by id.
type EndDateFinder interface {
	EndDatePassed(ctx context.Context, asOf time.Time, limit int) ([]Person, error)
}

// SearchQuery is a personnel search as stores receive it: already
// normalised by the service.
type SearchQuery struct {
	// Terms are folded name terms; each must be a prefix of some word of
	// the person's folded name as displayed, given then family.
	Terms []string
	// UsernamePrefix matches the start of the normalised username.
	UsernamePrefix string
	// Agency is a folded agency name, matched exactly against Fold(Agency).
	Agency string
	// AgencyKind matches exactly when not empty.
	AgencyKind AgencyKind
	// States are the states to include (never empty).
	States []State
	// After is the position to continue from, or nil for the first page.
	After *Cursor
	// Limit is at least 1.
	Limit int
}

// Cursor is a position in the search order.
type Cursor struct {
	Family string
	Given  string
	ID     string
}

// Reference is one kind of record that refers to a person.
type Reference struct {
	// Kind names the record ("account_logins", "sessions", "client_profiles").
	Kind string `json:"kind"`
	// Count is how many such records there are.
	Count int `json:"count"`
}

// ReferenceFinder reports records of the host's own (client profiles, cases,
// therapy sessions, ...) that refer to a person. The guarded delete asks it
// before deleting.
type ReferenceFinder interface {
	References(ctx context.Context, personID string) ([]Reference, error)
}

// Group is a personnel group: several people in one named group, to fill a
// field (such as a case's MDT members) in one step.
type Group struct {
	ID          string
	Name        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

// Member is a person listed in a group.
type Member struct {
	Person  Person
	AddedAt time.Time
}

// GroupGetter is an optional capability of a GroupRepository: reading one
// group by its key, which GroupByID uses when the repository has it. Get
// must return what GroupByID returns without it: the group with id, or
// NotFound.
type GroupGetter interface {
	Get(ctx context.Context, id string) (Group, error)
}

// GroupRepository keeps personnel groups. A store may add the fast path
// GroupGetter.
type GroupRepository interface {
	// Create stores a new group with Version 1; Conflict if the name (folded)
	// is taken.
	Create(ctx context.Context, g Group) error
	// Update stores g if its version is current and returns it with the new
	// version; Conflict on a stale version or a taken name.
	Update(ctx context.Context, g Group) (Group, error)
	// Delete removes the group and its memberships.
	Delete(ctx context.Context, id string) error
	// List returns every group ordered by name.
	List(ctx context.Context) ([]Group, error)
	// AddMember adds the person (a no-op if already a member); NotFound if
	// the group or person is missing.
	AddMember(ctx context.Context, groupID, personID string, at time.Time) error
	// RemoveMember removes the person (a no-op if not a member).
	RemoveMember(ctx context.Context, groupID, personID string) error
	// Members returns the group's members with their profiles, ordered like
	// the search, in one call.
	Members(ctx context.Context, groupID string) ([]Member, error)
}
