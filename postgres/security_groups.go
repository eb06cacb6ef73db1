package postgres

import (
	"context"
	"slices"
	"strings"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// securityGroupRepo keeps security groups in carenet.security_groups.
// Permissions are stored by name, the SDK's and the host's
// (SecurityGroup.HostPermissions) in one array; on reading, a name that is
// not the SDK's is a host permission's, and the built-in groups'
// permissions always come from auth.BuiltinGroups. Names are unique without regard to case: name_key
// holds the lower-cased name. Built-in groups cannot be changed or deleted
// (Forbidden).
type securityGroupRepo struct{ t *txn }

var _ auth.SecurityGroupGetter = securityGroupRepo{}

// securityGroupColumns are the columns scanSecurityGroup reads, from the
// table aliased sg.
const securityGroupColumns = "sg.id, sg.name, sg.description, sg.permissions, sg.require_second_factor, sg.built_in, " +
	"sg.created_at, sg.updated_at, sg.version"

func scanSecurityGroup(row rowScanner) (auth.SecurityGroup, error) {
	var g auth.SecurityGroup
	var perms []string
	err := row.Scan(&g.ID, &g.Name, &g.Description, stringsCol{&perms}, &g.RequireSecondFactor, &g.BuiltIn,
		timeCol{&g.CreatedAt}, timeCol{&g.UpdatedAt}, &g.Version)
	g.Permissions, g.HostPermissions = permissionSet(g.ID, g.BuiltIn, perms)
	return g, err
}

// permissionSet is the set of the named SDK permissions and the sorted
// names of the host's; for a built-in group, the set this release defines
// and no host names.
func permissionSet(id string, builtIn bool, names []string) (auth.PermissionSet, []string) {
	if builtIn {
		for _, b := range auth.BuiltinGroups() {
			if b.ID == id {
				return b.Permissions, nil
			}
		}
	}
	var s auth.PermissionSet
	var host []string
	for _, n := range names {
		if p, err := auth.ParsePermission(n); err == nil {
			s = s.With(p)
		} else {
			host = append(host, n)
		}
	}
	slices.Sort(host)
	return s, host
}

// permissionNames are the stored names of g's permissions: its SDK
// permissions, then its host permissions.
func permissionNames(g auth.SecurityGroup) []string {
	out := make([]string, 0, g.Permissions.Len()+len(g.HostPermissions))
	for _, p := range g.Permissions.List() {
		if p.Valid() {
			out = append(out, p.String())
		}
	}
	return append(out, g.HostPermissions...)
}

// securityNameKey is the key a group name is unique by.
func securityNameKey(name string) string { return strings.ToLower(name) }

// errBuiltIn is the error for a change to a built-in group.
func errBuiltIn(name, verb string) error {
	return carenet.E("postgres."+name, carenet.Forbidden, "a built-in security group cannot be "+verb, nil)
}

// Create stores a new group with Version 1. Conflict if the id or the name
// (without regard to case) is taken; the transaction stays usable.
func (r securityGroupRepo) Create(ctx context.Context, g auth.SecurityGroup) error {
	const name = "securityGroups.Create"
	key := securityNameKey(g.Name)
	q := psql.Insert("carenet.security_groups").SetMap(map[string]any{
		"id":                    g.ID,
		"name":                  g.Name,
		"name_key":              key,
		"description":           g.Description,
		"permissions":           pq.Array(permissionNames(g)),
		"built_in":              g.BuiltIn,
		"created_at":            timeArg(g.CreatedAt),
		"updated_at":            timeArg(g.UpdatedAt),
		"version":               1,
		"require_second_factor": g.RequireSecondFactor,
	})
	if ok, err := r.t.insert(ctx, write(name, "security group"), q); err != nil || ok {
		return err
	}
	return r.t.takenBy(ctx, name, "carenet.security_groups", g.ID,
		"a security group with this id already exists", "a security group with this name already exists")
}

// Get returns the group with id; NotFound if there is none.
func (r securityGroupRepo) Get(ctx context.Context, id string) (auth.SecurityGroup, error) {
	var g auth.SecurityGroup
	q := psql.Select(securityGroupColumns).From("carenet.security_groups sg").Where(sq.Eq{"sg.id": id})
	err := r.t.many(ctx, read("securityGroups.Get", "security group"), q, func(row rowScanner) error {
		var err error
		g, err = scanSecurityGroup(row)
		return err
	})
	if err == nil && g.ID == "" {
		return g, notFound("securityGroups.Get", "security group")
	}
	return g, err
}

// List returns every group ordered by name without regard to case, then by
// name and id.
func (r securityGroupRepo) List(ctx context.Context) ([]auth.SecurityGroup, error) {
	q := psql.Select(securityGroupColumns).From("carenet.security_groups sg").
		OrderBy("sg.name_key", `sg.name COLLATE "C"`, "sg.id")
	var out []auth.SecurityGroup
	err := r.t.many(ctx, read("securityGroups.List", "security group"), q, func(row rowScanner) error {
		g, err := scanSecurityGroup(row)
		out = append(out, g)
		return err
	})
	return out, err
}

// Update stores g if g.Version is the stored version and returns it as
// stored with Version increased by one. NotFound if missing; Forbidden for
// a built-in group; Conflict if the version is stale or the name taken.
func (r securityGroupRepo) Update(ctx context.Context, g auth.SecurityGroup) (auth.SecurityGroup, error) {
	const name = "securityGroups.Update"
	q := psql.Update("carenet.security_groups AS sg").SetMap(map[string]any{
		"name":                  g.Name,
		"name_key":              securityNameKey(g.Name),
		"description":           g.Description,
		"permissions":           pq.Array(permissionNames(g)),
		"created_at":            timeArg(g.CreatedAt),
		"updated_at":            timeArg(g.UpdatedAt),
		"require_second_factor": g.RequireSecondFactor,
	}).Set("version", sq.Expr("sg.version + 1")).
		Where(sq.Eq{"sg.id": g.ID, "sg.version": g.Version, "sg.built_in": false}).
		Suffix("RETURNING " + securityGroupColumns)
	out, found, err := r.write(ctx, name, q)
	if err != nil {
		return auth.SecurityGroup{}, err
	}
	if !found {
		return auth.SecurityGroup{}, r.refused(ctx, name, g.ID, "changed", true)
	}
	return out, nil
}

// write runs the update q, which returns the group's columns, and returns
// the group it changed, if it changed one.
func (r securityGroupRepo) write(ctx context.Context, name string, q sqlizer) (out auth.SecurityGroup, found bool, err error) {
	err = r.t.many(ctx, write(name, "security group"), q, func(row rowScanner) error {
		var err error
		out, err = scanSecurityGroup(row)
		found = true
		return err
	})
	return out, found, err
}

// SetRequireSecondFactor stores whether the group, built-in or not,
// requires a second factor, if version is its stored version. NotFound if
// missing; Conflict if the version is stale.
func (r securityGroupRepo) SetRequireSecondFactor(ctx context.Context, id string, version int64, require bool, at time.Time) (auth.SecurityGroup, error) {
	const name = "securityGroups.SetRequireSecondFactor"
	q := psql.Update("carenet.security_groups AS sg").
		Set("require_second_factor", require).
		Set("updated_at", timeArg(at)).
		Set("version", sq.Expr("sg.version + 1")).
		Where(sq.Eq{"sg.id": id, "sg.version": version}).
		Suffix("RETURNING " + securityGroupColumns)
	out, found, err := r.write(ctx, name, q)
	if err != nil || found {
		return out, err
	}
	o := read(name, "security group")
	var stored int64
	if err := r.t.one(ctx, o, psql.Select("sg.version").From("carenet.security_groups sg").Where(sq.Eq{"sg.id": id}), &stored); err != nil {
		return auth.SecurityGroup{}, err
	}
	return auth.SecurityGroup{}, carenet.E(o.name, carenet.Conflict, "the security group was changed by someone else; reload and try again", nil)
}

// Delete removes the group. NotFound if missing; Forbidden for a built-in
// group; InUse if an account is in it.
func (r securityGroupRepo) Delete(ctx context.Context, id string) error {
	const name = "securityGroups.Delete"
	n, err := r.t.exec(ctx, remove(name, "security group"),
		psql.Delete("carenet.security_groups").Where(sq.Eq{"id": id, "built_in": false}))
	if err == nil && n == 0 {
		return r.refused(ctx, name, id, "deleted", false)
	}
	return err
}

// refused explains why a change of the group with id changed nothing:
// NotFound if it is missing, Forbidden if it is built in, else (for a
// versioned update) Conflict.
func (r securityGroupRepo) refused(ctx context.Context, name, id, verb string, versioned bool) error {
	o := read(name, "security group")
	var builtIn bool
	q := psql.Select("sg.built_in").From("carenet.security_groups sg").Where(sq.Eq{"sg.id": id})
	if err := r.t.one(ctx, o, q, &builtIn); err != nil {
		return err
	}
	if builtIn {
		return errBuiltIn(name, verb)
	}
	if versioned {
		return carenet.E(o.name, carenet.Conflict, "the security group was changed by someone else; reload and try again", nil)
	}
	return carenet.E(o.name, carenet.Internal, "", nil)
}
