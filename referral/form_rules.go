package referral

import (
	"slices"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
)

// Rule codes of this package, besides the carenet.Rule... codes.
const (
	// RuleMismatch: two fields disagree (a date of birth and an age).
	RuleMismatch = "mismatch"
	// RuleDuplicate: a list names the same thing twice.
	RuleDuplicate = "duplicate"
)

// Validate checks r's form for submission at time now and returns nil, or
// one Invalid error wrapping a *carenet.ValidationError that lists every
// problem at once, each with its field path and rule code. It is pure and
// does not change r.
//
// The rules:
//
//   - kind is required and known. An LE or combined referral needs the LE
//     part ("le": required), a CPS or combined one the CPS part ("cps");
//     any other kind must not have them (not_allowed).
//   - The referrer's name and agency are required, and a phone number or an
//     email address. The reason, the narrative and the urgency are
//     required; for an LE, CPS or combined referral so is the date
//     reported. The LE part needs the investigator's name, the CPS part the
//     caseworker's.
//   - Dates are calendar days (the day of the time in UTC). None is after
//     today (in_future), today being now's day in Rules.Location, and they
//     keep their order: incident ≤ reported ≤ received (order, reported on
//     the later date). A date of birth is not after the incident date.
//   - At least one child and at most MaxChildren. Each has a given or family
//     name (reported on given_name) and a date of birth or an age (reported
//     on date_of_birth), and is under Rules.AgeLimit (18 by default) on the
//     date reported (or, without one, the date received, else today): with
//     a date of birth the age is worked out from it (range on
//     date_of_birth); with an age alone, the age must be under the limit
//     (range on age). An age given with a date of birth must be the age the
//     date gives on that day (mismatch on age).
//   - Household members have a name, a known role and a relationship. An
//     offender is either unknown, with no name (not_allowed on the names),
//     or named; ages are 0 to MaxAge.
//   - At least one allegation; each type from the catalogue
//     (AllegationTypes), details required for "other", no type twice
//     (duplicate). Requested services come from RequestedServices, none
//     twice.
//   - Email addresses and phone numbers have their formats (those of
//     personnel.ValidEmail and personnel.ValidPhone).
//   - Every text field is valid UTF-8 without control characters (the
//     reason, narrative, details and safety concerns may hold line breaks
//     and tabs) and within its length limit (the Max... constants); lists
//     within theirs.
//   - Attachments have a key, a name and a content type "type/subtype",
//     and a size that is not negative.
func Validate(r Referral, now time.Time, cfg Rules) error {
	c := checker{full: true}
	c.form(&r.Form, now, cfg)
	if c.p.Len() == 0 {
		return nil
	}
	return carenet.E("referral.Validate", carenet.Invalid, "", c.p.Err())
}

// CheckDraft is the check a saved draft passes: the kind is required and
// known (it decides who may edit the draft), every text field is valid
// UTF-8 without control characters and within its length limit, lists are
// within their limits and catalogue values, when given, are known. Nothing
// is required and no format, date or cross-field rule applies until the
// draft is submitted and passes Validate.
func CheckDraft(r Referral) error {
	var c checker
	c.form(&r.Form, time.Time{}, Rules{})
	if c.p.Len() == 0 {
		return nil
	}
	return carenet.E("referral.CheckDraft", carenet.Invalid, "", c.p.Err())
}

// form checks every field of f.
func (c *checker) form(f *Form, now time.Time, cfg Rules) {
	c.p.OneOf(field("kind").String(), string(f.Kind), f.Kind.Valid(), true, "must be one of client, le, cps, combined")
	c.contact(field("referrer"), f.Referrer, true, true)
	c.text(field("reason"), f.Reason, true, MaxReasonLength, true)
	c.text(field("agency_case_number"), f.AgencyCaseNumber, false, MaxNumberLength, false)
	c.text(field("narrative"), f.Narrative, true, MaxNarrativeLength, true)
	c.oneOf(field("urgency"), string(f.Urgency), f.Urgency.Valid(), true, "routine, urgent, emergency")
	c.parts(f)

	d := c.dates(f, now, cfg)
	if c.listSize("children", len(f.Children), MaxChildren, true) {
		for i := range f.Children {
			c.child(i, &f.Children[i], d, cfg.ageLimit())
		}
	}
	if c.listSize("household", len(f.Household), MaxHousehold, false) {
		for i := range f.Household {
			c.household(i, &f.Household[i])
		}
	}
	if c.listSize("offenders", len(f.Offenders), MaxOffenders, false) {
		for i := range f.Offenders {
			c.offender(i, &f.Offenders[i], d)
		}
	}
	c.allegations(f.Allegations)
	c.services(f.Services)
	if c.listSize("attachments", len(f.Attachments), MaxAttachments, false) {
		for i := range f.Attachments {
			c.attachment(i, &f.Attachments[i])
		}
	}
}

