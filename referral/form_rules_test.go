package referral_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
)

func TestValidateCompleteFormsPass(t *testing.T) {
	for _, kind := range referral.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			require.NoError(t, referral.Validate(referral.Referral{Form: form(kind)}, now, referral.Rules{}))
		})
	}
	t.Run("minimal client referral", func(t *testing.T) {
		f := referral.Form{
			Kind:        referral.KindClient,
			Referrer:    referral.Contact{Name: "Pat Parent", Agency: "Self", Email: "pat@example.org"},
			Reason:      "Counselling after a disclosure",
			Children:    []referral.Child{{GivenName: "Sam", Age: intp(12)}},
			Allegations: []referral.Allegation{{Type: referral.EmotionalAbuse}},
			Narrative:   "-",
			Urgency:     referral.Routine,
		}
		require.NoError(t, referral.Validate(referral.Referral{Form: f}, now, referral.Rules{}), "a client referral needs no date reported")
	})
}

func TestValidateRules(t *testing.T) {
	type P = [2]string
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name  string
		kind  referral.Kind
		rules referral.Rules
		edit  func(f *referral.Form)
		want  []P
	}{
		// Kinds and their parts.
		{"kind required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Kind = "" }, []P{{"kind", carenet.RuleRequired}}},
		{"kind unknown", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Kind = "fbi" }, []P{{"kind", carenet.RuleOneOf}}},
		{"LE needs the LE part", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.LE = nil }, []P{{"le", carenet.RuleRequired}}},
		{"LE must not have the CPS part", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.CPS = form(referral.KindCPS).CPS }, []P{{"cps", carenet.RuleNotAllowed}}},
		{"CPS needs the CPS part", referral.KindCPS, referral.Rules{}, func(f *referral.Form) { f.CPS = nil }, []P{{"cps", carenet.RuleRequired}}},
		{"CPS must not have the LE part", referral.KindCPS, referral.Rules{}, func(f *referral.Form) { f.LE = form(referral.KindLE).LE }, []P{{"le", carenet.RuleNotAllowed}}},
		{"combined needs both parts", referral.KindCombined, referral.Rules{}, func(f *referral.Form) { f.LE, f.CPS = nil, nil },
			[]P{{"le", carenet.RuleRequired}, {"cps", carenet.RuleRequired}}},
		{"combined needs the CPS part", referral.KindCombined, referral.Rules{}, func(f *referral.Form) { f.CPS = nil }, []P{{"cps", carenet.RuleRequired}}},
		{"client has neither part", referral.KindClient, referral.Rules{}, func(f *referral.Form) {
			f.LE, f.CPS = form(referral.KindLE).LE, form(referral.KindCPS).CPS
		}, []P{{"le", carenet.RuleNotAllowed}, {"cps", carenet.RuleNotAllowed}}},
		{"investigator name required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.LE.Investigator.Name = " " },
			[]P{{"le.investigator.name", carenet.RuleRequired}}},
		{"investigator email format", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.LE.Investigator.Email = "dana@" },
			[]P{{"le.investigator.email", carenet.RuleFormat}}},
		{"badge number too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.LE.BadgeNumber = long(referral.MaxNumberLength + 1) },
			[]P{{"le.badge_number", carenet.RuleTooLong}}},
		{"report number control characters", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.LE.ReportNumber = "12\n34" },
			[]P{{"le.report_number", carenet.RuleControlChars}}},
		{"caseworker name required", referral.KindCPS, referral.Rules{}, func(f *referral.Form) { f.CPS.Caseworker.Name = "" },
			[]P{{"cps.caseworker.name", carenet.RuleRequired}}},
		{"caseworker phone format", referral.KindCPS, referral.Rules{}, func(f *referral.Form) { f.CPS.Caseworker.Phone = "call the office" },
			[]P{{"cps.caseworker.phone", carenet.RuleFormat}}},
		{"intake number too long", referral.KindCPS, referral.Rules{}, func(f *referral.Form) { f.CPS.IntakeNumber = long(65) },
			[]P{{"cps.intake_number", carenet.RuleTooLong}}},
		{"safety concerns too long", referral.KindCPS, referral.Rules{}, func(f *referral.Form) { f.CPS.SafetyConcerns = long(referral.MaxReasonLength + 1) },
			[]P{{"cps.safety_concerns", carenet.RuleTooLong}}},

		// The referrer and the referral's own fields.
		{"referrer name required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Name = "" }, []P{{"referrer.name", carenet.RuleRequired}}},
		{"referrer agency required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Agency = "\t" }, []P{{"referrer.agency", carenet.RuleControlChars}}},
		{"referrer agency blank", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Agency = "   " }, []P{{"referrer.agency", carenet.RuleRequired}}},
		{"referrer phone or email required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Phone, f.Referrer.Email = "", "" },
			[]P{{"referrer.phone", carenet.RuleRequired}}},
		{"referrer email alone will do", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Phone = "" }, nil},
		{"referrer email format", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Email = "Dana <dana@metro.example.org>" },
			[]P{{"referrer.email", carenet.RuleFormat}}},
		{"referrer phone format", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Phone = "12345" },
			[]P{{"referrer.phone", carenet.RuleFormat}}},
		{"referrer name too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Name = long(referral.MaxNameLength + 1) },
			[]P{{"referrer.name", carenet.RuleTooLong}}},
		{"referrer name at its limit", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Referrer.Name = long(referral.MaxNameLength) }, nil},
		{"reason required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Reason = "" }, []P{{"reason", carenet.RuleRequired}}},
		{"reason may span lines", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Reason = "one\r\ntwo\tthree" }, nil},
		{"reason bell", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Reason = "ding\a" }, []P{{"reason", carenet.RuleControlChars}}},
		{"agency case number too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.AgencyCaseNumber = long(65) },
			[]P{{"agency_case_number", carenet.RuleTooLong}}},
		{"narrative required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Narrative = "\n\n" }, []P{{"narrative", carenet.RuleRequired}}},
		{"narrative too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Narrative = long(referral.MaxNarrativeLength + 1) },
			[]P{{"narrative", carenet.RuleTooLong}}},
		{"narrative invalid UTF-8", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Narrative = "ok \xff\xfe" },
			[]P{{"narrative", carenet.RuleInvalidUTF8}}},
		{"narrative bidi override", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Narrative = "abc\u202edcba" },
			[]P{{"narrative", carenet.RuleControlChars}}},
		{"urgency required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Urgency = "" }, []P{{"urgency", carenet.RuleRequired}}},
		{"urgency unknown", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Urgency = "asap" }, []P{{"urgency", carenet.RuleOneOf}}},

		// Dates.
		{"date reported required for LE", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.ReportedDate = nil },
			[]P{{"reported_date", carenet.RuleRequired}}},
		{"date reported required for CPS", referral.KindCPS, referral.Rules{}, func(f *referral.Form) { f.ReportedDate = nil },
			[]P{{"reported_date", carenet.RuleRequired}}},
		{"date reported optional for a client referral", referral.KindClient, referral.Rules{}, func(f *referral.Form) { f.ReportedDate = nil }, nil},
		{"incident in the future", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.IncidentDate = day(2026, 3, 3) },
			[]P{{"incident_date", carenet.RuleFuture}}},
		{"incident today", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.IncidentDate, f.ReportedDate, f.ReceivedDate = day(2026, 3, 2), day(2026, 3, 2), day(2026, 3, 2)
		}, nil},
		{"reported before incident", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.ReportedDate = day(2026, 2, 19) },
			[]P{{"reported_date", carenet.RuleOrder}}},
		{"received before reported", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.ReceivedDate = day(2026, 2, 26) },
			[]P{{"received_date", carenet.RuleOrder}}},
		{"received before incident, no date reported", referral.KindClient, referral.Rules{}, func(f *referral.Form) {
			f.ReportedDate, f.ReceivedDate = nil, day(2026, 2, 19)
		}, []P{{"received_date", carenet.RuleOrder}}},
		{"received in the future", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.ReceivedDate = day(2027, 1, 1) },
			[]P{{"received_date", carenet.RuleFuture}}},
		{"dates read as UTC days", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			late := time.Date(2026, 3, 2, 23, 59, 0, 0, time.UTC)
			f.ReceivedDate = &late
		}, nil},
		{"today is the day in Rules.Location", referral.KindLE, referral.Rules{Location: time.FixedZone("UTC+14", 14*3600)}, func(f *referral.Form) {
			f.ReceivedDate = day(2026, 3, 2) // 09:00 UTC is 23:00 on 2 March at UTC+14
		}, nil},
		{"tomorrow in Rules.Location", referral.KindLE, referral.Rules{Location: time.FixedZone("UTC-10", -10*3600)}, func(f *referral.Form) {
			f.ReceivedDate = day(2026, 3, 2) // 09:00 UTC is 23:00 on 1 March at UTC-10
		}, []P{{"received_date", carenet.RuleFuture}}},

		// Children.
		{"no children", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children = nil }, []P{{"children", carenet.RuleRequired}}},
		{"too many children", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Children = make([]referral.Child, referral.MaxChildren+1)
			for i := range f.Children {
				f.Children[i] = referral.Child{GivenName: "Kid", Age: intp(5)}
			}
		}, []P{{"children", carenet.RuleTooLong}}},
		{"child name required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[1].GivenName, f.Children[1].FamilyName = "", " " },
			[]P{{"children[1].given_name", carenet.RuleRequired}}},
		{"child family name alone will do", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[1].GivenName = "" }, nil},
		{"child name control characters", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[0].GivenName = "Ja\x00mie" },
			[]P{{"children[0].given_name", carenet.RuleControlChars}}},
		{"child date of birth or age required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[1].Age = nil },
			[]P{{"children[1].date_of_birth", carenet.RuleRequired}}},
		{"child born in the future", referral.KindClient, referral.Rules{}, func(f *referral.Form) {
			f.IncidentDate, f.Children[0].DateOfBirth, f.Children[0].Age = nil, day(2026, 4, 1), nil
		}, []P{{"children[0].date_of_birth", carenet.RuleFuture}}},
		{"child born after the incident", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2026, 2, 21), nil
		}, []P{{"children[0].date_of_birth", carenet.RuleOrder}}},
		{"child born after the date reported", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.IncidentDate, f.Children[0].DateOfBirth, f.Children[0].Age = nil, day(2026, 2, 28), nil
		}, []P{{"children[0].date_of_birth", carenet.RuleOrder}}},
		{"child 18 on the date reported", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2008, 2, 27), nil
		}, []P{{"children[0].date_of_birth", carenet.RuleRange}}},
		{"child 18 the day after the date reported", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2008, 2, 28), nil
		}, nil},
		{"child 18 today but 17 on the date reported", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2008, 3, 1), intp(17)
		}, nil},
		{"without a date reported, the date received counts", referral.KindClient, referral.Rules{}, func(f *referral.Form) {
			f.ReportedDate, f.ReceivedDate = nil, day(2026, 2, 27)
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2008, 2, 28), nil
		}, nil},
		{"without either, today counts", referral.KindClient, referral.Rules{}, func(f *referral.Form) {
			f.ReportedDate = nil
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2008, 2, 28), nil
		}, []P{{"children[0].date_of_birth", carenet.RuleRange}}},
		{"leap-day birthday", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			// Born 29 Feb 2008: 18 on 1 March 2026, still 17 on 27 February.
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2008, 2, 29), intp(17)
		}, nil},
		{"child age 18", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[1].Age = intp(18) },
			[]P{{"children[1].age", carenet.RuleRange}}},
		{"child age 17", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[1].Age = intp(17) }, nil},
		{"child age negative", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[1].Age = intp(-1) },
			[]P{{"children[1].age", carenet.RuleRange}, {"children[1].date_of_birth", carenet.RuleRequired}}},
		{"vulnerable adult under a raised limit", referral.KindLE, referral.Rules{AgeLimit: 26}, func(f *referral.Form) {
			f.Children[0].DateOfBirth, f.Children[0].Age = day(2001, 1, 1), intp(25)
			f.Children[1].Age = intp(25)
		}, nil},
		{"over a raised limit", referral.KindLE, referral.Rules{AgeLimit: 26}, func(f *referral.Form) { f.Children[1].Age = intp(26) },
			[]P{{"children[1].age", carenet.RuleRange}}},
		{"age and date of birth disagree", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[0].Age = intp(10) },
			[]P{{"children[0].age", referral.RuleMismatch}}},
		{"child gender too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Children[0].Gender = long(referral.MaxShortTextLength + 1) },
			[]P{{"children[0].gender", carenet.RuleTooLong}}},
		{"child race and ethnicity", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Children[0].Race, f.Children[0].Ethnicity = "a\x1bb", long(101)
		}, []P{{"children[0].race", carenet.RuleControlChars}, {"children[0].ethnicity", carenet.RuleTooLong}}},
		{"child address", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Children[0].Address.City = "River\nside"
			f.Children[0].Address.PostalCode = long(referral.MaxPostalCodeLength + 1)
		}, []P{{"children[0].address.city", carenet.RuleControlChars}, {"children[0].address.postal_code", carenet.RuleTooLong}}},

		// Household.
		{"household member name", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Household[1].GivenName, f.Household[1].FamilyName = "", "" },
			[]P{{"household[1].given_name", carenet.RuleRequired}}},
		{"household role required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Household[0].Role = "" },
			[]P{{"household[0].role", carenet.RuleRequired}}},
		{"household role unknown", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Household[0].Role = "landlord" },
			[]P{{"household[0].role", carenet.RuleOneOf}}},
		{"household relationship required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Household[0].Relationship = "" },
			[]P{{"household[0].relationship", carenet.RuleRequired}}},
		{"household contact formats", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Household[0].Phone, f.Household[0].Email = "phone", "mail"
		}, []P{{"household[0].phone", carenet.RuleFormat}, {"household[0].email", carenet.RuleFormat}}},
		{"household too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Household = make([]referral.HouseholdPerson, referral.MaxHousehold+1)
		}, []P{{"household", carenet.RuleTooLong}}},

		// Offenders.
		{"unknown offender with a name", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Offenders[1].GivenName, f.Offenders[1].FamilyName = "Bob", "X" },
			[]P{{"offenders[1].given_name", carenet.RuleNotAllowed}, {"offenders[1].family_name", carenet.RuleNotAllowed}}},
		{"known offender without a name", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Offenders[0].GivenName, f.Offenders[0].FamilyName = "", "" },
			[]P{{"offenders[0].given_name", carenet.RuleRequired}}},
		{"offender age out of range", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Offenders[0].Age = intp(referral.MaxAge + 1) },
			[]P{{"offenders[0].age", carenet.RuleRange}}},
		{"adult offender is no problem", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Offenders[0].DateOfBirth, f.Offenders[0].Age = day(1980, 7, 1), intp(45)
		}, nil},
		{"offender age and date of birth disagree", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Offenders[0].DateOfBirth, f.Offenders[0].Age = day(1980, 7, 1), intp(40)
		}, []P{{"offenders[0].age", referral.RuleMismatch}}},
		{"offender born in the future", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Offenders[0].DateOfBirth = day(2030, 1, 1) },
			[]P{{"offenders[0].date_of_birth", carenet.RuleFuture}}},
		{"offender relationship too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Offenders[1].Relationship = long(101) },
			[]P{{"offenders[1].relationship", carenet.RuleTooLong}}},
		{"too many offenders", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Offenders = make([]referral.Offender, referral.MaxOffenders+1)
			for i := range f.Offenders {
				f.Offenders[i].Unknown = true
			}
		}, []P{{"offenders", carenet.RuleTooLong}}},

		// Allegations and services.
		{"no allegations", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Allegations = nil }, []P{{"allegations", carenet.RuleRequired}}},
		{"allegation type required", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Allegations[0].Type = "" },
			[]P{{"allegations[0].type", carenet.RuleRequired}}},
		{"allegation type unknown", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Allegations[0].Type = "bullying" },
			[]P{{"allegations[0].type", carenet.RuleOneOf}}},
		{"other allegation needs details", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Allegations[1].Details = "" },
			[]P{{"allegations[1].details", carenet.RuleRequired}}},
		{"allegation listed twice", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Allegations = append(f.Allegations, referral.Allegation{Type: referral.Neglect}, referral.Allegation{Type: referral.SexualAbuse})
		}, []P{{"allegations[3].type", referral.RuleDuplicate}}},
		{"other listed twice is fine", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Allegations = append(f.Allegations, referral.Allegation{Type: referral.OtherAllegation, Details: "Something else"})
		}, nil},
		{"every allegation type", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Allegations = nil
			for _, a := range referral.AllegationTypes() {
				f.Allegations = append(f.Allegations, referral.Allegation{Type: a, Details: "details"})
			}
		}, nil},
		{"too many allegations", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Allegations = make([]referral.Allegation, referral.MaxAllegations+1)
			for i := range f.Allegations {
				f.Allegations[i] = referral.Allegation{Type: referral.OtherAllegation, Details: "x"}
			}
		}, []P{{"allegations", carenet.RuleTooLong}}},
		{"service unknown", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Services[1] = "housing" },
			[]P{{"services[1]", carenet.RuleOneOf}}},
		{"service listed twice", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Services[2] = referral.ForensicInterview },
			[]P{{"services[2]", referral.RuleDuplicate}}},
		{"no services is fine", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Services = nil }, nil},

		// Attachments.
		{"attachment key, name and type required", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			f.Attachments[0] = referral.Attachment{}
		}, []P{{"attachments[0].key", carenet.RuleRequired}, {"attachments[0].name", carenet.RuleRequired}, {"attachments[0].content_type", carenet.RuleRequired}}},
		{"attachment content type format", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Attachments[0].ContentType = "pdf" },
			[]P{{"attachments[0].content_type", carenet.RuleFormat}}},
		{"attachment content type with parameters", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Attachments[0].ContentType = "text/plain; charset=utf-8" },
			[]P{{"attachments[0].content_type", carenet.RuleFormat}}},
		{"attachment size negative", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Attachments[0].Size = -1 },
			[]P{{"attachments[0].size", carenet.RuleRange}}},
		{"attachment name control characters", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Attachments[0].Name = "a\u2028b.pdf" },
			[]P{{"attachments[0].name", carenet.RuleControlChars}}},
		{"attachment key too long", referral.KindLE, referral.Rules{}, func(f *referral.Form) { f.Attachments[0].Key = strings.Repeat("k", referral.MaxKeyLength+1) },
			[]P{{"attachments[0].key", carenet.RuleTooLong}}},
		{"too many attachments", referral.KindLE, referral.Rules{}, func(f *referral.Form) {
			a := f.Attachments[0]
			f.Attachments = make([]referral.Attachment, referral.MaxAttachments+1)
			for i := range f.Attachments {
				f.Attachments[i] = a
			}
		}, []P{{"attachments", carenet.RuleTooLong}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := form(tt.kind)
			tt.edit(&f)
			err := referral.Validate(referral.Referral{Form: f}, now, tt.rules)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			assert.ElementsMatch(t, tt.want, problems(t, err))
		})
	}
}

