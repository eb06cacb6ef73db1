package auth

import "time"

// EndReached reports whether an end date, if any (nil for none), has come
// at now: from the end date itself on, access has ended. It is the one
// end-date rule: a login stops working then (Holder.AllowedAt), a person
// counts as gone even before the sweep marks them inactive
// (personnel.Person.ActiveAt), and the sweep deactivates them. It compares
// instants, so the time zone of either time does not matter.
func EndReached(end *time.Time, now time.Time) bool {
	return end != nil && !now.Before(*end)
}
