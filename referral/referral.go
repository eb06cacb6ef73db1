package referral

import "time"

// Referral is a stored referral: the Form its submitter filled in, and what
// the SDK keeps about it.
type Referral struct {
	// ID identifies the referral.
	ID string `json:"id"`
	Form
	// Status is where the referral is in its life (see Transition).
	Status Status `json:"status"`
	// Version increases with every stored change; a change based on an old
	// version is refused with a Conflict.
	Version int64 `json:"version"`
	// SubmitterID is the person ID of the user who made the referral. Only
	// they see it in My Referrals.
	SubmitterID string `json:"submitter_id"`
	// IdempotencyKey is the key the submitter sent with the call that made
	// the referral, if any: a retried call with the same key returns this
	// referral instead of making another.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// History lists every change of status and every message, oldest first.
	History []Entry `json:"history"`
	// CaseID is the host's case the referral was accepted into.
	CaseID string `json:"case_id,omitempty"`
	// MergedInto is the referral this one was merged into as a duplicate.
	MergedInto string `json:"merged_into,omitempty"`
	// MergedFrom lists the duplicates merged into this referral.
	MergedFrom []string `json:"merged_from,omitempty"`
	// CreatedAt is when the referral was first saved or submitted;
	// UpdatedAt when it last changed; SubmittedAt when it was last
	// submitted (nil for a draft never submitted). The intake queue is
	// ordered by SubmittedAt.
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
}

// Entry is one line of a referral's history: a change of status, an edit
// or a message.
type Entry struct {
	At     time.Time `json:"at"`
	Action Action    `json:"action"`
	// From and To are the status before and after; equal for an edit or a
	// message.
	From Status `json:"from"`
	To   Status `json:"to"`
	// ActorID is the person who acted.
	ActorID string `json:"actor_id,omitempty"`
	// Message is text between the CAC and the referrer: a request for more
	// information, the reason for a rejection, a note to the referrer, or
	// the referrer's reply on resubmitting. Both sides see it.
	Message string `json:"message,omitempty"`
	// Note is the CAC's internal reason (for an acceptance, a merge, a
	// deletion). The submitter never sees it.
	Note string `json:"note,omitempty"`
}

// Form is what a submitter fills in. Validate checks it for submission,
// CheckDraft for a saved draft.
type Form struct {
	// Kind is client, LE, CPS or combined.
	Kind Kind `json:"kind"`
	// Referrer is the referring person and their agency.
	Referrer Contact `json:"referrer"`
	// Reason is why the child is referred to the CAC.
	Reason string `json:"reason"`
	// AgencyCaseNumber is the referring agency's own case or report number.
	AgencyCaseNumber string `json:"agency_case_number,omitempty"`
	// IncidentDate is when the abuse happened (or began), if known;
	// ReportedDate when it was reported to the referring agency;
	// ReceivedDate when the CAC received the referral. Dates are calendar
	// days: the day of the time in UTC, stored as midnight UTC.
	IncidentDate *time.Time `json:"incident_date,omitempty"`
	ReportedDate *time.Time `json:"reported_date,omitempty"`
	ReceivedDate *time.Time `json:"received_date,omitempty"`
	// Children are the children referred (the first is the primary child,
	// the others co-victims).
	Children []Child `json:"children"`
	// Household lists the caregivers and other household members.
	Household []HouseholdPerson `json:"household,omitempty"`
	// Offenders are the alleged offenders.
	Offenders []Offender `json:"offenders,omitempty"`
	// Allegations are the abuse types alleged.
	Allegations []Allegation `json:"allegations"`
	// Narrative is the referrer's account, in their words.
	Narrative string `json:"narrative"`
	// Services are the services asked of the CAC.
	Services []RequestedService `json:"services,omitempty"`
	// Urgency is how soon the CAC should act.
	Urgency Urgency `json:"urgency"`
	// LE is the law-enforcement part: required for KindLE and
	// KindCombined, not allowed otherwise.
	LE *LEPart `json:"le,omitempty"`
	// CPS is the child-protective-services part: required for KindCPS and
	// KindCombined, not allowed otherwise.
	CPS *CPSPart `json:"cps,omitempty"`
	// Attachments are references to files the host keeps.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Contact is a person to reach: the referrer, an investigator, a
// caseworker.
type Contact struct {
	Name   string `json:"name"`
	Agency string `json:"agency,omitempty"`
	Phone  string `json:"phone,omitempty"`
	Email  string `json:"email,omitempty"`
}

// Address is a postal address.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
}

// Child is a child referred. A child has a name (given or family, or both)
// and a date of birth or an age.
type Child struct {
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	// DateOfBirth is a calendar day, like the form's other dates.
	DateOfBirth *time.Time `json:"date_of_birth,omitempty"`
	// Age is the child's age in whole years on the date reported, for when
	// the date of birth is not known. With both, they must agree.
	Age *int `json:"age,omitempty"`
	// Gender, Race and Ethnicity are as the host's forms record them.
	Gender    string  `json:"gender,omitempty"`
	Race      string  `json:"race,omitempty"`
	Ethnicity string  `json:"ethnicity,omitempty"`
	Address   Address `json:"address"`
}

// HouseholdPerson is a caregiver or household member.
type HouseholdPerson struct {
	GivenName  string        `json:"given_name"`
	FamilyName string        `json:"family_name"`
	Role       HouseholdRole `json:"role"`
	// Relationship is their relationship to the child ("mother",
	// "mother's partner").
	Relationship string  `json:"relationship"`
	Phone        string  `json:"phone,omitempty"`
	Email        string  `json:"email,omitempty"`
	Address      Address `json:"address"`
}

// Offender is an alleged offender. An offender whose name is not known is
// Unknown and has no name.
type Offender struct {
	Unknown    bool   `json:"unknown"`
	GivenName  string `json:"given_name,omitempty"`
	FamilyName string `json:"family_name,omitempty"`
	// DateOfBirth and Age are as for a child; both are optional.
	DateOfBirth *time.Time `json:"date_of_birth,omitempty"`
	Age         *int       `json:"age,omitempty"`
	// Relationship is their relationship to the child ("stepfather",
	// "neighbour", "stranger").
	Relationship string `json:"relationship,omitempty"`
}

// Allegation is one abuse type alleged.
type Allegation struct {
	Type AllegationType `json:"type"`
	// Details says more; required when Type is OtherAllegation.
	Details string `json:"details,omitempty"`
}

// LEPart is what a law-enforcement referral adds.
type LEPart struct {
	// Investigator is the officer investigating.
	Investigator Contact `json:"investigator"`
	BadgeNumber  string  `json:"badge_number,omitempty"`
	// ReportNumber is the agency's police report number.
	ReportNumber string `json:"report_number,omitempty"`
}

// CPSPart is what a child-protective-services referral adds.
type CPSPart struct {
	// Caseworker is the CPS worker assigned.
	Caseworker Contact `json:"caseworker"`
	// IntakeNumber is CPS's intake or report number.
	IntakeNumber string `json:"intake_number,omitempty"`
	// SafetyConcerns describes present dangers to the child or to visiting
	// staff.
	SafetyConcerns string `json:"safety_concerns,omitempty"`
}

// Attachment refers to a file the host stores; the SDK keeps only the
// reference.
type Attachment struct {
	// Key is the host's storage key for the file.
	Key         string `json:"key"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	// Size is the file's size in bytes.
	Size int64 `json:"size"`
}
