package auth

import (
	"testing"
	"time"
)

// TestRecentSignIn: recent from the sign-in until just before the window
// ends, and up to a window ahead of the clock; never for a zero time.
func TestRecentSignIn(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	w := 10 * time.Minute
	for _, c := range []struct {
		name string
		at   time.Time
		now  time.Time
		want bool
	}{
		{"AtTheSignIn", at, at, true},
		{"JustBeforeTheEnd", at, at.Add(w - time.Nanosecond), true},
		{"AtTheEnd", at, at.Add(w), false},
		{"LongAfter", at, at.Add(24 * time.Hour), false},
		{"SlightlyAhead", at, at.Add(-time.Second), true},
		{"AWindowAhead", at, at.Add(-w), false},
		{"Zero", time.Time{}, at, false},
		{"ZeroAtZero", time.Time{}, time.Time{}, false},
	} {
		if got := recentSignIn(c.at, w, c.now); got != c.want {
			t.Errorf("%s: recentSignIn = %t, want %t", c.name, got, c.want)
		}
	}
}
