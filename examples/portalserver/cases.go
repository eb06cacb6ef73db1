package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// caseBook stands in for the host's case system: the referral service
// asks it for duplicate clients and to open cases (referral.IntakeHook).
type caseBook struct {
	mu sync.Mutex
	// cases maps case ID to its children's folded names.
	cases map[string][]string
	// byReferral makes CreateCase idempotent per referral.
	byReferral map[string]string
	order      []string
}

var _ referral.IntakeHook = (*caseBook)(nil)

func newCaseBook() *caseBook {
	return &caseBook{cases: map[string][]string{}, byReferral: map[string]string{}}
}

// childNames are the folded full names of r's children.
func childNames(r referral.Referral) []string {
	out := make([]string, 0, len(r.Children))
	for _, c := range r.Children {
		out = append(out, personnel.Fold(strings.TrimSpace(c.GivenName+" "+c.FamilyName)))
	}
	return out
}

// FindDuplicates lists the cases with a child of the same name as one of
// r's children.
func (b *caseBook) FindDuplicates(_ context.Context, r referral.Referral) ([]referral.CaseMatch, error) {
	names := childNames(r)
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []referral.CaseMatch
	for _, id := range b.order {
		for _, have := range b.cases[id] {
			if slices.Contains(names, have) {
				out = append(out, referral.CaseMatch{CaseID: id, Summary: "a case with a child of the same name"})
				break
			}
		}
	}
	return out, nil
}

// CreateCase opens a case for r, or returns the one already opened for it.
func (b *caseBook) CreateCase(_ context.Context, r referral.Referral) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if id, ok := b.byReferral[r.ID]; ok {
		return id, nil
	}
	id := fmt.Sprintf("case-%04d", len(b.order)+1)
	b.cases[id] = childNames(r)
	b.byReferral[r.ID] = id
	b.order = append(b.order, id)
	return id, nil
}
