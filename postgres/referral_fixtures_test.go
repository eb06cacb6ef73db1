package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/referral"
)

// referralService returns a referral service over the store, on the
// system clock and random IDs, so that it can run on the shared database.
func referralService(s *postgres.Store) *referral.Service {
	return referral.NewService(s.Referral(), referral.Config{})
}

// referralPortalUser stores a law-enforcement officer with a referral
// portal login (Referral User, portal and Referral Portal Access on) and
// returns the person and the principal a login would give them.
func referralPortalUser(t testing.TB, s *postgres.Store, name string) (personnel.Person, *auth.Principal) {
	t.Helper()
	p := person(uniq("p"), "Given"+name, "Family"+name)
	p.Agency, p.AgencyKind = "Metro Police Department", personnel.AgencyLawEnforcement
	a := account(uniq("a"), p.ID, uniq(name), auth.ReferralUserGroup)
	a.Portal = portal.Access{Enabled: true, Referral: portal.ReferralBoth}
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		if err := tx.People().Create(ctx, p); err != nil {
			return err
		}
		return tx.Accounts().Create(ctx, a, credentials(a.ID))
	}))
	p.Version = 1
	principal := &auth.Principal{PersonID: p.ID, AccountID: a.ID, Username: a.Username, Groups: a.Groups,
		Portal: portal.Compute(auth.PortalFacts(a, true))}
	require.NoError(t, referral.MaySubmit(principal, referral.KindCombined), "the portal user may submit combined referrals")
	return p, principal
}

// referralReviewer is the principal of CAC staff who review referrals.
func referralReviewer(personID string) *auth.Principal {
	return &auth.Principal{PersonID: personID, Permissions: auth.NewPermissionSet(auth.ReviewReferrals)}
}

// combinedForm is a complete, valid combined (LE and CPS) referral as of
// now: two children, two household members, two alleged offenders, two
// allegations, three requested services, both parts and an attachment.
func combinedForm(now time.Time) referral.Form {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	daysAgo := func(n int) *time.Time { d := today.AddDate(0, 0, -n); return &d }
	age := func(v int) *int { return &v }
	return referral.Form{
		Kind:             referral.KindCombined,
		Referrer:         referral.Contact{Name: "Det. Dana Reyes", Agency: "Metro Police Department", Phone: "+1 (555) 010-2000 x12", Email: "dana.reyes@metro.example.org"},
		Reason:           "Disclosure at school; forensic interview needed.",
		AgencyCaseNumber: "MPD-2026-00123",
		IncidentDate:     daysAgo(10),
		ReportedDate:     daysAgo(3),
		Children: []referral.Child{{
			GivenName: "Jamie", FamilyName: "Doe", DateOfBirth: daysAgo(9*365 + 40),
			Gender: "female", Race: "White", Ethnicity: "Not Hispanic or Latino",
			Address: referral.Address{Line1: "12 Elm Street", City: "Riverside", Region: "CA", PostalCode: "92501"},
		}, {
			GivenName: "Alex", FamilyName: "Doe", Age: age(6), Gender: "male",
		}},
		Household: []referral.HouseholdPerson{
			{GivenName: "Morgan", FamilyName: "Doe", Role: referral.Caregiver, Relationship: "mother", Phone: "555-010-3000"},
			{GivenName: "Chris", FamilyName: "Roe", Role: referral.HouseholdMember, Relationship: "mother's partner"},
		},
		Offenders: []referral.Offender{
			{GivenName: "Chris", FamilyName: "Roe", Age: age(34), Relationship: "mother's partner"},
			{Unknown: true, Relationship: "stranger"},
		},
		Allegations: []referral.Allegation{{Type: referral.SexualAbuse}, {Type: referral.OtherAllegation, Details: "Threats to a sibling"}},
		Narrative:   "Jamie told her teacher that...\nShe said it happened more than once.\n\tTeacher called 911.",
		Services:    []referral.RequestedService{referral.ForensicInterview, referral.MedicalExam, referral.Advocacy},
		Urgency:     referral.Urgent,
		LE: &referral.LEPart{
			Investigator: referral.Contact{Name: "Det. Dana Reyes", Agency: "Metro Police Department", Phone: "555-010-2000"},
			BadgeNumber:  "4471", ReportNumber: "2026-000456",
		},
		CPS: &referral.CPSPart{
			Caseworker:     referral.Contact{Name: "Casey Worker", Agency: "County CPS", Email: "casey@cps.example.gov"},
			IntakeNumber:   "CPS-778812",
			SafetyConcerns: "Alleged offender still in the home.\nDog on premises.",
		},
		Attachments: []referral.Attachment{{Key: "blob/2026/03/abc123", Name: "incident-report.pdf", ContentType: "application/pdf", Size: 182044}},
	}
}