func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	f := form(referral.KindCombined)
	f.CPS = nil
	f.Referrer.Email = "nope"
	f.ReportedDate = day(2027, 1, 1)
	f.Children[1].Age = nil
	f.Children = append(f.Children, referral.Child{GivenName: "Old", DateOfBirth: day(1990, 1, 1)})
	f.Allegations[0].Type = "gossip"
	f.Narrative = "\xc3\x28"
	err := referral.Validate(referral.Referral{Form: f}, now, referral.Rules{})
	assert.ElementsMatch(t, [][2]string{
		{"cps", carenet.RuleRequired},
		{"referrer.email", carenet.RuleFormat},
		{"reported_date", carenet.RuleFuture},
		{"children[1].date_of_birth", carenet.RuleRequired},
		{"children[2].date_of_birth", carenet.RuleRange},
		{"allegations[0].type", carenet.RuleOneOf},
		{"narrative", carenet.RuleInvalidUTF8},
	}, problems(t, err))
	for _, p := range carenet.Validation(err).Problems {
		assert.NotEmpty(t, p.Message, p.Field)
	}
	assert.NotEmpty(t, carenet.ErrorMessage(err))
}

func TestValidateDoesNotChangeItsInput(t *testing.T) {
	f := form(referral.KindCombined)
	before := form(referral.KindCombined)
	_ = referral.Validate(referral.Referral{Form: f}, now, referral.Rules{})
	assert.Equal(t, before, f)
}

