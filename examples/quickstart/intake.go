package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// intake is the host's case system as small as the story needs it: the
// cases it holds, a duplicate-client check and case creation. It is the
// referral.IntakeHook the referral service asks when staff accept a
// referral.
type intake struct {
	clock carenet.Clock
	mu    sync.Mutex
	cases []hostCase
	// byReferral remembers the case made for each referral, so CreateCase
	// is idempotent as referral.IntakeHook requires.
	byReferral map[string]string
}

// hostCase is one of the host's cases, with its primary client.
type hostCase struct {
	id           string
	given        string
	family       string
	dateOfBirth  time.Time
	openedAt     time.Time
	fromReferral string
}

func newIntake(clock carenet.Clock) *intake {
	return &intake{
		clock: clock,
		// A case the centre opened last year for another child of the same
		// name.
		cases: []hostCase{{
			id: "CASE-2025-0042", given: "Jamie", family: "Doe",
			dateOfBirth: time.Date(2012, 1, 9, 0, 0, 0, 0, time.UTC),
			openedAt:    time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC),
		}},
		byReferral: map[string]string{},
	}
}

// FindDuplicates returns the cases whose client has the name of one of the
// referral's children, compared as personnel.Fold compares names: a
// possible duplicate for a reviewer to judge.
func (h *intake) FindDuplicates(_ context.Context, r referral.Referral) ([]referral.CaseMatch, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []referral.CaseMatch
	for _, child := range r.Children {
		for _, k := range h.cases {
			if k.fromReferral == r.ID {
				continue
			}
			if personnel.Fold(k.given) == personnel.Fold(child.GivenName) && personnel.Fold(k.family) == personnel.Fold(child.FamilyName) {
				out = append(out, referral.CaseMatch{CaseID: k.id, Summary: fmt.Sprintf("%s %s, born %s, case opened %s",
					k.given, k.family, k.dateOfBirth.Format("2006-01-02"), k.openedAt.Format("2006-01-02"))})
			}
		}
	}
	return out, nil
}

// CreateCase opens a case for the referral's first child, once per
// referral.
func (h *intake) CreateCase(_ context.Context, r referral.Referral) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if id, ok := h.byReferral[r.ID]; ok {
		return id, nil
	}
	if len(r.Children) == 0 {
		return "", fmt.Errorf("referral %s has no child", r.ID)
	}
	child := r.Children[0]
	k := hostCase{
		id: fmt.Sprintf("CASE-2026-%04d", len(h.cases)), given: child.GivenName, family: child.FamilyName,
		openedAt: h.clock.Now(), fromReferral: r.ID,
	}
	if child.DateOfBirth != nil {
		k.dateOfBirth = *child.DateOfBirth
	}
	h.cases = append(h.cases, k)
	h.byReferral[r.ID] = k.id
	return k.id, nil
}
