package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

var peopleCases = []testCase{
	{"Outstanding", testPersonOutstanding},
	{"CreateAndGet", testPersonCreateAndGet},
	{"CreateDuplicateID", testPersonCreateDuplicate},
	{"GetNotFound", testPersonGetNotFound},
	{"Update", testPersonUpdate},
	{"UpdateStaleVersion", testPersonUpdateStale},
	{"UpdateMissing", testPersonUpdateMissing},
	{"Delete", testPersonDelete},
	{"DeleteRemovesGroupMemberships", testPersonDeleteRemovesMemberships},
	{"DeleteReferencedIsInUse", testPersonDeleteReferenced},
	{"EndDatePassed", testPersonEndDatePassed},
	{"EndDatePassedPlain", func(t *testing.T, s Store) { testPersonEndDatePassed(t, Plain(s)) }},
	{"References", testPersonReferences},
	{"ReferencesLoginHistory", testPersonReferencesLoginHistory},
}

// fullPerson is a person with every field set.
func fullPerson() personnel.Person {
	p := NewPerson("p-1", "Ada", "Lovelace")
	p.MiddleName = "Augusta"
	p.Suffix = "Jr."
	p.Title = "Forensic Interviewer"
	p.Agency = "Metro Police Department"
	p.AgencyKind = personnel.AgencyLawEnforcement
	p.Phone = "+1 555 0100"
	p.StateReason = "hired"
	p.StateChangedBy = "p-admin"
	p.StartDate = ptr(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC))
	p.EndDate = ptr(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
	p.UpdatedAt = at(time.Hour)
	return p
}

func testPersonCreateAndGet(t *testing.T, s Store) {
	p := fullPerson()
	p.Version = 5 // ignored: a new person is version 1
	createPerson(t, s, p)
	p.Version = 1
	requireEqual(t, p, getPerson(t, s, p.ID))
	// Optional fields may be empty.
	q := personnel.Person{ID: "p-2", Fields: personnel.Fields{FamilyName: "Hopper", AgencyKind: personnel.AgencyOther}, State: personnel.Inactive}
	createPerson(t, s, q)
	q.Version = 1
	requireEqual(t, q, getPerson(t, s, q.ID))
}

func testPersonCreateDuplicate(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"))
	err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		return tx.People().Create(ctx, NewPerson("p-1", "Grace", "Hopper"))
	})
	requireCode(t, err, carenet.Conflict)
	require.Equal(t, "Ada", getPerson(t, s, "p-1").GivenName)
}

func testPersonGetNotFound(t *testing.T, s Store) {
	err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-missing")
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testPersonUpdate(t *testing.T, s Store) {
	p := fullPerson()
	createPerson(t, s, p)
	p.Version = 1
	p.GivenName, p.MiddleName, p.FamilyName = "Augusta", "", "King"
	p.Agency, p.AgencyKind = "County CPS", personnel.AgencyChildProtective
	p.State, p.StateChangedAt, p.StateReason = personnel.Inactive, at(2*time.Hour), "left"
	p.StartDate, p.EndDate = nil, ptr(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	p.UpdatedAt = at(2 * time.Hour)
	got := updateValue(t, s.Personnel(), personUpdate(p))
	p.Version = 2
	requireEqual(t, p, got, "Update's result")
	requireEqual(t, p, getPerson(t, s, p.ID), "Get after Update")
	got = updateValue(t, s.Personnel(), personUpdate(got))
	require.Equal(t, int64(3), got.Version)
}

// personUpdate is the update of p, for updateValue and updateError.
func personUpdate(p personnel.Person) func(tx personnel.Tx) (personnel.Person, error) {
	return func(tx personnel.Tx) (personnel.Person, error) { return tx.People().Update(ctx, p) }
}

func testPersonUpdateStale(t *testing.T, s Store) {
	p := NewPerson("p-1", "Ada", "Lovelace")
	createPerson(t, s, p)
	p.Version = 1
	updateValue(t, s.Personnel(), personUpdate(p))
	p.GivenName = "Stale"
	err := updateError(s.Personnel(), personUpdate(p))
	requireCode(t, err, carenet.Conflict)
	got := getPerson(t, s, p.ID)
	require.Equal(t, "Ada", got.GivenName)
	require.Equal(t, int64(2), got.Version)
}

func testPersonUpdateMissing(t *testing.T, s Store) {
	p := NewPerson("p-missing", "Ada", "Lovelace")
	p.Version = 1
	err := updateError(s.Personnel(), personUpdate(p))
	requireCode(t, err, carenet.NotFound)
}

func testPersonDelete(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"), NewPerson("p-2", "Grace", "Hopper"))
	update(t, s.Personnel(), func(tx personnel.Tx) error { return tx.People().Delete(ctx, "p-1") })
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-1")
		requireCode(t, err, carenet.NotFound)
		_, err = tx.People().References(ctx, "p-1")
		requireCode(t, err, carenet.NotFound)
		return nil
	})
	require.Equal(t, []string{"p-2"}, searchAll(t, s))
	err := s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Delete(ctx, "p-1") })
	requireCode(t, err, carenet.NotFound)
	// The id can be used again.
	createPerson(t, s, NewPerson("p-1", "Alan", "Turing"))
	require.Equal(t, []string{"p-2", "p-1"}, searchAll(t, s))
}

