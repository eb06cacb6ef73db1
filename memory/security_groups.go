package memory

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// SecurityGroups returns the security group repository of the transaction.
//
// Built-in groups cannot be updated or deleted: both return a Forbidden
// error.
func (t *tx) SecurityGroups() auth.SecurityGroupRepository { return securityGroups{t} }

type securityGroups struct{ t *tx }

var _ auth.SecurityGroupGetter = securityGroups{}

// securityNameKey is the key a group name is unique by: its lower case.
func securityNameKey(name string) string { return strings.ToLower(name) }

func builtInRefused(op, verb string) error {
	return &carenet.Error{Code: carenet.Forbidden, Op: op, Message: "a built-in security group cannot be " + verb}
}

func (r securityGroups) Create(ctx context.Context, g auth.SecurityGroup) error {
	const op = "memory.SecurityGroups.Create"
	t := r.t
	if err := beginCreate(ctx, t, op, &t.st.securityGroups, g.ID, "a security group"); err != nil {
		return err
	}
	key := securityNameKey(g.Name)
	if t.st.securityByName.has(key) {
		return conflict(op, "a security group with this name already exists")
	}
	g = cloneSecurityGroup(g)
	g.Permissions = g.Permissions.SDK()
	g.Version = 1
	t.st.securityGroups.put(t, g.ID, g)
	t.st.securityByName.put(t, key, g.ID)
	return nil
}

func (r securityGroups) Get(ctx context.Context, id string) (auth.SecurityGroup, error) {
	return get(ctx, r.t, "memory.SecurityGroups.Get", "security group", &r.t.st.securityGroups, id, cloneSecurityGroup)
}

// List orders the groups by name without regard to case, then by name and
// id.
func (r securityGroups) List(ctx context.Context) ([]auth.SecurityGroup, error) {
	return list(ctx, r.t, "memory.SecurityGroups.List", &r.t.st.securityGroups, cloneSecurityGroup, func(a, b auth.SecurityGroup) int {
		return cmp.Or(
			strings.Compare(securityNameKey(a.Name), securityNameKey(b.Name)),
			strings.Compare(a.Name, b.Name),
			strings.Compare(a.ID, b.ID))
	})
}

func (r securityGroups) Update(ctx context.Context, g auth.SecurityGroup) (auth.SecurityGroup, error) {
	const op = "memory.SecurityGroups.Update"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return auth.SecurityGroup{}, err
	}
	old, ok := t.st.securityGroups.get(g.ID)
	switch {
	case !ok:
		return auth.SecurityGroup{}, notFound(op, "security group")
	case old.BuiltIn:
		return auth.SecurityGroup{}, builtInRefused(op, "changed")
	case g.Version != old.Version:
		return auth.SecurityGroup{}, staleVersion(op, "security group")
	}
	oldKey, key := securityNameKey(old.Name), securityNameKey(g.Name)
	if id, ok := t.st.securityByName.get(key); ok && id != g.ID {
		return auth.SecurityGroup{}, conflict(op, "a security group with this name already exists")
	}
	g = cloneSecurityGroup(g)
	g.Permissions = g.Permissions.SDK()
	g.Version = old.Version + 1
	if oldKey != key {
		t.st.securityByName.remove(t, oldKey)
		t.st.securityByName.put(t, key, g.ID)
	}
	t.st.securityGroups.put(t, g.ID, g)
	return cloneSecurityGroup(g), nil
}

func (r securityGroups) Delete(ctx context.Context, id string) error {
	const op = "memory.SecurityGroups.Delete"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	g, ok := t.st.securityGroups.get(id)
	switch {
	case !ok:
		return notFound(op, "security group")
	case g.BuiltIn:
		return builtInRefused(op, "deleted")
	}
	for _, a := range t.st.accounts.all() {
		if a.InGroup(id) {
			return &carenet.Error{Code: carenet.InUse, Op: op, Message: "the security group is applied to at least one person"}
		}
	}
	t.st.securityByName.remove(t, securityNameKey(g.Name))
	t.st.securityGroups.remove(t, id)
	return nil
}

// SetRequireSecondFactor changes a group's second-factor requirement, the
// built-in groups' too.
func (r securityGroups) SetRequireSecondFactor(ctx context.Context, id string, version int64, require bool, at time.Time) (auth.SecurityGroup, error) {
	const op = "memory.SecurityGroups.SetRequireSecondFactor"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return auth.SecurityGroup{}, err
	}
	old, ok := t.st.securityGroups.get(id)
	switch {
	case !ok:
		return auth.SecurityGroup{}, notFound(op, "security group")
	case version != old.Version:
		return auth.SecurityGroup{}, staleVersion(op, "security group")
	}
	g := cloneSecurityGroup(old)
	g.RequireSecondFactor = require
	g.UpdatedAt = ts(at)
	g.Version = old.Version + 1
	t.st.securityGroups.put(t, g.ID, g)
	return cloneSecurityGroup(g), nil
}
