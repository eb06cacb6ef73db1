package carenet

import (
	"sync"
	"time"
)

// Clock tells the time. Services take one so tests and hosts control time.
// Times from the SDK's clocks are UTC and truncated to the microsecond, the
// precision PostgreSQL keeps, so a value reads back exactly as it was written.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the real clock.
var SystemClock Clock = ClockFunc(func() time.Time { return Timestamp(time.Now()) })

// Timestamp normalises t the way the SDK stores times: UTC, microseconds.
func Timestamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ManualClock is a Clock that moves only when told to; for tests and
// simulations. It is safe for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock set to t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: Timestamp(t)} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = Timestamp(c.now.Add(d))
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = Timestamp(t)
}
