package referral

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// MaySubmit returns nil if p may author (save, edit, submit) a referral of
// kind k, else an error: Unauthenticated for a nil principal,
// auth.ErrEnrolSecondFactor for one that must enrol a second factor first,
// Forbidden otherwise. CAC staff with auth.SubmitReferrals may author every kind. A
// portal user needs portal.SubmitLEReferrals for an LE referral,
// portal.SubmitCPSReferrals for a CPS referral, both for a combined one,
// and either for a client referral: a partner allowed to refer a child for
// investigation may refer one for services too.
func MaySubmit(p *auth.Principal, k Kind) error {
	if err := p.RequireFull(); err != nil {
		return err
	}
	if p.Can(auth.SubmitReferrals) {
		return nil
	}
	switch k {
	case KindLE:
		return p.RequireCapability(portal.SubmitLEReferrals)
	case KindCPS:
		return p.RequireCapability(portal.SubmitCPSReferrals)
	case KindCombined:
		return p.RequireCapability(portal.SubmitLEReferrals | portal.SubmitCPSReferrals)
	case KindClient:
		if isSubmitter(p) {
			return nil
		}
	}
	return errMaySubmit
}

// isSubmitter reports whether p may author some kind of referral, and so
// has My Referrals: auth.SubmitReferrals, or portal.SubmitLEReferrals or
// portal.SubmitCPSReferrals, which a legacy referral user holds whatever
// their switches say (portal.LegacyReferralCutoff).
func isSubmitter(p *auth.Principal) bool {
	return p.Can(auth.SubmitReferrals) || p.Portal.Has(portal.SubmitLEReferrals) || p.Portal.Has(portal.SubmitCPSReferrals)
}

// requireSubmitter returns nil if p may author some kind of referral.
func requireSubmitter(p *auth.Principal) error {
	if err := p.RequireFull(); err != nil {
		return err
	}
	if isSubmitter(p) {
		return nil
	}
	return errMaySubmit
}

var errMaySubmit = &carenet.Error{Code: carenet.Forbidden, Op: "referral", Message: "you may not submit referrals of this kind"}

// ForSubmitter returns r as its submitter sees it in My Referrals: without
// what belongs to the CAC (the case it was accepted into, the referrals it
// was merged into or from, internal notes, and who the CAC's actors are).
// The status, the history of statuses and the messages between the CAC and
// the referrer stay.
func ForSubmitter(r Referral) Referral {
	r.CaseID, r.MergedInto, r.MergedFrom = "", "", nil
	h := make([]Entry, len(r.History))
	for i, e := range r.History {
		e.Note = ""
		if e.ActorID != r.SubmitterID {
			e.ActorID = ""
		}
		h[i] = e
	}
	r.History = h
	return r
}

// loadOwn reads the submitter's own referral; anyone else's is errNotFound.
func loadOwn(ctx context.Context, tx Tx, id, submitterID string) (Referral, error) {
	r, err := get(ctx, tx, id)
	if err == nil && (submitterID == "" || r.SubmitterID != submitterID) {
		return Referral{}, errNotFound
	}
	return r, err
}
