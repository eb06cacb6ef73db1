package auth_test

import (
	"testing"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// TestEndReached is the end-date rule at its boundaries, and the two
// places that apply it, a login's holder and a personnel profile: access
// ends at the end date itself, not a moment later; no end date never
// ends it; the instants compare, whatever the time zones; and an inactive
// person or holder has no access whatever the date.
func TestEndReached(t *testing.T) {
	end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	// Midnight UTC is the evening before in New York and the morning in
	// Tokyo: the same instant either way.
	ny, tokyo := time.FixedZone("EDT", -4*3600), time.FixedZone("JST", 9*3600)
	ptr := func(t time.Time) *time.Time { return &t }
	for _, c := range []struct {
		name    string
		end     *time.Time
		now     time.Time
		reached bool
	}{
		{"no end date", nil, end, false},
		{"no end date, zero now", nil, time.Time{}, false},
		{"a day before", &end, end.AddDate(0, 0, -1), false},
		{"a nanosecond before", &end, end.Add(-time.Nanosecond), false},
		{"the end date itself", &end, end, true},
		{"a nanosecond after", &end, end.Add(time.Nanosecond), true},
		{"an hour after", &end, end.Add(time.Hour), true},
		{"a day after", &end, end.AddDate(0, 0, 1), true},
		{"the end date, now in New York", &end, end.In(ny), true},
		{"a minute before, now in Tokyo", &end, end.Add(-time.Minute).In(tokyo), false},
		{"an end date in Tokyo, now in UTC", ptr(end.In(tokyo)), end, true},
		{"an end date in New York, a second before in UTC", ptr(end.In(ny)), end.Add(-time.Second), false},
		{"a zero end date", ptr(time.Time{}), end, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := auth.EndReached(c.end, c.now); got != c.reached {
				t.Errorf("EndReached = %v, want %v", got, c.reached)
			}
			if got := (auth.Holder{Active: true, EndDate: c.end}).AllowedAt(c.now); got != !c.reached {
				t.Errorf("active Holder.AllowedAt = %v, want %v", got, !c.reached)
			}
			if (auth.Holder{Active: false, EndDate: c.end}).AllowedAt(c.now) {
				t.Error("an inactive holder is allowed")
			}
			if got := (personnel.Person{State: personnel.Active, Fields: personnel.Fields{EndDate: c.end}}).ActiveAt(c.now); got != !c.reached {
				t.Errorf("active Person.ActiveAt = %v, want %v", got, !c.reached)
			}
			if (personnel.Person{State: personnel.Inactive, Fields: personnel.Fields{EndDate: c.end}}).ActiveAt(c.now) {
				t.Error("an inactive person is active")
			}
		})
	}
}
