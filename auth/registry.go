package auth

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/carenet-go/carenet"
)

// MaxPermissionNameLength is the longest name a host permission may have.
const MaxPermissionNameLength = 64

// MaxHostPermissions is how many permissions a host may register: the
// positions of a PermissionSet the SDK's permissions leave.
const MaxHostPermissions = MaxPermissions - int(lastPermission)

// PermissionInfo describes one permission of a registry.
type PermissionInfo struct {
	// Permission is its value, for Principal.Can and PermissionSet.
	Permission Permission
	// Name is its stable name, such as "clients.view": what stores keep.
	Name string
	// Description says what it gates, for the host's screens.
	Description string
	// Host is true for a permission the host registered, false for the
	// SDK's.
	Host bool
}

// PermissionRegistry holds the permissions a host defines for its own
// screens (client profiles, cases, calendar, ...) beside the SDK's. A host
// registers them at start-up and passes the registry to the auth service
// (Config.Permissions); from then on it is fixed, and security groups grant
// SDK and host permissions alike: the rank rules (RequireGrantable,
// RequireReach) cover them, the built-in Referral User group never holds
// them, Administrator always does, and a user without CareNet access holds
// none of them (GrantedPermissions).
//
// A host permission's value is its position in the registry, so a host must
// register the same names at every start; stores keep names, not values. A
// nil registry knows the SDK's permissions alone. Its methods are safe for
// concurrent use.
type PermissionRegistry struct {
	mu     sync.RWMutex
	frozen bool
	host   []PermissionInfo
	byName map[string]Permission
}

// NewPermissionRegistry returns a registry that knows the SDK's
// permissions only.
func NewPermissionRegistry() *PermissionRegistry {
	return &PermissionRegistry{byName: map[string]Permission{}}
}

// Register adds a host permission and returns its value. The name is two
// to four dot-separated parts of lower-case letters, digits and
// underscores, each starting with a letter ("clients.view",
// "cases.notes.edit"), at most MaxPermissionNameLength bytes; the
// description is optional, at most 1000 characters. A name registered
// before or one of the SDK's is refused, as is registering once the
// service holds the registry or past MaxHostPermissions: each an Invalid
// error naming the field and the rule, and the registry is unchanged.
func (r *PermissionRegistry) Register(name, description string) (Permission, error) {
	const op = "auth.PermissionRegistry.Register"
	var p carenet.Problems
	switch {
	case name == "":
		p.Add("name", carenet.RuleRequired, "is required")
	case len(name) > MaxPermissionNameLength:
		p.Add("name", carenet.RuleTooLong, "must be at most "+strconv.Itoa(MaxPermissionNameLength)+" bytes")
	case !validPermissionName(name):
		p.Add("name", carenet.RuleFormat, "must be two to four dot-separated parts of lower-case letters, digits and underscores, each starting with a letter, such as clients.view")
	}
	p.Text("description", description, false, 1000, true)
	if p.Len() == 0 {
		if _, err := ParsePermission(name); err == nil {
			p.Add("name", carenet.RuleTaken, "is one of the SDK's permissions")
		}
	}
	if r == nil {
		p.Add("registry", carenet.RuleRequired, "is nil: make one with NewPermissionRegistry")
		return 0, carenet.E(op, carenet.Invalid, "", p.Err())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if p.Len() == 0 {
		switch _, dup := r.byName[name]; {
		case dup:
			p.Add("name", carenet.RuleTaken, "is already registered")
		case r.frozen:
			p.Add("name", carenet.RuleNotAllowed, "permissions are registered before the auth service starts")
		case len(r.host) >= MaxHostPermissions:
			p.Add("name", carenet.RuleRange, "is past the "+strconv.Itoa(MaxHostPermissions)+" host permissions a registry holds")
		}
	}
	if err := p.Err(); err != nil {
		return 0, carenet.E(op, carenet.Invalid, "", err)
	}
	perm := lastPermission + Permission(len(r.host))
	r.host = append(r.host, PermissionInfo{Permission: perm, Name: name, Description: description, Host: true})
	r.byName[name] = perm
	return perm, nil
}

// validPermissionName reports whether name has the shape Register asks.
func validPermissionName(name string) bool {
	parts := strings.Split(name, ".")
	if len(parts) < 2 || len(parts) > 4 {
		return false
	}
	for _, part := range parts {
		if part == "" || part[0] < 'a' || part[0] > 'z' {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
	}
	return true
}

// freeze fixes the registry: the service that holds it has started.
func (r *PermissionRegistry) freeze() {
	if r != nil {
		r.mu.Lock()
		r.frozen = true
		r.mu.Unlock()
	}
}

// Parse returns the permission, SDK or host, named name: an Invalid error
// if there is none.
func (r *PermissionRegistry) Parse(name string) (Permission, error) {
	if p, err := ParsePermission(name); err == nil {
		return p, nil
	}
	if r != nil {
		r.mu.RLock()
		p, ok := r.byName[name]
		r.mu.RUnlock()
		if ok {
			return p, nil
		}
	}
	return 0, carenet.Errorf(carenet.Invalid, "unknown permission %q", name)
}

// Name is the stable name of p, SDK or host; "unknown" if the registry does
// not know it.
func (r *PermissionRegistry) Name(p Permission) string {
	if p.Valid() || r == nil {
		return p.String()
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if i := int(p) - int(lastPermission); i >= 0 && i < len(r.host) {
		return r.host[i].Name
	}
	return "unknown"
}

// Permissions lists every permission the registry knows: the SDK's, then
// the host's in the order they were registered.
func (r *PermissionRegistry) Permissions() []PermissionInfo {
	var out []PermissionInfo
	for _, p := range AllPermissions() {
		out = append(out, PermissionInfo{Permission: p, Name: p.String()})
	}
	if r != nil {
		r.mu.RLock()
		out = append(out, r.host...)
		r.mu.RUnlock()
	}
	return out
}

// All is the set of every permission the registry knows.
func (r *PermissionRegistry) All() PermissionSet {
	s := NewPermissionSet(AllPermissions()...)
	if r != nil {
		r.mu.RLock()
		for _, h := range r.host {
			s = s.With(h.Permission)
		}
		r.mu.RUnlock()
	}
	return s
}

// names are the stable names of the permissions in s, in order.
func (r *PermissionRegistry) names(s PermissionSet) []string {
	out := make([]string, 0, s.Len())
	for _, p := range s.List() {
		out = append(out, r.Name(p))
	}
	return out
}

// hostNames are the names of the host permissions in s, sorted: what a
// store keeps as SecurityGroup.HostPermissions.
func (r *PermissionRegistry) hostNames(s PermissionSet) []string {
	var out []string
	for _, p := range s.Minus(s.SDK()).List() {
		if n := r.Name(p); n != "unknown" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// checkKnown returns an Invalid error if s holds a permission r does not
// know.
func (r *PermissionRegistry) checkKnown(s PermissionSet) error {
	if r.All().Covers(s) {
		return nil
	}
	var p carenet.Problems
	p.Add("permissions", carenet.RuleOneOf, "hold a permission that is neither the SDK's nor registered")
	return carenet.E("auth.SecurityGroup", carenet.Invalid, "", p.Err())
}
