package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
)

var personnelGroupCases = []testCase{
	{"CreateAndGet", testGroupCreateAndGet},
	{"CreateAndGetPlain", func(t *testing.T, s Store) { testGroupCreateAndGet(t, Plain(s)) }},
	{"CreateDuplicateName", testGroupCreateDuplicateName},
	{"List", testGroupList},
	{"Update", testGroupUpdate},
	{"UpdateStaleVersion", testGroupUpdateStale},
	{"UpdateNameTaken", testGroupUpdateNameTaken},
	{"NotFound", testGroupNotFound},
	{"NotFoundPlain", func(t *testing.T, s Store) { testGroupNotFound(t, Plain(s)) }},
	{"Delete", testGroupDelete},
	{"AddMember", testGroupAddMember},
	{"RemoveMember", testGroupRemoveMember},
	{"MembersOrder", testGroupMembersOrder},
}

func mdt() personnel.Group {
	return personnel.Group{ID: "g-mdt", Name: "MDT Team", Description: "Multidisciplinary team", CreatedAt: at(0), UpdatedAt: at(0)}
}

func createGroup(t *testing.T, s Store, groups ...personnel.Group) {
	t.Helper()
	createEach(t, s.Personnel(), groups, func(tx personnel.Tx, g personnel.Group) error { return tx.PersonnelGroups().Create(ctx, g) })
}

func getGroup(t *testing.T, s Store, id string) personnel.Group {
	t.Helper()
	return viewValue(t, s.Personnel(), func(tx personnel.Tx) (personnel.Group, error) {
		return personnel.GroupByID(ctx, tx.PersonnelGroups(), id)
	})
}

func members(t *testing.T, s Store, groupID string) []personnel.Member {
	t.Helper()
	return viewValue(t, s.Personnel(), func(tx personnel.Tx) ([]personnel.Member, error) { return tx.PersonnelGroups().Members(ctx, groupID) })
}

func testGroupCreateAndGet(t *testing.T, s Store) {
	g := mdt()
	g.Version = 4 // ignored: a new group is version 1
	createGroup(t, s, g)
	g.Version = 1
	requireEqual(t, g, getGroup(t, s, g.ID))
}

func testGroupCreateDuplicateName(t *testing.T, s Store) {
	createGroup(t, s, mdt())
	for _, name := range []string{"MDT Team", "mdt team", "MDT  Team", "MDT Téam", " mdt team "} {
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			return tx.PersonnelGroups().Create(ctx, personnel.Group{ID: "g-other", Name: name})
		})
		requireCode(t, err, carenet.Conflict, "name %q", name)
	}
}

func testGroupList(t *testing.T, s Store) {
	createGroup(t, s,
		personnel.Group{ID: "g-1", Name: "Zeta"},
		personnel.Group{ID: "g-2", Name: "Alpha"},
		personnel.Group{ID: "g-3", Name: "Medical"},
	)
	var names []string
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		list, err := tx.PersonnelGroups().List(ctx)
		for _, g := range list {
			names = append(names, g.Name)
		}
		return err
	})
	require.Equal(t, []string{"Alpha", "Medical", "Zeta"}, names)
}

// groupUpdate is the update of g, for updateValue and updateError.
func groupUpdate(g personnel.Group) func(tx personnel.Tx) (personnel.Group, error) {
	return func(tx personnel.Tx) (personnel.Group, error) { return tx.PersonnelGroups().Update(ctx, g) }
}

func testGroupUpdate(t *testing.T, s Store) {
	createGroup(t, s, mdt())
	g := mdt()
	g.Version = 1
	g.Name, g.Description, g.UpdatedAt = "Forensic Team", "Changed", at(time.Hour)
	got := updateValue(t, s.Personnel(), groupUpdate(g))
	g.Version = 2
	requireEqual(t, g, got, "Update's result")
	requireEqual(t, g, getGroup(t, s, g.ID), "Get after Update")
	// Its own name in another case is no clash; the old name is free.
	g.Name = "FORENSIC TEAM"
	got = updateValue(t, s.Personnel(), groupUpdate(g))
	require.Equal(t, int64(3), got.Version)
	createGroup(t, s, personnel.Group{ID: "g-new", Name: "MDT Team"})
}

func testGroupUpdateStale(t *testing.T, s Store) {
	createGroup(t, s, mdt())
	g := mdt()
	g.Version = 1
	updateValue(t, s.Personnel(), groupUpdate(g))
	g.Name = "Stale"
	err := updateError(s.Personnel(), groupUpdate(g))
	requireCode(t, err, carenet.Conflict)
	got := getGroup(t, s, g.ID)
	require.Equal(t, "MDT Team", got.Name)
	require.Equal(t, int64(2), got.Version)
}

func testGroupUpdateNameTaken(t *testing.T, s Store) {
	createGroup(t, s, mdt(), personnel.Group{ID: "g-2", Name: "Medical"})
	g := mdt()
	g.Version = 1
	g.Name = "MÉDICAL"
	err := updateError(s.Personnel(), groupUpdate(g))
	requireCode(t, err, carenet.Conflict)
	require.Equal(t, "MDT Team", getGroup(t, s, g.ID).Name)
}

