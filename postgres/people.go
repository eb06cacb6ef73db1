package postgres

import (
	"context"
	"maps"
	"slices"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/personnel"
)

// personRepo keeps personnel profiles in carenet.people, with the folded
// keys the search runs on.
type personRepo struct{ t *txn }

var _ personnel.EndDateFinder = personRepo{}

// personColumns are the columns personDest scans, from the table aliased p.
const personColumns = "p.id, p.given_name, p.middle_name, p.family_name, p.suffix, p.title, " +
	"p.agency, p.agency_kind, p.email, p.phone, p.state, p.state_changed_at, p.state_reason, " +
	"p.state_changed_by, p.start_date, p.end_date, p.created_at, p.updated_at, p.version"

func personDest(p *personnel.Person) []any {
	return []any{&p.ID, &p.GivenName, &p.MiddleName, &p.FamilyName, &p.Suffix, &p.Title,
		&p.Agency, &p.AgencyKind, &p.Email, &p.Phone, &p.State, timeCol{&p.StateChangedAt}, &p.StateReason,
		&p.StateChangedBy, optTimeCol{&p.StartDate}, optTimeCol{&p.EndDate}, timeCol{&p.CreatedAt}, timeCol{&p.UpdatedAt}, &p.Version}
}

// personValues are the stored columns of p but id and version, the folded
// keys included.
func personValues(p personnel.Person) map[string]any {
	return map[string]any{
		"given_name":       p.GivenName,
		"middle_name":      p.MiddleName,
		"family_name":      p.FamilyName,
		"suffix":           p.Suffix,
		"title":            p.Title,
		"agency":           p.Agency,
		"agency_kind":      string(p.AgencyKind),
		"email":            p.Email,
		"phone":            p.Phone,
		"state":            string(p.State),
		"state_changed_at": timeArg(p.StateChangedAt),
		"state_reason":     p.StateReason,
		"state_changed_by": p.StateChangedBy,
		"start_date":       optTimeArg(p.StartDate),
		"end_date":         optTimeArg(p.EndDate),
		"created_at":       timeArg(p.CreatedAt),
		"updated_at":       timeArg(p.UpdatedAt),
		"family_key":       personnel.Fold(p.FamilyName),
		"given_key":        personnel.Fold(p.GivenName),
		"agency_key":       personnel.Fold(p.Agency),
	}
}

// Create stores a new person with Version 1. Conflict if the id is taken
// (the transaction stays usable), Invalid if a value breaks the schema (an
// unknown state or agency kind).
func (r personRepo) Create(ctx context.Context, p personnel.Person) error {
	values := personValues(p)
	values["id"] = p.ID
	values["version"] = 1
	return r.t.insertNew(ctx, "people.Create", "person", psql.Insert("carenet.people").SetMap(values), "a person with this id already exists")
}

// Get returns the person with id; NotFound if there is none. In a
// read-write transaction the row stays locked until the transaction ends.
func (r personRepo) Get(ctx context.Context, id string) (personnel.Person, error) {
	var p personnel.Person
	q := personGet
	if !r.t.readOnly {
		// Locked until the transaction ends, so that two changes of one
		// person run one after the other and the later sees the earlier:
		// a second deactivation finds the person inactive and changes
		// nothing, where it would otherwise fail on the version.
		q = personGetForUpdate
	}
	err := r.t.one(ctx, read("people.Get", "person"), q.with(id), personDest(&p)...)
	return p, err
}

// personGet and personGetForUpdate read a person by id (Get).
var (
	personGet = newPrebuilt(func(v ...any) sqlizer {
		return psql.Select(personColumns).From("carenet.people p").Where(sq.Eq{"p.id": v[0]})
	})
	personGetForUpdate = newPrebuilt(func(v ...any) sqlizer {
		return psql.Select(personColumns).From("carenet.people p").Where(sq.Eq{"p.id": v[0]}).Suffix("FOR UPDATE OF p")
	})
)

// Update stores p if p.Version is the stored version and returns it as
// stored, with Version increased by one. NotFound if the person is missing,
// Conflict if the version is stale, Invalid if a value breaks the schema.
func (r personRepo) Update(ctx context.Context, p personnel.Person) (personnel.Person, error) {
	o := write("people.Update", "person")
	values := personValues(p)
	args := make([]any, 0, len(personValueKeys)+2)
	for _, k := range personValueKeys {
		args = append(args, values[k])
	}
	var out personnel.Person
	err := r.t.updateVersioned(ctx, o, personUpdate.with(append(args, p.ID, p.Version)...), "carenet.people", p.ID, personDest(&out)...)
	return out, err
}

// personValueKeys are the columns personValues sets, in order.
var personValueKeys = slices.Sorted(maps.Keys(personValues(personnel.Person{})))