func TestCheckDraft(t *testing.T) {
	type P = [2]string
	tests := []struct {
		name string
		form referral.Form
		want []P
	}{
		{"almost empty", referral.Form{Kind: referral.KindLE}, nil},
		{"no kind", referral.Form{}, []P{{"kind", carenet.RuleRequired}}},
		{"unknown kind", referral.Form{Kind: "x"}, []P{{"kind", carenet.RuleOneOf}}},
		{"half filled, wrong parts, bad formats, odd dates", referral.Form{
			Kind: referral.KindClient, LE: &referral.LEPart{}, Referrer: referral.Contact{Email: "not yet"},
			IncidentDate: day(2030, 1, 1), Children: []referral.Child{{Age: intp(40)}},
			Offenders: []referral.Offender{{Unknown: true, GivenName: "Bob"}},
		}, nil},
		{"control characters", referral.Form{Kind: referral.KindLE, Referrer: referral.Contact{Name: "a\x7fb"}, Narrative: "ok\n\tfine"},
			[]P{{"referrer.name", carenet.RuleControlChars}}},
		{"invalid UTF-8 deep down", referral.Form{Kind: referral.KindCPS, CPS: &referral.CPSPart{Caseworker: referral.Contact{Agency: "\xff"}}},
			[]P{{"cps.caseworker.agency", carenet.RuleInvalidUTF8}}},
		{"too long", referral.Form{Kind: referral.KindLE, Children: []referral.Child{{}, {Address: referral.Address{Line2: strings.Repeat("x", referral.MaxAddressLength+1)}}}},
			[]P{{"children[1].address.line2", carenet.RuleTooLong}}},
		{"unknown catalogue values", referral.Form{Kind: referral.KindLE, Urgency: "now", Services: []referral.RequestedService{"x"},
			Allegations: []referral.Allegation{{Type: "y"}}, Household: []referral.HouseholdPerson{{Role: "z"}}},
			[]P{{"urgency", carenet.RuleOneOf}, {"services[0]", carenet.RuleOneOf}, {"allegations[0].type", carenet.RuleOneOf}, {"household[0].role", carenet.RuleOneOf}}},
		{"too many", referral.Form{Kind: referral.KindLE, Children: make([]referral.Child, referral.MaxChildren+1)},
			[]P{{"children", carenet.RuleTooLong}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := referral.CheckDraft(referral.Referral{Form: tt.form})
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			assert.ElementsMatch(t, tt.want, problems(t, err))
		})
	}
	for _, kind := range referral.Kinds() {
		assert.NoError(t, referral.CheckDraft(referral.Referral{Form: form(kind)}), "a complete form is a good draft")
	}
}
