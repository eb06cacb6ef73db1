package referral

import (
	"context"
	"strconv"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// IntakeHook is the host's case system, which the SDK asks when a referral
// is accepted. The SDK calls it outside any transaction.
type IntakeHook interface {
	// FindDuplicates runs the duplicate-client check: the host's existing
	// cases whose clients may be the children of r.
	FindDuplicates(ctx context.Context, r Referral) ([]CaseMatch, error)
	// CreateCase makes a new case from r and returns its ID. It must be
	// idempotent for r.ID: a second call for the same referral (after the
	// acceptance failed, say on a stale version) returns the same case.
	CreateCase(ctx context.Context, r Referral) (caseID string, err error)
}

// CaseMatch is an existing case the duplicate-client check found.
type CaseMatch struct {
	CaseID string `json:"case_id"`
	// Summary is the host's text for the reviewer ("Jane Doe, born
	// 2015-04-02, case opened 2025-11-03").
	Summary string `json:"summary"`
}

// Decision is how a reviewer accepts a referral: into an existing case
// (CaseID) or a new one (NewCase), never both.
type Decision struct {
	// CaseID is the existing case the reviewer chose.
	CaseID string
	// NewCase asks the host to create a case. The duplicate-client check
	// runs first; if it finds matches, Accept refuses with a Conflict that
	// holds them (a *DuplicatesError) so the reviewer can pick one, unless
	// DuplicatesReviewed says the reviewer saw them and wants a new case.
	NewCase            bool
	DuplicatesReviewed bool
	// Note is the reviewer's internal note, if any.
	Note string
}

// DuplicatesError holds the matches the duplicate-client check found when
// a reviewer asked for a new case. Accept returns it inside a Conflict
// *carenet.Error; read it with errors.As.
type DuplicatesError struct {
	Matches []CaseMatch
}

// Error says how many matches there are.
func (e *DuplicatesError) Error() string {
	return strconv.Itoa(len(e.Matches)) + " possible duplicate client case(s) found"
}

// Duplicates runs the host's duplicate-client check on a referral, for the
// reviewer to see before accepting it. It needs ReviewReferrals and an
// IntakeHook.
func (s *Service) Duplicates(ctx context.Context, actor *auth.Principal, id string) (_ []CaseMatch, callErr error) {
	defer s.obs.Call(&ctx, "referral.Duplicates")(&callErr)
	const op = "referral.Duplicates"
	r, err := s.Open(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if s.cfg.Intake == nil {
		return nil, errNoHook
	}
	m, err := s.cfg.Intake.FindDuplicates(ctx, r)
	if err != nil {
		return nil, carenet.E(op, carenet.Internal, "the duplicate-client check failed", err)
	}
	return m, nil
}

var errNoHook = &carenet.Error{Code: carenet.Internal, Op: "referral", Message: "no intake hook is configured"}

// Accept takes a referral in and links it to a case: the existing case the
// reviewer chose, or a new one the host creates (IntakeHook.CreateCase,
// after the duplicate-client check; see Decision). It needs
// ReviewReferrals and the version the reviewer opened; the referral must be
// submitted or under review. The host is asked outside the transaction,
// and the acceptance is stored only if the referral has not changed
// meanwhile (a Conflict otherwise, after which the host's CreateCase,
// being idempotent, gives the same case on the next try).
func (s *Service) Accept(ctx context.Context, actor *auth.Principal, id string, version int64, d Decision) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Accept")(&callErr)
	const op = "referral.Accept"
	if err := actor.Require(auth.ReviewReferrals); err != nil {
		return Referral{}, err
	}
	var p carenet.Problems
	switch {
	case d.NewCase && d.CaseID != "":
		p.Add("case_id", carenet.RuleNotAllowed, "choose an existing case or a new one, not both")
	case !d.NewCase:
		p.Text("case_id", d.CaseID, true, MaxCaseIDLength, false)
	}
	p.Text("note", d.Note, false, MaxMessageLength, true)
	if err := p.Err(); err != nil {
		return Referral{}, carenet.E(op, carenet.Invalid, "", err)
	}
	caseID := d.CaseID
	if d.NewCase {
		if s.cfg.Intake == nil {
			return Referral{}, errNoHook
		}
		// Check the referral may be accepted before the host does any work.
		r, err := s.Open(ctx, actor, id)
		if err != nil {
			return Referral{}, err
		}
		if r.Version != version {
			return Referral{}, errStale
		}
		if _, err := Transition(r.Status, ActionAccept); err != nil {
			return Referral{}, err
		}
		if !d.DuplicatesReviewed {
			m, err := s.cfg.Intake.FindDuplicates(ctx, r)
			if err != nil {
				return Referral{}, carenet.E(op, carenet.Internal, "the duplicate-client check failed", err)
			}
			if len(m) > 0 {
				return Referral{}, carenet.E(op, carenet.Conflict,
					"the duplicate-client check found possible matches; link the referral to one of their cases, or confirm a new case",
					&DuplicatesError{Matches: m})
			}
		}
		if caseID, err = s.cfg.Intake.CreateCase(ctx, r); err != nil {
			return Referral{}, carenet.E(op, carenet.Internal, "the case could not be created", err)
		}
		if !textOK(caseID, true, MaxCaseIDLength, false) {
			return Referral{}, carenet.E(op, carenet.Internal, "the case could not be created", errBadCaseID)
		}
	}
	return s.apply(ctx, actor, id, version, change{action: ActionAccept, note: d.Note,
		prepare: func(_ context.Context, _ Tx, r *Referral, details map[string]string) error {
			r.CaseID = caseID
			details["case_id"] = caseID
			details["new_case"] = strconv.FormatBool(d.NewCase)
			return nil
		}})
}

var errBadCaseID = carenet.Errorf(carenet.Internal, "the intake hook returned an empty, overlong or malformed case ID")