// A store refuses to delete a person its records refer to, even when a
// caller skipped the guarded delete's check of References.
func testPersonDeleteReferenced(t *testing.T, s Store) {
	videoWorld(t, s) // p-ivy interviewed and p-sam uploaded v-1
	createShare(t, s, NewShare("s-1", "v-1", "p-val", at(0)))
	createPerson(t, s, NewPerson("p-rita", "Rita", "Referrer"), NewPerson("p-free", "Fay", "Free"))
	createReferral(t, s, NewReferral("r-1", "p-rita", at(0)))
	for _, id := range []string{"p-ivy", "p-sam", "p-val", "p-rita"} {
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Delete(ctx, id) })
		requireCode(t, err, carenet.InUse)
		require.NotEmpty(t, carenet.ErrorMessage(err), id)
		view(t, s.Personnel(), func(tx personnel.Tx) error {
			_, err := tx.People().Get(ctx, id)
			require.NoError(t, err, "%s is still there", id)
			return nil
		})
	}
	update(t, s.Personnel(), func(tx personnel.Tx) error { return tx.People().Delete(ctx, "p-free") })
}

func testPersonDeleteRemovesMemberships(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"), NewPerson("p-2", "Grace", "Hopper"))
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		for _, g := range []string{"g-1", "g-2"} {
			require.NoError(t, tx.PersonnelGroups().Create(ctx, personnel.Group{ID: g, Name: "Group " + g}))
			require.NoError(t, tx.PersonnelGroups().AddMember(ctx, g, "p-1", at(0)))
			require.NoError(t, tx.PersonnelGroups().AddMember(ctx, g, "p-2", at(0)))
		}
		return nil
	})
	update(t, s.Personnel(), func(tx personnel.Tx) error { return tx.People().Delete(ctx, "p-1") })
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		for _, g := range []string{"g-1", "g-2"} {
			members, err := tx.PersonnelGroups().Members(ctx, g)
			require.NoError(t, err)
			require.Equal(t, []string{"p-2"}, memberIDs(members), g)
		}
		return nil
	})
	// A new person with the old id is in no group.
	createPerson(t, s, NewPerson("p-1", "Alan", "Turing"))
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		refs, err := tx.People().References(ctx, "p-1")
		require.NoError(t, err)
		require.Empty(t, refs)
		members, err := tx.PersonnelGroups().Members(ctx, "g-1")
		require.NoError(t, err)
		require.Equal(t, []string{"p-2"}, memberIDs(members))
		return nil
	})
}

// memberIDs returns the IDs of the people of members, in order.
func memberIDs(members []personnel.Member) []string {
	return idsOf(members, func(m personnel.Member) string { return m.Person.ID })
}