func testGroupNotFound(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"))
	g := mdt()
	g.Version = 1
	for name, call := range map[string]func(tx personnel.Tx) error{
		"Get": func(tx personnel.Tx) error {
			_, err := personnel.GroupByID(ctx, tx.PersonnelGroups(), g.ID)
			return err
		},
		"Update": func(tx personnel.Tx) error {
			_, err := tx.PersonnelGroups().Update(ctx, g)
			return err
		},
		"Delete":    func(tx personnel.Tx) error { return tx.PersonnelGroups().Delete(ctx, g.ID) },
		"AddMember": func(tx personnel.Tx) error { return tx.PersonnelGroups().AddMember(ctx, g.ID, "p-1", at(0)) },
		"Members": func(tx personnel.Tx) error {
			_, err := tx.PersonnelGroups().Members(ctx, g.ID)
			return err
		},
	} {
		requireCode(t, s.Personnel().Update(ctx, call), carenet.NotFound, name)
	}
}

func testGroupDelete(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"))
	createGroup(t, s, mdt(), personnel.Group{ID: "g-2", Name: "Medical"})
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.PersonnelGroups().AddMember(ctx, "g-mdt", "p-1", at(0)))
		return tx.PersonnelGroups().AddMember(ctx, "g-2", "p-1", at(0))
	})
	requireEqual(t, []personnel.Reference{{Kind: "personnel_groups", Count: 2}}, refs(t, s, "p-1"))
	update(t, s.Personnel(), func(tx personnel.Tx) error { return tx.PersonnelGroups().Delete(ctx, "g-mdt") })
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := personnel.GroupByID(ctx, tx.PersonnelGroups(), "g-mdt")
		requireCode(t, err, carenet.NotFound)
		list, err := tx.PersonnelGroups().List(ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
		return nil
	})
	requireEqual(t, []personnel.Reference{{Kind: "personnel_groups", Count: 1}}, refs(t, s, "p-1"))
	// Name and id are free; the new group starts empty.
	createGroup(t, s, mdt())
	require.Empty(t, members(t, s, "g-mdt"))
}

func testGroupAddMember(t *testing.T, s Store) {
	ada := NewPerson("p-1", "Ada", "Lovelace")
	createPerson(t, s, ada)
	createGroup(t, s, mdt())
	add := func(groupID, personID string, when time.Time) error {
		return s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			return tx.PersonnelGroups().AddMember(ctx, groupID, personID, when)
		})
	}
	require.NoError(t, add("g-mdt", "p-1", at(time.Minute)))
	require.NoError(t, add("g-mdt", "p-1", at(time.Hour)), "adding twice")
	ada.Version = 1
	requireEqual(t, []personnel.Member{{Person: ada, AddedAt: at(time.Minute)}}, members(t, s, "g-mdt"))
	requireCode(t, add("g-mdt", "p-missing", at(0)), carenet.NotFound)
	requireCode(t, add("g-missing", "p-1", at(0)), carenet.NotFound)
	// Members shows the person as they are now.
	setState(t, s, "p-1", personnel.Inactive)
	m := members(t, s, "g-mdt")
	require.Len(t, m, 1)
	require.Equal(t, personnel.Inactive, m[0].Person.State)
}

func testGroupRemoveMember(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"), NewPerson("p-2", "Grace", "Hopper"))
	createGroup(t, s, mdt(), personnel.Group{ID: "g-2", Name: "Medical"})
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.PersonnelGroups().AddMember(ctx, "g-mdt", "p-1", at(0)))
		require.NoError(t, tx.PersonnelGroups().AddMember(ctx, "g-mdt", "p-2", at(0)))
		return tx.PersonnelGroups().AddMember(ctx, "g-2", "p-1", at(0))
	})
	remove := func(groupID, personID string) {
		update(t, s.Personnel(), func(tx personnel.Tx) error {
			return tx.PersonnelGroups().RemoveMember(ctx, groupID, personID)
		})
	}
	remove("g-mdt", "p-1")
	remove("g-mdt", "p-1") // a no-op the second time
	require.Equal(t, []string{"p-2"}, memberIDs(members(t, s, "g-mdt")))
	require.Equal(t, []string{"p-1"}, memberIDs(members(t, s, "g-2")), "removed from the other group too")
	// Re-adding records the new time.
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		return tx.PersonnelGroups().AddMember(ctx, "g-mdt", "p-1", at(time.Hour))
	})
	m := members(t, s, "g-mdt")
	require.Equal(t, []string{"p-2", "p-1"}, memberIDs(m), "Hopper before Lovelace")
	require.True(t, at(time.Hour).Equal(m[1].AddedAt))
}

func testGroupMembersOrder(t *testing.T, s Store) {
	people := []personnel.Person{
		NewPerson("p-1", "Zed", "Adams"),
		NewPerson("p-2", "Ann", "Bell"),
		NewPerson("p-3", "Ann", "Ádams"),
		NewPerson("p-5", "Émile", "adams"),
		NewPerson("p-4", "Ann", "Adams"),
		NewPerson("p-6", "Ann", "Cole"),
	}
	createPerson(t, s, people...)
	createGroup(t, s, mdt())
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		for i, p := range people[:5] {
			if err := tx.PersonnelGroups().AddMember(ctx, "g-mdt", p.ID, at(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		return nil
	})
	m := members(t, s, "g-mdt")
	require.Equal(t, []string{"p-3", "p-4", "p-5", "p-1", "p-2"}, memberIDs(m))
	want := people[2]
	want.Version = 1
	requireEqual(t, personnel.Member{Person: want, AddedAt: at(2 * time.Minute)}, m[0])
}
