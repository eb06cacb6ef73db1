package postgres

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/carenet-go/carenet/auth"
)

// maxCachedGroups bounds a groupCache; past it the cache starts again
// empty. A center has a few dozen groups.
const maxCachedGroups = 1024

// groupCache holds the definitions of security groups that authenticating
// a session needs, by group ID, each with the row version it was read at.
// The session statement reads the row version of each of the account's
// groups in the same statement as the membership (groupRowVersion), and a
// cached definition is used only when its row version is that one: a group
// changed, deleted and created again, or left by the account, by this
// process or any other on the same database, is seen by the very next
// authentication, and only a definition the cache lacks costs a second
// statement. It is safe for concurrent use.
type groupCache struct {
	mu   sync.RWMutex
	byID map[string]versionedGroup
}

// versionedGroup is a group's definition and the row version it was read
// at.
type versionedGroup struct {
	rowVersion string
	group      auth.SecurityGroup
}

func newGroupCache() *groupCache { return &groupCache{byID: map[string]versionedGroup{}} }

// groupRowVersion is the expression of a security group's row version,
// for the table aliased alias: its version, the transaction that wrote the
// row (xmin: every update writes a new row, and a group deleted and
// created again under the same ID and version is another row) and its ID,
// in that order, dot-separated (the ID last, for it may hold dots).
func groupRowVersion(alias string) string {
	return alias + ".version::text || '.' || " + alias + ".xmin::text || '.' || " + alias + ".id"
}

// groupIDOf returns the group ID of a row version.
func groupIDOf(rowVersion string) string {
	_, rest, _ := strings.Cut(rowVersion, ".")
	_, id, _ := strings.Cut(rest, ".")
	return id
}

// resolve returns the definitions of the groups of rowVersions, in their
// order: from the cache when it holds that very row version, else read on
// db (and cached). A group whose row is gone by the time it is read (it
// was deleted meanwhile) is left out; one changed meanwhile is returned as
// it is now.
func (c *groupCache) resolve(ctx context.Context, db queryer, rowVersions []string) ([]auth.SecurityGroup, error) {
	if len(rowVersions) == 0 {
		return nil, nil
	}
	groups := make([]auth.SecurityGroup, len(rowVersions))
	found := make([]bool, len(rowVersions))
	var missing []string
	c.mu.RLock()
	for i, v := range rowVersions {
		if g, ok := c.byID[groupIDOf(v)]; ok && g.rowVersion == v {
			groups[i], found[i] = g.group, true
		} else {
			missing = append(missing, groupIDOf(v))
		}
	}
	c.mu.RUnlock()
	if len(missing) > 0 {
		fetched, err := fetchGroups(ctx, db, missing)
		if err != nil {
			return nil, err
		}
		c.store(fetched)
		for i, v := range rowVersions {
			for _, f := range fetched {
				if !found[i] && f.group.ID == groupIDOf(v) {
					groups[i], found[i] = f.group, true
				}
			}
		}
	}
	out := make([]auth.SecurityGroup, 0, len(groups))
	for i, g := range groups {
		if found[i] {
			g.HostPermissions = slices.Clone(g.HostPermissions)
			out = append(out, g)
		}
	}
	return out, nil
}

// store caches fetched.
func (c *groupCache) store(fetched []versionedGroup) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byID)+len(fetched) > maxCachedGroups {
		clear(c.byID)
	}
	for _, f := range fetched {
		c.byID[f.group.ID] = f
	}
}
