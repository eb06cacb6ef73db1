package portal

import "github.com/carenet-go/carenet"

// Rule codes CheckSetup reports, in carenet.FieldError.Rule.
const (
	// RuleLoginRequired: portal access was asked for a personnel profile
	// without a login (field "login").
	RuleLoginRequired = "login_required"
	// RulePersonInactive: the portal was turned on for an inactive person
	// (field "person").
	RulePersonInactive = "person_inactive"
	// RuleLoginInactive: the portal was turned on for an inactive login
	// (field "login").
	RuleLoginInactive = "login_inactive"
	// RuleReferralUserCareNet: CareNet Access was asked for a referral-only
	// user (field "portal.carenet").
	RuleReferralUserCareNet = "referral_user_carenet"
)

// Field paths CheckSetup reports, in carenet.FieldError.Field.
const (
	fieldLogin    = "login"
	fieldPerson   = "person"
	fieldCareNet  = "portal.carenet"
	fieldReferral = "portal.referral"
)

// SetupFacts is what CheckSetup needs to know about the user whose portal
// switches are being changed. The fields mean what they mean in Facts.
type SetupFacts struct {
	HasLogin      bool
	PersonActive  bool
	AccountActive bool
	ReferralUser  bool
	OtherGroups   bool
}

// ReferralOnly reports whether the user is a member of "Referral User" and of
// no other security group.
func (f SetupFacts) ReferralOnly() bool { return f.ReferralUser && !f.OtherGroups }

// CheckSetup reports whether a user may be given the portal switches next.
// It returns nil, or a *carenet.Error with code Invalid wrapping a
// *carenet.ValidationError that lists every rule broken at once:
//
//   - Only a person with a login can have portal access: any switch on for a
//     profile without a login breaks RuleLoginRequired on field "login".
//   - Turning the portal on (next.Enabled) needs an active person
//     (RulePersonInactive on field "person") and an active login
//     (RuleLoginInactive on field "login"). Turning switches off is always
//     allowed for someone with a login.
//   - Referral Portal Access names only the kinds LE and CPS: another bit
//     breaks carenet.RuleOneOf on field "portal.referral".
//   - A referral-only user cannot have CareNet Access: next.CareNet breaks
//     RuleReferralUserCareNet on field "portal.carenet"; dual access needs
//     another security group.
func CheckSetup(f SetupFacts, next Access) error {
	var p carenet.Problems
	anyOn := next.Enabled || next.Video || next.Referral.Any() || next.CareNet
	if !next.Referral.Valid() {
		p.Add(fieldReferral, carenet.RuleOneOf, "referral portal access names le, cps or both")
	}
	if !f.HasLogin && anyOn {
		p.Add(fieldLogin, RuleLoginRequired, "only a person with a login can have portal access")
	}
	if next.Enabled {
		if !f.PersonActive {
			p.Add(fieldPerson, RulePersonInactive, "the person is inactive; reactivate the person before turning on portal access")
		}
		if f.HasLogin && !f.AccountActive {
			p.Add(fieldLogin, RuleLoginInactive, "the login is inactive; activate the login before turning on portal access")
		}
	}
	if f.ReferralOnly() && next.CareNet {
		p.Add(fieldCareNet, RuleReferralUserCareNet, `a "Referral User" cannot have CareNet Access; choose another security group for dual access`)
	}
	if p.Len() == 0 {
		return nil
	}
	return carenet.E("portal.CheckSetup", carenet.Invalid, "", p.Err())
}