func testPersonEndDatePassed(t *testing.T, s Store) {
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	var people []personnel.Person
	add := func(id string, end *time.Time, state personnel.State) {
		p := NewPerson(id, "Given", "Family"+id)
		p.EndDate, p.State = end, state
		people = append(people, p)
	}
	add("p-07", ptr(asOf.Add(-30*day)), personnel.Active) // long past
	add("p-03", ptr(asOf), personnel.Active)              // today: included
	add("p-05", ptr(asOf.Add(-day)), personnel.Active)    // yesterday
	add("p-01", ptr(asOf.Add(day)), personnel.Active)     // tomorrow: not yet
	add("p-02", nil, personnel.Active)                    // no end date
	add("p-04", ptr(asOf.Add(-day)), personnel.Inactive)  // already inactive
	add("p-06", ptr(asOf.Add(time.Microsecond)), personnel.Active)
	createPerson(t, s, people...)
	due := func(limit int) []string {
		var ids []string
		view(t, s.Personnel(), func(tx personnel.Tx) error {
			got, err := personnel.EndDatePassed(ctx, tx.People(), asOf, limit)
			for _, p := range got {
				ids = append(ids, p.ID)
			}
			return err
		})
		return ids
	}
	require.Equal(t, []string{"p-03", "p-05", "p-07"}, due(10))
	require.Equal(t, []string{"p-03", "p-05"}, due(2))
	require.Equal(t, []string{"p-03"}, due(1))
}

// refs reads the person's references, sorted by kind.
func refs(t *testing.T, s Store, id string) []personnel.Reference {
	t.Helper()
	out := viewValue(t, s.Personnel(), func(tx personnel.Tx) ([]personnel.Reference, error) {
		return tx.People().References(ctx, id)
	})
	slices.SortFunc(out, func(a, b personnel.Reference) int { return strings.Compare(a.Kind, b.Kind) })
	return out
}

func testPersonReferences(t *testing.T, s Store) {
	p, a := createUser(t, s, "ada")
	q, b := createUser(t, s, "grace")
	createPerson(t, s, NewPerson("p-none", "Alan", "Turing"))
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.Sessions().Create(ctx, NewSession("s-1", a.ID, hashOf("s-1"), at(0))))
		require.NoError(t, tx.Sessions().Create(ctx, NewSession("s-2", a.ID, hashOf("s-2"), at(time.Hour))))
		require.NoError(t, tx.Sessions().Create(ctx, NewSession("s-3", b.ID, hashOf("s-3"), at(0))))
		for _, g := range []string{"g-1", "g-2"} {
			require.NoError(t, tx.PersonnelGroups().Create(ctx, personnel.Group{ID: g, Name: "Group " + g}))
			require.NoError(t, tx.PersonnelGroups().AddMember(ctx, g, p.ID, at(0)))
		}
		for _, e := range []audit.Event{
			event("e-1", p.ID, "test.a", "person", q.ID, 0),
			event("e-2", p.ID, "test.b", "person", "p-none", 1),
			event("e-3", q.ID, "test.c", "person", p.ID, 2),
			event("e-4", p.ID, "test.d", "account", a.ID, 3),
		} {
			if _, err := tx.Audit().Append(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	requireEqual(t, []personnel.Reference{
		{Kind: "audit_events", Count: 3},
		{Kind: "login_history", Count: 1},
		{Kind: "personnel_groups", Count: 2},
		{Kind: "sessions", Count: 2},
	}, refs(t, s, p.ID))
	requireEqual(t, []personnel.Reference{
		{Kind: "audit_events", Count: 1},
		{Kind: "login_history", Count: 1},
		{Kind: "sessions", Count: 1},
	}, refs(t, s, q.ID))
	require.Empty(t, refs(t, s, "p-none"), "being the target of events is no reference")
	err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().References(ctx, "p-missing")
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

// testPersonReferencesLoginHistory checks that a login that was used
// counts even when no session is left, and an unused one does not.
func testPersonReferencesLoginHistory(t *testing.T, s Store) {
	p, a := createUser(t, s, "ada")
	require.Empty(t, refs(t, s, p.ID), "an account never used is no reference")
	c := NewCredentials(a.ID)
	c.LastLoginAt = at(time.Hour)
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().SetCredentials(ctx, c) })
	requireEqual(t, []personnel.Reference{{Kind: "login_history", Count: 1}}, refs(t, s, p.ID))
}
