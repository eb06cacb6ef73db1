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

// Create stores a new group with Version 1; Conflict if the id or the
// folded name is taken.
func (r groups) Create(ctx context.Context, g personnel.Group) error {
	const op = "memory.PersonnelGroups.Create"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	if _, ok := t.st.groups[g.ID]; ok {
		return conflict(op, "a personnel group with this id already exists")
	}
	key := fold(g.Name)
	if _, ok := t.st.groupByName[key]; ok {
		return conflict(op, "a personnel group with this name already exists")
	}
	g = cloneGroup(g)
	g.Version = 1
	put(t, t.st.groups, g.ID, g)
	put(t, t.st.groupByName, key, g.ID)
	return nil
}

func (r groups) Get(ctx context.Context, id string) (personnel.Group, error) {
	const op = "memory.PersonnelGroups.Get"
	if err := r.t.begin(ctx, op, false); err != nil {
		return personnel.Group{}, err
	}
	g, ok := r.t.st.groups[id]
	if !ok {
		return personnel.Group{}, notFound(op, "personnel group")
	}
	return cloneGroup(g), nil
}

func (r groups) Update(ctx context.Context, g personnel.Group) (personnel.Group, error) {
	const op = "memory.PersonnelGroups.Update"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return personnel.Group{}, err
	}
	old, ok := t.st.groups[g.ID]
	switch {
	case !ok:
		return personnel.Group{}, notFound(op, "personnel group")
	case g.Version != old.Version:
		return personnel.Group{}, staleVersion(op, "personnel group")
	}
	oldKey, key := fold(old.Name), fold(g.Name)
	if id, ok := t.st.groupByName[key]; ok && id != g.ID {
		return personnel.Group{}, conflict(op, "a personnel group with this name already exists")
	}
	g = cloneGroup(g)
	g.Version = old.Version + 1
	if oldKey != key {
		remove(t, t.st.groupByName, oldKey)
		put(t, t.st.groupByName, key, g.ID)
	}
	put(t, t.st.groups, g.ID, g)
	return cloneGroup(g), nil
}

// Delete removes the group and its memberships; NotFound if missing.
func (r groups) Delete(ctx context.Context, id string) error {
	const op = "memory.PersonnelGroups.Delete"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	st := t.st
	g, ok := st.groups[id]
	if !ok {
		return notFound(op, "personnel group")
	}
	for pid := range st.members[id] {
		removeFrom(t, st.memberships, pid, id)
	}
	remove(t, st.members, id)
	remove(t, st.groupByName, fold(g.Name))
	remove(t, st.groups, id)
	return nil
}

// List orders the groups by folded name, then name and id.
func (r groups) List(ctx context.Context) ([]personnel.Group, error) {
	const op = "memory.PersonnelGroups.List"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	out := make([]personnel.Group, 0, len(r.t.st.groups))
	for _, g := range r.t.st.groups {
		out = append(out, cloneGroup(g))
	}
	slices.SortFunc(out, func(a, b personnel.Group) int {
		return cmp.Or(
			strings.Compare(fold(a.Name), fold(b.Name)),
			strings.Compare(a.Name, b.Name),
			strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (r groups) AddMember(ctx context.Context, groupID, personID string, at time.Time) error {
	const op = "memory.PersonnelGroups.AddMember"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	st := t.st
	if _, ok := st.groups[groupID]; !ok {
		return notFound(op, "personnel group")
	}
	if _, ok := st.people[personID]; !ok {
		return notFound(op, "person")
	}
	if _, ok := st.members[groupID][personID]; ok {
		return nil
	}
	addTo(t, st.members, groupID, personID, ts(at))
	addTo(t, st.memberships, personID, groupID, struct{}{})
	return nil
}

// RemoveMember is a no-op, not an error, if the group or person is missing.
func (r groups) RemoveMember(ctx context.Context, groupID, personID string) error {
	const op = "memory.PersonnelGroups.RemoveMember"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	removeFrom(t, t.st.members, groupID, personID)
	removeFrom(t, t.st.memberships, personID, groupID)
	return nil
}

// Members returns NotFound if the group is missing.
func (r groups) Members(ctx context.Context, groupID string) ([]personnel.Member, error) {
	const op = "memory.PersonnelGroups.Members"
	t := r.t
	if err := t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	if _, ok := t.st.groups[groupID]; !ok {
		return nil, notFound(op, "personnel group")
	}
	members := t.st.members[groupID]
	entries := make([]personEntry, 0, len(members))
	for pid := range members {
		entries = append(entries, entryOf(t.st.people[pid]))
	}
	slices.SortFunc(entries, compareFamilyOrder)
	out := make([]personnel.Member, len(entries))
	for i, e := range entries {
		out[i] = personnel.Member{Person: clonePerson(e.rec.p), AddedAt: members[e.rec.p.ID]}
	}
	return out, nil
}
