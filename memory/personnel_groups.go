package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/personnel"
)

// PersonnelGroups returns the personnel group repository of the
// transaction.
func (t *tx) PersonnelGroups() personnel.GroupRepository { return groups{t} }

type groups struct{ t *tx }

var _ personnel.GroupGetter = groups{}

// Create stores a new group with Version 1; Conflict if the id or the
// folded name is taken.
func (r groups) Create(ctx context.Context, g personnel.Group) error {
	const op = "memory.PersonnelGroups.Create"
	t := r.t
	if err := beginCreate(ctx, t, op, &t.st.groups, g.ID, "a personnel group"); err != nil {
		return err
	}
	key := fold(g.Name)
	if t.st.groupByName.has(key) {
		return conflict(op, "a personnel group with this name already exists")
	}
	g = cloneGroup(g)
	g.Version = 1
	t.st.groups.put(t, g.ID, g)
	t.st.groupByName.put(t, key, g.ID)
	return nil
}

func (r groups) Get(ctx context.Context, id string) (personnel.Group, error) {
	return get(ctx, r.t, "memory.PersonnelGroups.Get", "personnel group", &r.t.st.groups, id, cloneGroup)
}

func (r groups) Update(ctx context.Context, g personnel.Group) (personnel.Group, error) {
	const op = "memory.PersonnelGroups.Update"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return personnel.Group{}, err
	}
	old, ok := t.st.groups.get(g.ID)
	switch {
	case !ok:
		return personnel.Group{}, notFound(op, "personnel group")
	case g.Version != old.Version:
		return personnel.Group{}, staleVersion(op, "personnel group")
	}
	oldKey, key := fold(old.Name), fold(g.Name)
	if id, ok := t.st.groupByName.get(key); ok && id != g.ID {
		return personnel.Group{}, conflict(op, "a personnel group with this name already exists")
	}
	g = cloneGroup(g)
	g.Version = old.Version + 1
	if oldKey != key {
		t.st.groupByName.remove(t, oldKey)
		t.st.groupByName.put(t, key, g.ID)
	}
	t.st.groups.put(t, g.ID, g)
	return cloneGroup(g), nil
}

// Delete removes the group and its memberships; NotFound if missing.
func (r groups) Delete(ctx context.Context, id string) error {
	const op = "memory.PersonnelGroups.Delete"
	t := r.t
	st := t.st
	g, err := beginEdit(ctx, t, op, "personnel group", &st.groups, id)
	if err != nil {
		return err
	}
	for pid := range st.members.of(id).keys() {
		st.memberships.remove(t, pid, id)
	}
	st.members.removeAll(t, id)
	st.groupByName.remove(t, fold(g.Name))
	st.groups.remove(t, id)
	return nil
}

// List orders the groups by folded name, then name and id.
func (r groups) List(ctx context.Context) ([]personnel.Group, error) {
	return list(ctx, r.t, "memory.PersonnelGroups.List", &r.t.st.groups, cloneGroup, func(a, b personnel.Group) int {
		return cmp.Or(
			strings.Compare(fold(a.Name), fold(b.Name)),
			strings.Compare(a.Name, b.Name),
			strings.Compare(a.ID, b.ID))
	})
}

func (r groups) AddMember(ctx context.Context, groupID, personID string, at time.Time) error {
	const op = "memory.PersonnelGroups.AddMember"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	st := t.st
	if !st.groups.has(groupID) {
		return notFound(op, "personnel group")
	}
	if !st.people.has(personID) {
		return notFound(op, "person")
	}
	if st.members.of(groupID).has(personID) {
		return nil
	}
	st.members.add(t, groupID, personID, ts(at))
	st.memberships.add(t, personID, groupID, struct{}{})
	return nil
}

// RemoveMember is a no-op, not an error, if the group or person is missing.
func (r groups) RemoveMember(ctx context.Context, groupID, personID string) error {
	const op = "memory.PersonnelGroups.RemoveMember"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	t.st.members.remove(t, groupID, personID)
	t.st.memberships.remove(t, personID, groupID)
	return nil
}

// Members returns NotFound if the group is missing.
func (r groups) Members(ctx context.Context, groupID string) ([]personnel.Member, error) {
	const op = "memory.PersonnelGroups.Members"
	t := r.t
	if err := t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	if !t.st.groups.has(groupID) {
		return nil, notFound(op, "personnel group")
	}
	members := t.st.members.of(groupID)
	entries := make([]personEntry, 0, members.len())
	for pid := range members.keys() {
		entries = append(entries, entryOf(t.st.people.at(pid)))
	}
	slices.SortFunc(entries, compareFamilyOrder)
	out := make([]personnel.Member, len(entries))
	for i, e := range entries {
		out[i] = personnel.Member{Person: clonePerson(e.rec.p), AddedAt: members.at(e.rec.p.ID)}
	}
	return out, nil
}
