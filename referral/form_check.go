package referral

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
)

// at is a field path, built into a string only when a problem is found, so
// a valid form is checked without allocating: list[i].sub.field.
type at struct {
	list  string // "children"; "" when the field is not in a list
	i     int
	sub   string // "address", "referrer", "le.investigator"; may be ""
	field string
}

// field returns a path to a field directly on the form.
func field(name string) at { return at{field: name} }

// String is the path, such as "children[1].address.city".
func (a at) String() string {
	var b strings.Builder
	if a.list != "" {
		b.WriteString(a.list)
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(a.i))
		b.WriteByte(']')
	}
	for _, part := range [...]string{a.sub, a.field} {
		if part == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(part)
	}
	return b.String()
}

// with returns the path to name under a.
func (a at) with(name string) at {
	switch {
	case a.field == "":
		a.field = name
	case a.sub == "":
		a.sub, a.field = a.field, name
	default:
		a.sub, a.field = a.sub+"."+a.field, name
	}
	return a
}

// checker adds problems with a form. In draft mode it checks only what
// keeps stored text safe (UTF-8, control characters, lengths, list sizes,
// catalogue values); in full mode everything Validate promises.
type checker struct {
	p    carenet.Problems
	full bool
}

// add records a problem at a.
func (c *checker) add(a at, rule, message string) { c.p.Add(a.String(), rule, message) }

// text checks a text field (see carenet.Problems.Text); required applies in
// full mode only. It reports whether the value passed.
func (c *checker) text(a at, v string, required bool, max int, multiline bool) bool {
	required = required && c.full
	if textOK(v, required, max, multiline) {
		return true
	}
	return c.p.Text(a.String(), v, required, max, multiline)
}

// textOK is Problems.Text's test without the recording, so a valid value
// costs no path.
func textOK(v string, required bool, max int, multiline bool) bool {
	if v == "" {
		return !required
	}
	if !safeText(v, multiline) {
		return false
	}
	if required && strings.TrimSpace(v) == "" {
		return false
	}
	return len(v) <= max || utf8.RuneCountInString(v) <= max
}

// safeText reports whether v is valid UTF-8 without control characters,
// exactly as utf8.ValidString and carenet.HasControlChars decide. An ASCII
// byte is never part of a longer character, so the ASCII run a form's text
// mostly is gets checked a byte at a time, and only the rest from the first
// other byte on is decoded.
func safeText(v string, multiline bool) bool {
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case b >= utf8.RuneSelf:
			rest := v[i:]
			return utf8.ValidString(rest) && !carenet.HasControlChars(rest, multiline)
		case b >= 0x20 && b != 0x7f:
		case multiline && (b == '\n' || b == '\r' || b == '\t'):
		default:
			return false
		}
	}
	return true
}

// email checks an optional email address.
func (c *checker) email(a at, v string) {
	if c.text(a, v, false, MaxEmailLength, false) && c.full && v != "" && !personnel.ValidEmail(v) {
		c.add(a, carenet.RuleFormat, "must be an email address such as name@agency.org")
	}
}

// phone checks an optional phone number.
func (c *checker) phone(a at, v string) {
	if c.text(a, v, false, MaxPhoneLength, false) && c.full && v != "" && !personnel.ValidPhone(v) {
		c.add(a, carenet.RuleFormat, "must be a phone number of 7 to 15 digits, optionally with +, spaces, dashes, dots, brackets and an extension (x123)")
	}
}

// name checks a person's given and family names; in full mode with
// required, one of them must be given (reported on the given name).
func (c *checker) name(a at, given, family string, required bool) {
	g := c.text(a.with("given_name"), given, false, MaxNameLength, false)
	f := c.text(a.with("family_name"), family, false, MaxNameLength, false)
	if g && f && c.full && required && strings.TrimSpace(given) == "" && strings.TrimSpace(family) == "" {
		c.add(a.with("given_name"), carenet.RuleRequired, "give a given name, a family name or both")
	}
}

// contact checks a contact: name (required), agency (required if
// agencyRequired), phone and email (at least one, if reachRequired).
func (c *checker) contact(a at, v Contact, agencyRequired, reachRequired bool) {
	c.text(a.with("name"), v.Name, true, MaxNameLength, false)
	c.text(a.with("agency"), v.Agency, agencyRequired, MaxAgencyLength, false)
	c.phone(a.with("phone"), v.Phone)
	c.email(a.with("email"), v.Email)
	if c.full && reachRequired && v.Phone == "" && v.Email == "" {
		c.add(a.with("phone"), carenet.RuleRequired, "give a phone number, an email address or both")
	}
}

// address checks an address; every line is optional.
func (c *checker) address(a at, v Address) {
	a = a.with("address")
	c.text(a.with("line1"), v.Line1, false, MaxAddressLength, false)
	c.text(a.with("line2"), v.Line2, false, MaxAddressLength, false)
	c.text(a.with("city"), v.City, false, MaxAddressLength, false)
	c.text(a.with("region"), v.Region, false, MaxAddressLength, false)
	c.text(a.with("postal_code"), v.PostalCode, false, MaxPostalCodeLength, false)
}

// listSize checks a list's length: at most max, and at least one if
// required (in full mode). It reports whether the list is short enough for
// its items to be checked.
func (c *checker) listSize(name string, n, max int, required bool) bool {
	switch {
	case n > max:
		c.add(field(name), carenet.RuleTooLong, "must list at most "+strconv.Itoa(max))
		return false
	case n == 0 && required && c.full:
		c.add(field(name), carenet.RuleRequired, "must list at least one")
	}
	return true
}

// oneOf checks a catalogue value: required (in full mode) and known.
func (c *checker) oneOf(a at, v string, valid bool, required bool, choices string) {
	c.p.OneOf(a.String(), v, valid, required && c.full, "must be one of "+choices)
}

// validContentType reports whether s is a media type "type/subtype" made of
// the characters RFC 6838 allows in names, without parameters.
func validContentType(s string) bool {
	slash := strings.IndexByte(s, '/')
	if slash <= 0 || slash == len(s)-1 || strings.IndexByte(s[slash+1:], '/') >= 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case i == slash:
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9':
		case strings.IndexByte("!#$&^_.+-", ch) >= 0:
		default:
			return false
		}
	}
	return true
}
