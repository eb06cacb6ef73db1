package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/personnel"
)

// personnelGroupRepo keeps personnel groups in carenet.personnel_groups
// and their members in carenet.personnel_group_members.
type personnelGroupRepo struct{ t *txn }

var _ personnel.GroupGetter = personnelGroupRepo{}

const personnelGroupColumns = "g.id, g.name, g.description, g.created_at, g.updated_at, g.version"

func personnelGroupDest(g *personnel.Group) []any {
	return []any{&g.ID, &g.Name, &g.Description, timeCol{&g.CreatedAt}, timeCol{&g.UpdatedAt}, &g.Version}
}

// Create stores a new group with Version 1. Conflict if the id or the
// folded name is taken (the transaction stays usable).
func (r personnelGroupRepo) Create(ctx context.Context, g personnel.Group) error {
	const name = "personnelGroups.Create"
	key := personnel.Fold(g.Name)
	q := psql.Insert("carenet.personnel_groups").SetMap(map[string]any{
		"id":          g.ID,
		"name":        g.Name,
		"name_key":    key,
		"description": g.Description,
		"created_at":  timeArg(g.CreatedAt),
		"updated_at":  timeArg(g.UpdatedAt),
		"version":     1,
	})
	if ok, err := r.t.insert(ctx, write(name, "personnel group"), q); err != nil || ok {
		return err
	}
	return r.t.takenBy(ctx, name, "carenet.personnel_groups", g.ID,
		"a personnel group with this id already exists", "a personnel group with this name already exists")
}

// Get returns the group with id; NotFound if there is none.
func (r personnelGroupRepo) Get(ctx context.Context, id string) (personnel.Group, error) {
	var g personnel.Group
	q := psql.Select(personnelGroupColumns).From("carenet.personnel_groups g").Where(sq.Eq{"g.id": id})
	err := r.t.one(ctx, read("personnelGroups.Get", "personnel group"), q, personnelGroupDest(&g)...)
	return g, err
}

// Update stores g if g.Version is the stored version and returns it as
// stored with Version increased by one. NotFound if missing; Conflict if
// the version is stale or the folded name taken.
func (r personnelGroupRepo) Update(ctx context.Context, g personnel.Group) (personnel.Group, error) {
	o := write("personnelGroups.Update", "personnel group")
	q := psql.Update("carenet.personnel_groups AS g").SetMap(map[string]any{
		"name":        g.Name,
		"name_key":    personnel.Fold(g.Name),
		"description": g.Description,
		"created_at":  timeArg(g.CreatedAt),
		"updated_at":  timeArg(g.UpdatedAt),
	}).Set("version", sq.Expr("g.version + 1")).
		Where(sq.Eq{"g.id": g.ID, "g.version": g.Version}).
		Suffix("RETURNING " + personnelGroupColumns)
	var out personnel.Group
	err := r.t.updateVersioned(ctx, o, q, "carenet.personnel_groups", g.ID, personnelGroupDest(&out)...)
	return out, err
}

// Delete removes the group and its memberships; NotFound if missing.
func (r personnelGroupRepo) Delete(ctx context.Context, id string) error {
	n, err := r.t.exec(ctx, remove("personnelGroups.Delete", "personnel group"),
		psql.Delete("carenet.personnel_groups").Where(sq.Eq{"id": id}))
	if err == nil && n == 0 {
		return notFound("personnelGroups.Delete", "personnel group")
	}
	return err
}

// List returns every group ordered by folded name, then name and id.
func (r personnelGroupRepo) List(ctx context.Context) ([]personnel.Group, error) {
	q := psql.Select(personnelGroupColumns).From("carenet.personnel_groups g").
		OrderBy("g.name_key", `g.name COLLATE "C"`, "g.id")
	return scanAll(ctx, r.t, read("personnelGroups.List", "personnel group"), q, personnelGroupDest)
}

// AddMember adds the person to the group at the time; a no-op if they are
// already a member. NotFound if the group or the person is missing.
func (r personnelGroupRepo) AddMember(ctx context.Context, groupID, personID string, at time.Time) error {
	q := psql.Insert("carenet.personnel_group_members").Columns("group_id", "person_id", "added_at").
		Values(groupID, personID, timeArg(at)).
		Suffix("ON CONFLICT (group_id, person_id) DO NOTHING")
	_, err := r.t.exec(ctx, write("personnelGroups.AddMember", "personnel group member"), q)
	return err
}

// RemoveMember removes the person from the group; a no-op if they are not
// a member.
func (r personnelGroupRepo) RemoveMember(ctx context.Context, groupID, personID string) error {
	_, err := r.t.exec(ctx, remove("personnelGroups.RemoveMember", "personnel group member"),
		psql.Delete("carenet.personnel_group_members").Where(sq.Eq{"group_id": groupID, "person_id": personID}))
	return err
}

// Members returns the group's members with their profiles, in the search
// order, in one statement; NotFound if the group is missing.
func (r personnelGroupRepo) Members(ctx context.Context, groupID string) ([]personnel.Member, error) {
	// The group is the left side of outer joins, so a group without members
	// is one row of NULL members and a missing group is no row at all.
	q := psql.Select("m.person_id IS NOT NULL", personColumns, "m.added_at").
		From("carenet.personnel_groups g").
		LeftJoin("carenet.personnel_group_members m ON m.group_id = g.id").
		LeftJoin("carenet.people p ON p.id = m.person_id").
		Where(sq.Eq{"g.id": groupID}).
		OrderBy("p.family_key", "p.given_key", "p.id")
	found := false
	var out []personnel.Member
	err := r.t.many(ctx, read("personnelGroups.Members", "personnel group"), q, func(row rowScanner) error {
		found = true
		var m personnel.Member
		var member bool
		dest := append([]any{&member}, orZero(personDest(&m.Person))...)
		if err := row.Scan(append(dest, timeCol{&m.AddedAt})...); err != nil {
			return err
		}
		if member {
			out = append(out, m)
		}
		return nil
	})
	if err == nil && !found {
		return nil, notFound("personnelGroups.Members", "personnel group")
	}
	return out, err
}