// parts checks the LE and CPS parts against the kind.
func (c *checker) parts(f *Form) {
	if c.full && f.Kind.Valid() {
		switch {
		case f.Kind.NeedsLE() && f.LE == nil:
			c.add(field("le"), carenet.RuleRequired, "an LE or combined referral needs the law-enforcement part")
		case !f.Kind.NeedsLE() && f.LE != nil:
			c.add(field("le"), carenet.RuleNotAllowed, "only an LE or combined referral has the law-enforcement part")
		}
		switch {
		case f.Kind.NeedsCPS() && f.CPS == nil:
			c.add(field("cps"), carenet.RuleRequired, "a CPS or combined referral needs the CPS part")
		case !f.Kind.NeedsCPS() && f.CPS != nil:
			c.add(field("cps"), carenet.RuleNotAllowed, "only a CPS or combined referral has the CPS part")
		}
	}
	if le := f.LE; le != nil {
		c.contact(at{sub: "le.investigator"}, le.Investigator, false, false)
		c.text(field("le").with("badge_number"), le.BadgeNumber, false, MaxNumberLength, false)
		c.text(field("le").with("report_number"), le.ReportNumber, false, MaxNumberLength, false)
	}
	if cps := f.CPS; cps != nil {
		c.contact(at{sub: "cps.caseworker"}, cps.Caseworker, false, false)
		c.text(field("cps").with("intake_number"), cps.IntakeNumber, false, MaxNumberLength, false)
		c.text(field("cps").with("safety_concerns"), cps.SafetyConcerns, false, MaxReasonLength, true)
	}
}

// day is a calendar day as a count of days since 1 January 1970.
type day int64

// noDay stands for a date not given.
const noDay day = -1 << 62

