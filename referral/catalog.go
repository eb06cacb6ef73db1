package referral

import "slices"

// Kind is the kind of referral.
type Kind string

// The kinds of referral.
const (
	// KindClient refers a client to the CAC without an LE or CPS part (a
	// family, a school, a hospital, a therapist).
	KindClient Kind = "client"
	// KindLE is a law-enforcement referral; it needs the LE part.
	KindLE Kind = "le"
	// KindCPS is a child-protective-services referral; it needs the CPS part.
	KindCPS Kind = "cps"
	// KindCombined is an LE and a CPS referral together; it needs both parts.
	KindCombined Kind = "combined"
)

// Kinds lists every kind.
func Kinds() []Kind { return []Kind{KindClient, KindLE, KindCPS, KindCombined} }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// NeedsLE reports whether a referral of kind k has an LE part.
func (k Kind) NeedsLE() bool { return k == KindLE || k == KindCombined }

// NeedsCPS reports whether a referral of kind k has a CPS part.
func (k Kind) NeedsCPS() bool { return k == KindCPS || k == KindCombined }

// AllegationType is one abuse type of the fixed catalogue the SDK reports
// on (the categories of NCA and VOCA reporting).
type AllegationType string

// The allegation catalogue.
const (
	// SexualAbuse: sexual abuse or assault of the child.
	SexualAbuse AllegationType = "sexual_abuse"
	// PhysicalAbuse: physical abuse or injury.
	PhysicalAbuse AllegationType = "physical_abuse"
	// Neglect: neglect of the child's care, supervision or needs.
	Neglect AllegationType = "neglect"
	// EmotionalAbuse: emotional or psychological abuse.
	EmotionalAbuse AllegationType = "emotional_abuse"
	// WitnessToViolence: the child witnessed violence (domestic or other).
	WitnessToViolence AllegationType = "witness_to_violence"
	// Trafficking: sex or labour trafficking of the child.
	Trafficking AllegationType = "trafficking"
	// ExploitationOnline: online sexual exploitation, sextortion, abuse
	// material.
	ExploitationOnline AllegationType = "exploitation_online"
	// DrugEndangerment: the child endangered by drugs (exposure, a drug
	// environment).
	DrugEndangerment AllegationType = "drug_endangerment"
	// OtherAllegation: anything else; Allegation.Details says what.
	OtherAllegation AllegationType = "other"
)

// AllegationTypes lists the catalogue in order.
func AllegationTypes() []AllegationType {
	return []AllegationType{SexualAbuse, PhysicalAbuse, Neglect, EmotionalAbuse, WitnessToViolence,
		Trafficking, ExploitationOnline, DrugEndangerment, OtherAllegation}
}

// Valid reports whether t is in the catalogue.
func (t AllegationType) Valid() bool { return slices.Contains(AllegationTypes(), t) }

// RequestedService is a service the referrer asks the CAC for.
type RequestedService string

// The services a referral may ask for.
const (
	ForensicInterview RequestedService = "forensic_interview"
	MedicalExam       RequestedService = "medical_exam"
	Advocacy          RequestedService = "advocacy"
	MentalHealth      RequestedService = "mental_health"
)

// RequestedServices lists the services in order.
func RequestedServices() []RequestedService {
	return []RequestedService{ForensicInterview, MedicalExam, Advocacy, MentalHealth}
}

// Valid reports whether s is a known service.
func (s RequestedService) Valid() bool { return slices.Contains(RequestedServices(), s) }

// Urgency is how soon the referrer needs the CAC to act.
type Urgency string

// The urgencies.
const (
	Routine   Urgency = "routine"
	Urgent    Urgency = "urgent"
	Emergency Urgency = "emergency"
)

// Urgencies lists the urgencies from least to most urgent.
func Urgencies() []Urgency { return []Urgency{Routine, Urgent, Emergency} }

// Valid reports whether u is a known urgency.
func (u Urgency) Valid() bool { return slices.Contains(Urgencies(), u) }

// HouseholdRole is what a listed adult is to the household.
type HouseholdRole string

// The household roles.
const (
	// Caregiver: a parent, guardian or other person caring for the child.
	Caregiver HouseholdRole = "caregiver"
	// HouseholdMember: someone else living in the child's home.
	HouseholdMember HouseholdRole = "household_member"
)

// HouseholdRoles lists the roles.
func HouseholdRoles() []HouseholdRole { return []HouseholdRole{Caregiver, HouseholdMember} }

// Valid reports whether r is a known role.
func (r HouseholdRole) Valid() bool { return slices.Contains(HouseholdRoles(), r) }
