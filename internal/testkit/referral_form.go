package testkit

import (
	"time"

	"github.com/carenet-go/carenet/referral"
)

// CompleteForm returns a complete, valid referral form of the kind as of
// the day of today (UTC): every field a referrer fills in is set, with
// lists of several items (two children, two household members, an alleged
// offender known and one unknown, two allegations, three services, two
// attachments), the LE part for the LE and combined kinds and the CPS
// part for the CPS and combined kinds. Its dates are days before today and
// its ages agree with its dates of birth, so it passes the default rules
// on any day. As of carenettest.Start (2 March 2026) the incident was on
// 20 February, the report on 27 February, and Jamie was born on 14 May
// 2016. ReceivedDate, which the CAC sets, is left empty. Each call returns
// a new form the caller may change.
func CompleteForm(kind referral.Kind, today time.Time) referral.Form {
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	before := func(years, days int) *time.Time { d := today.AddDate(-years, 0, -days); return &d }
	age := func(v int) *int { return &v }
	f := referral.Form{
		Kind:             kind,
		Referrer:         referral.Contact{Name: "Det. Dana Reyes", Agency: "Metro Police Department", Phone: "+1 (555) 010-2000 x12", Email: "dana.reyes@metro.example.org"},
		Reason:           "Disclosure at school; forensic interview needed.",
		AgencyCaseNumber: "MPD-2026-00123",
		IncidentDate:     before(0, 10),
		ReportedDate:     before(0, 3),
		Children: []referral.Child{{
			GivenName: "Jamie", FamilyName: "Doe", DateOfBirth: before(9, 292), Age: age(9),
			Gender: "female", Race: "White", Ethnicity: "Not Hispanic or Latino",
			Address: referral.Address{Line1: "12 Elm Street", Line2: "Apt 3", City: "Riverside", Region: "CA", PostalCode: "92501"},
		}, {
			GivenName: "Alex", FamilyName: "Doe", Age: age(6), Gender: "male",
		}},
		Household: []referral.HouseholdPerson{
			{GivenName: "Morgan", FamilyName: "Doe", Role: referral.Caregiver, Relationship: "mother", Phone: "555-010-3000",
				Email: "morgan@example.org", Address: referral.Address{Line1: "12 Elm Street", City: "Riverside"}},
			{GivenName: "Chris", FamilyName: "Roe", Role: referral.HouseholdMember, Relationship: "mother's partner"},
		},
		Offenders: []referral.Offender{
			{GivenName: "Chris", FamilyName: "Roe", DateOfBirth: before(34, 71), Age: age(34), Relationship: "mother's partner"},
			{Unknown: true, Relationship: "stranger"},
		},
		Allegations: []referral.Allegation{{Type: referral.SexualAbuse}, {Type: referral.OtherAllegation, Details: "Threats to a sibling"}},
		Narrative:   "Jamie told her teacher on 27 February that...\nShe said it happened more than once.\n\tTeacher called 911.",
		Services:    []referral.RequestedService{referral.ForensicInterview, referral.MedicalExam, referral.Advocacy},
		Urgency:     referral.Urgent,
		Attachments: []referral.Attachment{
			{Key: "blob/2026/03/abc123", Name: "incident-report.pdf", ContentType: "application/pdf", Size: 182044},
			{Key: "blob/2026/03/def456", Name: "photo.jpg", ContentType: "image/jpeg", Size: 0},
		},
	}
	if kind.NeedsLE() {
		f.LE = &referral.LEPart{
			Investigator: referral.Contact{Name: "Det. Dana Reyes", Agency: "Metro Police Department", Phone: "555-010-2000", Email: "dana@metro.example.org"},
			BadgeNumber:  "4471", ReportNumber: "2026-000456",
		}
	}
	if kind.NeedsCPS() {
		f.CPS = &referral.CPSPart{
			Caseworker:     referral.Contact{Name: "Casey Worker", Agency: "County CPS", Phone: "555-010-4000", Email: "casey@cps.example.gov"},
			IntakeNumber:   "CPS-778812",
			SafetyConcerns: "Alleged offender still in the home.\nDog on premises.",
		}
	}
	return f
}
