package referral

import "time"

// Rules tunes Validate. The zero value is the usual centre serving
// children, with dates in UTC.
type Rules struct {
	// AgeLimit is the age every child must be under on the date reported:
	// DefaultAgeLimit when 0. A centre that also serves vulnerable adults
	// raises it.
	AgeLimit int
	// Location is the time zone whose calendar says which day "today" is
	// when dates are checked against now; UTC when nil.
	Location *time.Location
}

// DefaultAgeLimit is the age limit when Rules.AgeLimit is 0: a child is
// under 18.
const DefaultAgeLimit = 18

// ageLimit is the limit the rules set.
func (r Rules) ageLimit() int {
	if r.AgeLimit > 0 {
		return r.AgeLimit
	}
	return DefaultAgeLimit
}

// Length limits of the form's text fields, in characters.
const (
	MaxNameLength       = 100   // names of people
	MaxAgencyLength     = 200   // agency names
	MaxEmailLength      = 254   // email addresses
	MaxPhoneLength      = 32    // phone numbers
	MaxNumberLength     = 64    // case, report, intake and badge numbers
	MaxShortTextLength  = 100   // gender, race, ethnicity, relationship
	MaxAddressLength    = 200   // an address line or city
	MaxPostalCodeLength = 20    // a postal code
	MaxReasonLength     = 2000  // the reason, an allegation's details, safety concerns
	MaxNarrativeLength  = 20000 // the narrative
	MaxMessageLength    = 2000  // a message or note in the history
	MaxKeyLength        = 512   // an attachment's storage key
	MaxFileNameLength   = 255   // an attachment's name
	MaxContentType      = 127   // an attachment's content type
	MaxIdempotencyKey   = 128   // an idempotency key
	MaxCaseIDLength     = 128   // a host case ID
)

// Limits on the form's lists.
const (
	MaxChildren    = 20
	MaxHousehold   = 30
	MaxOffenders   = 30
	MaxAllegations = 20
	MaxAttachments = 50
	// MaxAge is the highest age a person may be given.
	MaxAge = 130
	// MaxHistory is the most entries a referral's history holds; past it,
	// a change is refused.
	MaxHistory = 500
)
