package carenettest

import (
	"context"
	"fmt"
	"sync"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// Cases is a host's case system as small as a test needs: the
// referral.IntakeHook an Env's referral service asks when a referral is
// accepted into a new case. Its duplicate-client check matches a child's
// names (compared as personnel.Fold compares them) against the clients of
// the cases it holds; it opens cases CASE-0001, CASE-0002, ... It is safe
// for concurrent use.
type Cases struct {
	mu    sync.Mutex
	cases []Case
}

// Case is one case of Cases.
type Case struct {
	// ID is the case's ID, CASE-0001 and on.
	ID string
	// GivenName and FamilyName are the names of its primary client.
	GivenName, FamilyName string
	// FromReferral is the ID of the referral it was opened from, if any.
	FromReferral string
}

// NewCases returns an empty case system.
func NewCases() *Cases { return &Cases{} }

// Add puts a case for a client of these names in the system, so a
// referral for a child of the same names meets the duplicate-client check;
// it returns the case's ID.
func (c *Cases) Add(given, family string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := Case{ID: fmt.Sprintf("CASE-%04d", len(c.cases)+1), GivenName: given, FamilyName: family}
	c.cases = append(c.cases, k)
	return k.ID
}

// List returns the cases, oldest first.
func (c *Cases) List() []Case {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Case(nil), c.cases...)
}

// FindDuplicates returns the cases whose client has the names of one of
// r's children, other than the case made from r.
func (c *Cases) FindDuplicates(_ context.Context, r referral.Referral) ([]referral.CaseMatch, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []referral.CaseMatch
	for _, child := range r.Children {
		for _, k := range c.cases {
			if k.FromReferral != r.ID && personnel.Fold(k.GivenName) == personnel.Fold(child.GivenName) &&
				personnel.Fold(k.FamilyName) == personnel.Fold(child.FamilyName) {
				out = append(out, referral.CaseMatch{CaseID: k.ID, Summary: k.GivenName + " " + k.FamilyName})
			}
		}
	}
	return out, nil
}

// CreateCase opens a case for r's first child, once per referral.
func (c *Cases) CreateCase(_ context.Context, r referral.Referral) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range c.cases {
		if k.FromReferral == r.ID {
			return k.ID, nil
		}
	}
	if len(r.Children) == 0 {
		return "", fmt.Errorf("referral %s has no child", r.ID)
	}
	k := Case{ID: fmt.Sprintf("CASE-%04d", len(c.cases)+1), GivenName: r.Children[0].GivenName,
		FamilyName: r.Children[0].FamilyName, FromReferral: r.ID}
	c.cases = append(c.cases, k)
	return k.ID, nil
}

var _ referral.IntakeHook = (*Cases)(nil)
