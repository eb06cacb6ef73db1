package referral_test

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
)

// fuzzForm builds a form of the kind picked by kind with fuzzed values:
// text in the multi-line fields and some others, short in names and
// numbers, word as the urgency, email in the email fields, age as the
// second child's age, and offset days from now as the incident date (the
// first child born some whole years before it).
func fuzzForm(kind uint8, text, short, word, email string, age int, offset int16) referral.Form {
	kinds := append(referral.Kinds(), "", "unknown")
	f := form(kinds[int(kind)%len(kinds)])
	f.Narrative = text
	f.Reason = text
	f.Referrer.Name = short
	f.Referrer.Email = email
	f.AgencyCaseNumber = short
	f.Children[0].GivenName = short
	f.Children[0].Address.City = text
	f.Children[1].Age = &age
	d := now.AddDate(0, 0, int(offset))
	f.IncidentDate = &d
	dob := d.AddDate(-int(uint16(offset)%20), 0, 0)
	f.Children[0].DateOfBirth, f.Children[0].Age = &dob, nil
	f.Household[0].Relationship = text
	f.Offenders[0].GivenName = short
	f.Allegations[1].Details = text
	f.Urgency = referral.Urgency(word)
	if f.LE != nil {
		f.LE.BadgeNumber = short
		f.LE.Investigator.Email = email
	}
	if f.CPS != nil {
		f.CPS.SafetyConcerns = text
	}
	f.Attachments[0].Name = short
	return f
}

// FuzzValidate checks that Validate never panics, never changes its input,
// answers the same twice, reports only well-formed problems, refuses text
// that cannot be stored safely, and passes nothing CheckDraft refuses. The
// seeds run as an ordinary test.
func FuzzValidate(f *testing.F) {
	f.Add(uint8(0), "A narrative.\r\n\tSecond line.", "Jamie", "urgent", "a@b.org", 9, int16(-10))
	f.Add(uint8(1), "'; DROP TABLE referrals; --", "<script>alert(1)</script>", "routine", "x@example.org", 5, int16(-400))
	f.Add(uint8(2), "\xff\xfe invalid", "\x00", "now", "not an email", -1, int16(3))
	f.Add(uint8(3), strings.Repeat("é", referral.MaxNarrativeLength+1), strings.Repeat("x", 300), "", "", 130, int16(-32768))
	f.Add(uint8(4), "\u202eevil", "a\u2028b", "emergency", "\xc3", 1<<40, int16(32767))
	f.Add(uint8(5), "", "", "", "", 0, int16(0))
	f.Add(uint8(2), "ok", "Robert'); --", "urgent", "o'brien@example.ie", 17, int16(-5))
	f.Add(uint8(3), "ok", "Zoë", "urgent", "z@example.org", 18, int16(-6570))
	f.Fuzz(func(t *testing.T, kind uint8, text, short, word, email string, age int, offset int16) {
		in := fuzzForm(kind, text, short, word, email, age, offset)
		err := referral.Validate(referral.Referral{Form: in}, now, referral.Rules{})
		if !reflect.DeepEqual(in, fuzzForm(kind, text, short, word, email, age, offset)) {
			t.Fatal("Validate changed its input")
		}
		again := referral.Validate(referral.Referral{Form: in}, now, referral.Rules{})
		if (err == nil) != (again == nil) || err != nil && err.Error() != again.Error() {
			t.Fatalf("two answers: %v / %v", err, again)
		}
		draftErr := referral.CheckDraft(referral.Referral{Form: in})
		if err == nil {
			if draftErr != nil {
				t.Fatalf("valid for submission but not as a draft: %v", draftErr)
			}
			if !utf8.ValidString(text) || carenet.HasControlChars(text, true) || utf8.RuneCountInString(text) > referral.MaxNarrativeLength {
				t.Fatalf("accepted a narrative that cannot be stored safely: %q", text)
			}
			return
		}
		if carenet.ErrorCode(err) != carenet.Invalid {
			t.Fatalf("code %q: %v", carenet.ErrorCode(err), err)
		}
		v := carenet.Validation(err)
		if v == nil || len(v.Problems) == 0 {
			t.Fatalf("no problems listed: %v", err)
		}
		for _, p := range v.Problems {
			if p.Field == "" || p.Rule == "" || p.Message == "" {
				t.Fatalf("incomplete problem %+v", p)
			}
		}
		if !utf8.ValidString(text) && !v.Has("narrative", carenet.RuleInvalidUTF8) {
			t.Fatalf("invalid UTF-8 narrative not reported: %v", err)
		}
	})
}

// fullCombined is a combined referral with every field filled in.
func fullCombined() referral.Form {
	f := form(referral.KindCombined)
	f.ReceivedDate = day(2026, 3, 1)
	f.Referrer.Agency = "Metro Police Department, Special Victims Unit"
	f.Children[1].DateOfBirth = day(2019, 8, 1)
	f.Children[1].Race, f.Children[1].Ethnicity = "Black or African American", "Not Hispanic or Latino"
	f.Children[1].Address = f.Children[0].Address
	f.Children[1].Address.Line2 = "Apt 4"
	f.Household[0].Email = "morgan.doe@example.org"
	f.Household[0].Address = f.Children[0].Address
	f.Household[1].Phone, f.Household[1].Email = "555-010-3001", "chris.roe@example.org"
	f.Offenders[0].DateOfBirth, f.Offenders[0].Age = day(1991, 6, 3), intp(34)
	f.Services = referral.RequestedServices()
	f.Allegations = append(f.Allegations, referral.Allegation{Type: referral.PhysicalAbuse, Details: "Bruising on the arms"},
		referral.Allegation{Type: referral.WitnessToViolence})
	f.LE.Investigator.Email = "dana.reyes@metro.example.org"
	f.CPS.Caseworker.Phone = "+1 555 010 4000"
	f.Attachments = append(f.Attachments, referral.Attachment{Key: "blob/2026/03/def456", Name: "cps-intake.pdf", ContentType: "application/pdf", Size: 90211})
	f.Narrative = strings.Repeat(f.Narrative+"\n", 20)
	return f
}

// BenchmarkValidateReferral validates a combined referral with every field
// filled in (it passes).
func BenchmarkValidateReferral(b *testing.B) {
	r := referral.Referral{Form: fullCombined()}
	at := now.Add(3 * time.Hour)
	if err := referral.Validate(r, at, referral.Rules{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		errSink = referral.Validate(r, at, referral.Rules{})
	}
	if errSink != nil {
		b.Fatal(errSink)
	}
}

// errSink keeps the benchmarked call from being optimised away.
var errSink error
