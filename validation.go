package carenet

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rule codes name the rule a field broke. They are stable and meant for
// programs (a form highlighting a field); FieldError.Message is for people.
const (
	RuleRequired     = "required"
	RuleTooLong      = "too_long"
	RuleTooShort     = "too_short"
	RuleFormat       = "format"
	RuleControlChars = "control_characters"
	RuleInvalidUTF8  = "invalid_utf8"
	RuleOneOf        = "one_of"
	RuleRange        = "range"
	RuleOrder        = "order"
	RuleFuture       = "in_future"
	RuleTaken        = "taken"
	RuleNotAllowed   = "not_allowed"
)

// FieldError is one problem with one field. Field is a path such as
// "children[0].date_of_birth".
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// ValidationError carries every problem found in an input at once, so a form
// can show them all after a single round trip. ErrorCode reports it as Invalid.
type ValidationError struct {
	Problems []FieldError `json:"problems"`
}

// Error joins the problems into one line.
func (v *ValidationError) Error() string {
	var b strings.Builder
	for i, p := range v.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Field)
		b.WriteString(": ")
		b.WriteString(p.Message)
	}
	return b.String()
}

// Has reports whether field broke rule. A nil *ValidationError has no
// problems, so carenet.Validation(err).Has(...) is safe whatever err is.
func (v *ValidationError) Has(field, rule string) bool {
	if v == nil {
		return false
	}
	for _, p := range v.Problems {
		if p.Field == field && p.Rule == rule {
			return true
		}
	}
	return false
}

// Problems collects field errors while an input is checked. The zero value is
// ready to use.
type Problems struct {
	list []FieldError
}

// Add records a problem.
func (p *Problems) Add(field, rule, message string) {
	p.list = append(p.list, FieldError{Field: field, Rule: rule, Message: message})
}

// Len is the number of problems so far.
func (p *Problems) Len() int { return len(p.list) }

// Err returns nil when there are no problems, else a *ValidationError holding
// all of them.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: append([]FieldError(nil), p.list...)}
}

// Text checks a free-text field: valid UTF-8, no control characters (tab,
// line feed and carriage return are allowed when multiline is true), at most
// maxLen characters, and present when required. It reports the first rule
// broken and returns whether the value passed.
func (p *Problems) Text(field, value string, required bool, maxLen int, multiline bool) bool {
	if value == "" {
		if required {
			p.Add(field, RuleRequired, "is required")
			return false
		}
		return true
	}
	if !utf8.ValidString(value) {
		p.Add(field, RuleInvalidUTF8, "is not valid UTF-8 text")
		return false
	}
	if HasControlChars(value, multiline) {
		p.Add(field, RuleControlChars, "must not contain control characters")
		return false
	}
	if required && strings.TrimSpace(value) == "" {
		p.Add(field, RuleRequired, "is required")
		return false
	}
	if n := utf8.RuneCountInString(value); maxLen > 0 && n > maxLen {
		p.Add(field, RuleTooLong, "must be at most "+strconv.Itoa(maxLen)+" characters")
		return false
	}
	return true
}

// OneOf checks a field that takes one value of a fixed set (a catalogue,
// a mode, a kind): empty is RuleRequired when required and fine
// otherwise; a value not in the set (valid is the caller's test of it) is
// RuleOneOf with message, which says what the set holds ("must be view or
// view_download"). It returns whether the value passed.
func (p *Problems) OneOf(field, value string, valid, required bool, message string) bool {
	switch {
	case value == "":
		if required {
			p.Add(field, RuleRequired, "is required")
			return false
		}
	case !valid:
		p.Add(field, RuleOneOf, message)
		return false
	}
	return true
}

// Limit checks a page size asked on field: 0 means def; any other value
// must be from 1 to max (RuleRange). It returns the size to use: def for
// 0, else limit as asked.
func (p *Problems) Limit(field string, limit, def, max int) int {
	switch {
	case limit == 0:
		return def
	case limit < 0 || limit > max:
		p.Add(field, RuleRange, "must be between 1 and "+strconv.Itoa(max))
	}
	return limit
}

// HasControlChars reports whether s holds a control or format character that
// has no place in a name or a form field. With multiline, tab, line feed and
// carriage return are allowed.
func HasControlChars(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' ||
			(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return true
		}
	}
	return false
}

// Path builds a field path from names and indexes: Path("children", 0, "dob")
// is "children[0].dob".
func Path(parts ...any) string {
	var b strings.Builder
	for _, part := range parts {
		switch v := part.(type) {
		case int:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(v))
			b.WriteByte(']')
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		}
	}
	return b.String()
}