// personUpdate is Update's statement, of personValues in the order of
// personValueKeys, then the person's ID and version.
var personUpdate = newPrebuilt(func(v ...any) sqlizer {
	set := make(map[string]any, len(personValueKeys))
	for i, k := range personValueKeys {
		set[k] = v[i]
	}
	n := len(personValueKeys)
	return psql.Update("carenet.people AS p").
		SetMap(set).
		Set("version", sq.Expr("p.version + 1")).
		Where(sq.Eq{"p.id": v[n], "p.version": v[n+1]}).
		Suffix("RETURNING " + personColumns)
})

// Delete removes the person and their personnel group memberships.
// NotFound if missing; InUse if the person still has a login (delete it
// first with AccountRepository.Delete).
func (r personRepo) Delete(ctx context.Context, id string) error {
	n, err := r.t.exec(ctx, remove("people.Delete", "person"), psql.Delete("carenet.people").Where(sq.Eq{"id": id}))
	if err == nil && n == 0 {
		return notFound("people.Delete", "person")
	}
	return err
}

// Search returns at most q.Limit people matching q, in the order of the
// folded family name, folded given name and id, after q.After; one
// statement on the indexes of the folded keys. Terms, agency and cursor are
// folded again and the username prefix lower-cased, in case a caller did
// not; an empty States matches every state; a Limit below 1 gives nothing.
func (r personRepo) Search(ctx context.Context, q personnel.SearchQuery) ([]personnel.Person, error) {
	o := read("people.Search", "person")
	// Planned for its patterns: a plan made for any prefix could not
	// range over the indexes as one made for the given prefix does.
	o.planPerCall = true
	if _, err := r.t.db(o); err != nil {
		return nil, err
	}
	if q.Limit < 1 {
		return nil, nil
	}
	return scanAll(ctx, r.t, o, searchStatement(q), personDest)
}

// EndDatePassed returns up to limit (all when limit is 0 or less) active
// people whose end date is on or before asOf, ordered by id. It runs on the
// partial index people_end_date_sweep.
func (r personRepo) EndDatePassed(ctx context.Context, asOf time.Time, limit int) ([]personnel.Person, error) {
	q := psql.Select(personColumns).From("carenet.people p").
		Where(sq.Eq{"p.state": string(personnel.Active)}).
		Where(sq.LtOrEq{"p.end_date": asOf.UTC()}).
		OrderBy("p.id")
	if limit > 0 {
		q = q.Suffix("LIMIT ?", limit)
	}
	return scanAll(ctx, r.t, read("people.EndDatePassed", "person"), q, personDest)
}

// References counts, in one statement, the records that refer to the
// person and reports, in this order and only when not zero:
// "login_history" (1 if the person's login ever logged in or held a
// session), "sessions" (the login's sessions), "personnel_groups" (the
// groups the person is in), "audit_events" (events the person made),
// "video_shares" (video shares granted to or by the person, each counted
// once), "videos" (videos the person uploaded or interviewed in) and
// "referrals" (referrals the person submitted). NotFound if the person
// is missing.
func (r personRepo) References(ctx context.Context, id string) ([]personnel.Reference, error) {
	q := psql.Select().
		Column("(SELECT count(*) FROM carenet.accounts a JOIN carenet.account_credentials c ON c.account_id = a.id" +
			" WHERE a.person_id = p.id AND (c.last_login_at IS NOT NULL" +
			" OR EXISTS (SELECT 1 FROM carenet.sessions s WHERE s.account_id = a.id)))").
		Column("(SELECT count(*) FROM carenet.sessions s JOIN carenet.accounts a ON a.id = s.account_id WHERE a.person_id = p.id)").
		Column("(SELECT count(*) FROM carenet.personnel_group_members m WHERE m.person_id = p.id)").
		Column("(SELECT count(*) FROM carenet.audit_events e WHERE e.actor_id = p.id) + (SELECT count(*) FROM carenet.audit_pending e WHERE e.actor_id = p.id)").
		Column("(SELECT count(*) FROM carenet.video_shares vs WHERE vs.grantee_id = p.id OR vs.shared_by = p.id)").
		Column("(SELECT count(*) FROM carenet.videos v WHERE v.uploaded_by = p.id OR v.interviewer_id = p.id)").
		Column("(SELECT count(*) FROM carenet.referrals rf WHERE rf.submitter_id = p.id)").
		From("carenet.people p").Where(sq.Eq{"p.id": id})
	var logins, sessions, groups, events, videoShares, videos, referrals int
	if err := r.t.one(ctx, read("people.References", "person"), q, &logins, &sessions, &groups, &events, &videoShares, &videos, &referrals); err != nil {
		return nil, err
	}
	return personnel.Counted([]personnel.Reference{
		{Kind: personnel.ReferenceLoginHistory, Count: min(logins, 1)},
		{Kind: personnel.ReferenceSessions, Count: sessions},
		{Kind: personnel.ReferencePersonnelGroups, Count: groups},
		{Kind: personnel.ReferenceAuditEvents, Count: events},
		{Kind: personnel.ReferenceVideoShares, Count: videoShares},
		{Kind: personnel.ReferenceVideos, Count: videos},
		{Kind: personnel.ReferenceReferrals, Count: referrals},
	}), nil
}
