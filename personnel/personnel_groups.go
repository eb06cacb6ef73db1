package personnel

import (
	"context"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/group"
)

// CreateGroup makes a personnel group. It needs ManagePersonnelGroups; the
// name must be unique without regard to case or accents.
func (s *Service) CreateGroup(ctx context.Context, actor *auth.Principal, name, description string) (_ Group, callErr error) {
	defer s.obs.Call(&ctx, "personnel.CreateGroup")(&callErr)
	if err := actor.Require(auth.ManagePersonnelGroups); err != nil {
		return Group{}, err
	}
	name = strings.TrimSpace(name)
	if err := group.Check("personnel.Group", name, description); err != nil {
		return Group{}, err
	}
	now := s.cfg.Clock.Now()
	g := Group{ID: s.cfg.IDs.NewID(), Name: name, Description: description, CreatedAt: now, UpdatedAt: now, Version: 1}
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := tx.PersonnelGroups().Create(ctx, g); err != nil {
			return group.NameTaken("personnel.Group", err)
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPersonnelGroupCreated, TargetType: audit.TargetPersonnelGroup, TargetID: g.ID, Details: map[string]string{"name": name}})
	})
	return g, err
}

// RenameGroup renames a group whose stored version is version (Conflict if
// stale). It needs ManagePersonnelGroups.
func (s *Service) RenameGroup(ctx context.Context, actor *auth.Principal, id string, version int64, name string) (_ Group, callErr error) {
	defer s.obs.Call(&ctx, "personnel.RenameGroup")(&callErr)
	if err := actor.Require(auth.ManagePersonnelGroups); err != nil {
		return Group{}, err
	}
	name = strings.TrimSpace(name)
	return carenet.Update(ctx, s.store, func(tx Tx) (Group, error) {
		var out Group
		g, err := GroupByID(ctx, tx.PersonnelGroups(), id)
		if err != nil {
			return Group{}, err
		}
		if g.Version != version {
			return Group{}, errStale
		}
		if err := group.Check("personnel.Group", name, g.Description); err != nil {
			return Group{}, err
		}
		before := g.Name
		g.Name, g.UpdatedAt = name, s.cfg.Clock.Now()
		if out, err = tx.PersonnelGroups().Update(ctx, g); err != nil {
			return Group{}, group.NameTaken("personnel.Group", err)
		}
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPersonnelGroupRenamed, TargetType: audit.TargetPersonnelGroup, TargetID: id, Details: map[string]string{"before": before, "after": name}})
	})
}

// DeleteGroup removes a group and its memberships (the people stay). It
// needs ManagePersonnelGroups.
func (s *Service) DeleteGroup(ctx context.Context, actor *auth.Principal, id string) (callErr error) {
	defer s.obs.Call(&ctx, "personnel.DeleteGroup")(&callErr)
	if err := actor.Require(auth.ManagePersonnelGroups); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		g, err := GroupByID(ctx, tx.PersonnelGroups(), id)
		if err != nil {
			return err
		}
		if err := tx.PersonnelGroups().Delete(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPersonnelGroupDeleted, TargetType: audit.TargetPersonnelGroup, TargetID: id, Details: map[string]string{"name": g.Name}})
	})
}

// AddMember adds a person to a group (harmless if already there). It needs
// ManagePersonnelGroups. Inactive people may be added; they are marked.
func (s *Service) AddMember(ctx context.Context, actor *auth.Principal, groupID, personID string) (callErr error) {
	defer s.obs.Call(&ctx, "personnel.AddMember")(&callErr)
	return s.changeMember(ctx, actor, groupID, personID, true)
}

// RemoveMember removes a person from a group (harmless if not there). It
// needs ManagePersonnelGroups.
func (s *Service) RemoveMember(ctx context.Context, actor *auth.Principal, groupID, personID string) (callErr error) {
	defer s.obs.Call(&ctx, "personnel.RemoveMember")(&callErr)
	return s.changeMember(ctx, actor, groupID, personID, false)
}

func (s *Service) changeMember(ctx context.Context, actor *auth.Principal, groupID, personID string, add bool) error {
	if err := actor.Require(auth.ManagePersonnelGroups); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if _, err := GroupByID(ctx, tx.PersonnelGroups(), groupID); err != nil {
			return err
		}
		if _, err := tx.People().Get(ctx, personID); err != nil {
			return err
		}
		members, err := tx.PersonnelGroups().Members(ctx, groupID)
		if err != nil {
			return err
		}
		present := false
		for _, m := range members {
			present = present || m.Person.ID == personID
		}
		if present == add {
			return nil
		}
		action := EventPersonnelGroupMemberRemoved
		if add {
			action = EventPersonnelGroupMemberAdded
			err = tx.PersonnelGroups().AddMember(ctx, groupID, personID, s.cfg.Clock.Now())
		} else {
			err = tx.PersonnelGroups().RemoveMember(ctx, groupID, personID)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: action, TargetType: audit.TargetPersonnelGroup, TargetID: groupID, Details: map[string]string{"person": personID}})
	})
}

// Groups lists every personnel group by name. It needs ViewPersonnel.
func (s *Service) Groups(ctx context.Context, actor *auth.Principal) (_ []Group, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Groups")(&callErr)
	if err := actor.Require(auth.ViewPersonnel); err != nil {
		return nil, err
	}
	return carenet.View(ctx, s.store, func(tx Tx) ([]Group, error) {
		return tx.PersonnelGroups().List(ctx)
	})
}

// Members lists everyone in a group, active or not, ordered by name. It
// needs ViewPersonnel.
func (s *Service) Members(ctx context.Context, actor *auth.Principal, groupID string) (_ []Member, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Members")(&callErr)
	if err := actor.Require(auth.ViewPersonnel); err != nil {
		return nil, err
	}
	return carenet.View(ctx, s.store, func(tx Tx) ([]Member, error) {
		if _, err := GroupByID(ctx, tx.PersonnelGroups(), groupID); err != nil {
			return nil, err
		}
		return tx.PersonnelGroups().Members(ctx, groupID)
	})
}

// Expand returns a group's active members, to fill a field such as a
// case's MDT members in one step. Inactive members are left out. It needs
// ViewPersonnel.
func (s *Service) Expand(ctx context.Context, actor *auth.Principal, groupID string) (_ []Person, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Expand")(&callErr)
	members, err := s.Members(ctx, actor, groupID)
	if err != nil {
		return nil, err
	}
	out := make([]Person, 0, len(members))
	for _, m := range members {
		if m.Person.Active() {
			out = append(out, m.Person)
		}
	}
	return out, nil
}
