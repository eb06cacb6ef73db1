package referral

import (
	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// Rule codes CheckHandOver reports, in carenet.FieldError.Rule, besides
// carenet.RuleRequired and carenet.RuleNotAllowed.
const (
	// RuleUnknownPerson: no personnel profile has the ID given.
	RuleUnknownPerson = "unknown_person"
	// RuleInactivePerson: the successor is inactive, or their end date has
	// passed.
	RuleInactivePerson = "person_inactive"
	// RuleOtherAgency: the successor works for another agency than the
	// submitter (or the submitter's agency is not recorded).
	RuleOtherAgency = "other_agency"
	// RuleNoReferralAccess: the successor may not submit referrals of a
	// kind handed to them, or none at all.
	RuleNoReferralAccess = "no_referral_access"
)

// HandOverFacts is what CheckHandOver needs to know: who hands over to
// whom, and the kinds of the referrals handed.
type HandOverFacts struct {
	// FromID and ToID are the person IDs asked for; From and To the
	// profiles found (nil when there is none).
	FromID, ToID string
	From, To     *personnel.Person
	// ToActive is whether the successor is active now (personnel.Person.ActiveAt).
	ToActive bool
	// Successor is what the successor's login holds now (auth.PrincipalOf),
	// nil when they have no login.
	Successor *auth.Principal
	// Kinds are the kinds of the referrals to hand over.
	Kinds []Kind
}

// CheckHandOver reports whether the open referrals of From may be handed to
// To. It returns nil, or a *carenet.Error with code Invalid wrapping a
// *carenet.ValidationError that lists every rule broken:
//
//   - both IDs are required (carenet.RuleRequired on "from" or "to") and
//     must name a profile (RuleUnknownPerson);
//   - no one hands referrals to themselves (carenet.RuleNotAllowed on "to");
//   - the successor is active (RuleInactivePerson on "to");
//   - the successor's agency is the submitter's, compared as
//     personnel.Fold has it, and recorded (RuleOtherAgency on "to");
//   - the successor may submit referrals (MaySubmit) of every kind handed,
//     and of some kind if none is (RuleNoReferralAccess on "to"), so that
//     they find each referral in My Referrals and may act on it.
func CheckHandOver(f HandOverFacts) error {
	var p carenet.Problems
	person := func(field, id string, found *personnel.Person) bool {
		switch {
		case id == "":
			p.Add(field, carenet.RuleRequired, "name the person")
		case found == nil:
			p.Add(field, RuleUnknownPerson, "no personnel profile has this ID")
		default:
			return true
		}
		return false
	}
	from, to := person("from", f.FromID, f.From), person("to", f.ToID, f.To)
	switch {
	case !to:
	case f.ToID == f.FromID:
		p.Add("to", carenet.RuleNotAllowed, "referrals are handed to someone else than their submitter")
	case !f.ToActive:
		p.Add("to", RuleInactivePerson, "the successor is inactive; choose an active colleague")
	case from && !sameAgency(f.From.Agency, f.To.Agency):
		p.Add("to", RuleOtherAgency, "the successor must work for the submitter's agency")
	default:
		if msg := missingAccess(f.Successor, f.Kinds); msg != "" {
			p.Add("to", RuleNoReferralAccess, msg)
		}
	}
	if p.Len() == 0 {
		return nil
	}
	return carenet.E("referral.CheckHandOver", carenet.Invalid, "", p.Err())
}

// missingAccess says what referral access successor lacks to follow
// referrals of the kinds, or "" when they lack nothing.
func missingAccess(successor *auth.Principal, kinds []Kind) string {
	if successor == nil || !isSubmitter(successor) {
		return "the successor has no referral access"
	}
	for _, k := range kinds {
		if MaySubmit(successor, k) != nil {
			return "the successor may not submit " + string(k) + " referrals"
		}
	}
	return ""
}

// sameAgency reports whether two agency names, folded, are one recorded
// agency.
func sameAgency(a, b string) bool {
	fa := personnel.Fold(a)
	return fa != "" && fa == personnel.Fold(b)
}