// dayOf is the calendar day of t in UTC.
func dayOf(t time.Time) day {
	y, m, d := t.UTC().Date()
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// optDay is the day of *t, or noDay.
func optDay(t *time.Time) day {
	if t == nil {
		return noDay
	}
	return dayOf(*t)
}

// dates are the form's checked dates and the day ages are measured on.
type dates struct {
	today, incident day
	ref             time.Time // the date ages are measured on
}

// dates checks the form's dates and returns them.
func (c *checker) dates(f *Form, now time.Time, cfg Rules) dates {
	todayT := today(now, cfg.Location)
	d := dates{today: dayOf(todayT), incident: optDay(f.IncidentDate), ref: todayT}
	if !c.full {
		return d
	}
	if f.ReportedDate == nil && f.Kind.Valid() && f.Kind != KindClient {
		c.add(field("reported_date"), carenet.RuleRequired, "is required for an LE, CPS or combined referral")
	}
	last, ref := noDay, false
	for i, x := range [...]struct {
		name string
		t    *time.Time
	}{{"incident_date", f.IncidentDate}, {"reported_date", f.ReportedDate}, {"received_date", f.ReceivedDate}} {
		if x.t == nil {
			continue
		}
		v := dayOf(*x.t)
		switch {
		case v > d.today:
			c.add(field(x.name), carenet.RuleFuture, "must not be in the future")
			if i == 0 {
				d.incident = noDay // a bad incident date orders nothing
			}
			continue
		case v < last:
			c.add(field(x.name), carenet.RuleOrder, "must not be before the incident date or the date reported")
			continue
		}
		last = v
		if i > 0 && !ref {
			// The first good date of the two: the date reported, else
			// the date received.
			d.ref, ref = *x.t, true
		}
	}
	return d
}

// ageOn is the age in whole years, on day on, of someone born on birth.
// Someone born on 29 February has their birthday on 1 March in other years.
func ageOn(birth, on time.Time) int {
	by, bm, bd := birth.UTC().Date()
	oy, om, od := on.UTC().Date()
	age := oy - by
	if om < bm || om == bm && od < bd {
		age--
	}
	return age
}

// person checks a date of birth and an age; required asks for one of them
// and limit is the age they must be under (0 for no limit beyond MaxAge).
func (c *checker) person(a at, dob *time.Time, age *int, d dates, required bool, limit int) {
	if !c.full {
		return
	}
	if age != nil && (*age < 0 || *age > MaxAge) {
		c.add(a.with("age"), carenet.RuleRange, "must be between 0 and "+strconv.Itoa(MaxAge))
		age = nil
	}
	switch {
	case dob != nil:
		b := dayOf(*dob)
		switch {
		case b > d.today:
			c.add(a.with("date_of_birth"), carenet.RuleFuture, "must not be in the future")
			return
		case d.incident != noDay && b > d.incident:
			c.add(a.with("date_of_birth"), carenet.RuleOrder, "must not be after the incident date")
			return
		}
		years := ageOn(*dob, d.ref)
		if years < 0 {
			c.add(a.with("date_of_birth"), carenet.RuleOrder, "must not be after the date reported")
			return
		}
		if limit > 0 && years >= limit {
			c.add(a.with("date_of_birth"), carenet.RuleRange, "must make the child under "+strconv.Itoa(limit)+" on the date reported")
		}
		if age != nil && *age != years {
			c.add(a.with("age"), RuleMismatch, "must be the age the date of birth gives on the date reported ("+strconv.Itoa(years)+")")
		}
	case age != nil:
		if limit > 0 && *age >= limit {
			c.add(a.with("age"), carenet.RuleRange, "must be under "+strconv.Itoa(limit))
		}
	case required:
		c.add(a.with("date_of_birth"), carenet.RuleRequired, "give a date of birth or an age")
	}
}

// child checks children[i].
func (c *checker) child(i int, v *Child, d dates, limit int) {
	a := at{list: "children", i: i}
	c.name(a, v.GivenName, v.FamilyName, true)
	c.person(a, v.DateOfBirth, v.Age, d, true, limit)
	c.text(a.with("gender"), v.Gender, false, MaxShortTextLength, false)
	c.text(a.with("race"), v.Race, false, MaxShortTextLength, false)
	c.text(a.with("ethnicity"), v.Ethnicity, false, MaxShortTextLength, false)
	c.address(a, v.Address)
}

// household checks household[i].
func (c *checker) household(i int, v *HouseholdPerson) {
	a := at{list: "household", i: i}
	c.name(a, v.GivenName, v.FamilyName, true)
	c.oneOf(a.with("role"), string(v.Role), v.Role.Valid(), true, "caregiver, household_member")
	c.text(a.with("relationship"), v.Relationship, true, MaxShortTextLength, false)
	c.phone(a.with("phone"), v.Phone)
	c.email(a.with("email"), v.Email)
	c.address(a, v.Address)
}

// offender checks offenders[i].
func (c *checker) offender(i int, v *Offender, d dates) {
	a := at{list: "offenders", i: i}
	c.name(a, v.GivenName, v.FamilyName, !v.Unknown)
	if v.Unknown && c.full {
		if v.GivenName != "" {
			c.add(a.with("given_name"), carenet.RuleNotAllowed, "an unknown offender has no name")
		}
		if v.FamilyName != "" {
			c.add(a.with("family_name"), carenet.RuleNotAllowed, "an unknown offender has no name")
		}
	}
	c.person(a, v.DateOfBirth, v.Age, d, false, 0)
	c.text(a.with("relationship"), v.Relationship, false, MaxShortTextLength, false)
}

// allegations checks the allegations.
func (c *checker) allegations(list []Allegation) {
	if !c.listSize("allegations", len(list), MaxAllegations, true) {
		return
	}
	var seen [16]AllegationType
	n := 0
	for i := range list {
		v := &list[i]
		a := at{list: "allegations", i: i}
		c.oneOf(a.with("type"), string(v.Type), v.Type.Valid(), true, "sexual_abuse, physical_abuse, neglect, emotional_abuse, witness_to_violence, trafficking, exploitation_online, drug_endangerment, other")
		c.text(a.with("details"), v.Details, v.Type == OtherAllegation, MaxReasonLength, true)
		if !c.full || !v.Type.Valid() || v.Type == OtherAllegation {
			continue
		}
		if slices.Contains(seen[:n], v.Type) {
			c.add(a.with("type"), RuleDuplicate, "names an allegation type listed before")
		} else if n < len(seen) {
			seen[n] = v.Type
			n++
		}
	}
}

// services checks the requested services.
func (c *checker) services(list []RequestedService) {
	if !c.listSize("services", len(list), len(RequestedServices()), false) {
		return
	}
	for i, s := range list {
		a := at{list: "services", i: i}
		c.oneOf(a, string(s), s.Valid(), true, "forensic_interview, medical_exam, advocacy, mental_health")
		for _, t := range list[:i] {
			if c.full && s.Valid() && t == s {
				c.add(a, RuleDuplicate, "names a service listed before")
				break
			}
		}
	}
}

// attachment checks attachments[i].
func (c *checker) attachment(i int, v *Attachment) {
	a := at{list: "attachments", i: i}
	c.text(a.with("key"), v.Key, true, MaxKeyLength, false)
	c.text(a.with("name"), v.Name, true, MaxFileNameLength, false)
	if c.text(a.with("content_type"), v.ContentType, true, MaxContentType, false) && v.ContentType != "" && c.full && !validContentType(v.ContentType) {
		c.add(a.with("content_type"), carenet.RuleFormat, "must be a media type such as application/pdf")
	}
	if v.Size < 0 {
		c.add(a.with("size"), carenet.RuleRange, "must not be negative")
	}
}
