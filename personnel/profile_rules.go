package personnel

import (
	"net/mail"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// Field limits, in characters.
const (
	MaxNameLength   = 100
	MaxTitleLength  = 100
	MaxAgencyLength = 200
	MaxEmailLength  = 254
	MaxPhoneLength  = 32
	MaxReasonLength = 500
)

// CheckFields adds every problem with a profile's fields to p: given and
// family name and agency kind required; no control characters; lengths;
// email and phone formats; an end date not before the start date.
func CheckFields(f Fields, p *carenet.Problems) {
	p.Text("given_name", f.GivenName, true, MaxNameLength, false)
	p.Text("middle_name", f.MiddleName, false, MaxNameLength, false)
	p.Text("family_name", f.FamilyName, true, MaxNameLength, false)
	p.Text("suffix", f.Suffix, false, 20, false)
	p.Text("title", f.Title, false, MaxTitleLength, false)
	p.Text("agency", f.Agency, false, MaxAgencyLength, false)
	p.OneOf("agency_kind", string(f.AgencyKind), f.AgencyKind.Valid(), true, "must be one of cac, law_enforcement, child_protective_services, prosecution, medical, mental_health, other")
	if p.Text("email", f.Email, false, MaxEmailLength, false) && f.Email != "" && !ValidEmail(f.Email) {
		p.Add("email", carenet.RuleFormat, "must be an email address such as name@agency.org")
	}
	if p.Text("phone", f.Phone, false, MaxPhoneLength, false) && f.Phone != "" && !ValidPhone(f.Phone) {
		p.Add("phone", carenet.RuleFormat, "must be a phone number of 7 to 15 digits, optionally with +, spaces, dashes, dots, brackets and an extension (x123)")
	}
	if f.StartDate != nil && f.EndDate != nil && f.EndDate.Before(*f.StartDate) {
		p.Add("end_date", carenet.RuleOrder, "must not be before the start date")
	}
}

// ValidEmail reports whether s is a bare email address (no display name),
// with a dot in its domain.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// ValidPhone reports whether s is a phone number: 7 to 15 digits, with
// optional +, spaces, dashes, dots and brackets, and an optional extension
// after "x" or "ext".
func ValidPhone(s string) bool {
	main, ext := s, ""
	lower := strings.ToLower(s)
	if i := strings.Index(lower, "ext"); i >= 0 {
		main, ext = s[:i], strings.TrimSpace(strings.TrimPrefix(s[i+3:], "."))
	} else if i := strings.LastIndexByte(lower, 'x'); i >= 0 {
		main, ext = s[:i], strings.TrimSpace(s[i+1:])
	}
	if ext != "" || main != s {
		if len(ext) == 0 || len(ext) > 6 || !allDigits(ext) {
			return false
		}
	}
	digits := 0
	for i, r := range main {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// day normalises a date to midnight UTC.
func day(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	d := time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
	return &d
}

// checkReason validates a deactivation or reactivation reason.
func checkReason(reason string) error {
	var p carenet.Problems
	p.Text("reason", reason, true, MaxReasonLength, true)
	if err := p.Err(); err != nil {
		return carenet.E("personnel", carenet.Invalid, "", err)
	}
	return nil
}
