package carenet_test

import (
	"sync"
	"testing"
	"time"

	"github.com/carenet-go/carenet"
)

var tokyo = time.FixedZone("JST", 9*60*60)

func TestTimestamp(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"already normal", time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC), time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC)},
		{"nanoseconds truncated", time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC), time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC)},
		{"truncated, not rounded", time.Date(2025, 1, 2, 3, 4, 5, 999999999, time.UTC), time.Date(2025, 1, 2, 3, 4, 5, 999999000, time.UTC)},
		{"other zone to UTC", time.Date(2025, 1, 2, 9, 0, 0, 1500, tokyo), time.Date(2025, 1, 2, 0, 0, 0, 1000, time.UTC)},
		{"zero", time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := carenet.Timestamp(tt.in)
			if !got.Equal(tt.want) || got.Location() != time.UTC || got != tt.want {
				t.Errorf("Timestamp(%v) = %v (%v), want %v UTC", tt.in, got, got.Location(), tt.want)
			}
		})
	}
}

func TestTimestamp_DropsMonotonicReading(t *testing.T) {
	now := time.Now()
	got := carenet.Timestamp(now)
	if got != got.Round(0) {
		t.Errorf("Timestamp kept the monotonic reading: %v", got)
	}
}

func assertNormal(t *testing.T, got, want time.Time) {
	t.Helper()
	if got != want {
		t.Errorf("Now() = %v, want %v", got, want)
	}
	if got.Location() != time.UTC {
		t.Errorf("Now().Location() = %v, want UTC", got.Location())
	}
	if got.Nanosecond()%1000 != 0 {
		t.Errorf("Now() = %v has sub-microsecond digits", got)
	}
}

func TestManualClock(t *testing.T) {
	start := time.Date(2025, 6, 1, 9, 30, 0, 123456789, tokyo)
	want := time.Date(2025, 6, 1, 0, 30, 0, 123456000, time.UTC)

	c := carenet.NewManualClock(start)
	assertNormal(t, c.Now(), want)

	t.Run("Now is stable", func(t *testing.T) {
		assertNormal(t, c.Now(), want)
	})
	t.Run("Advance", func(t *testing.T) {
		c.Advance(90 * time.Minute)
		want = want.Add(90 * time.Minute)
		assertNormal(t, c.Now(), want)
	})
	t.Run("Advance truncates", func(t *testing.T) {
		c.Advance(1999 * time.Nanosecond)
		want = want.Add(time.Microsecond)
		assertNormal(t, c.Now(), want)
	})
	t.Run("Advance backwards", func(t *testing.T) {
		c.Advance(-time.Hour)
		want = want.Add(-time.Hour)
		assertNormal(t, c.Now(), want)
	})
	t.Run("Set", func(t *testing.T) {
		c.Set(time.Date(2030, 12, 31, 23, 59, 59, 999999999, tokyo))
		want = time.Date(2030, 12, 31, 14, 59, 59, 999999000, time.UTC)
		assertNormal(t, c.Now(), want)
	})
	t.Run("Set to the past", func(t *testing.T) {
		c.Set(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
		assertNormal(t, c.Now(), time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
	})
}

func TestManualClock_Concurrent(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := carenet.NewManualClock(start)
	const workers, steps = 8, 500
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range steps {
				c.Advance(time.Second)
				if now := c.Now(); now.Before(start) {
					t.Errorf("Now() = %v went before the start", now)
				}
			}
		})
		wg.Go(func() {
			for range steps {
				_ = c.Now()
			}
		})
	}
	wg.Wait()
	if got, want := c.Now(), start.Add(workers*steps*time.Second); got != want {
		t.Errorf("after concurrent Advance: Now() = %v, want %v", got, want)
	}
}

func TestManualClock_IsAClock(t *testing.T) {
	var c carenet.Clock = carenet.NewManualClock(time.Unix(0, 0))
	if got := c.Now(); got != time.Unix(0, 0).UTC() {
		t.Errorf("Now() = %v", got)
	}
}

func TestSystemClock(t *testing.T) {
	for range 100 {
		before := time.Now().Add(-time.Microsecond)
		got := carenet.SystemClock.Now()
		after := time.Now()
		if got.Location() != time.UTC {
			t.Fatalf("Location() = %v, want UTC", got.Location())
		}
		if got.Nanosecond()%1000 != 0 {
			t.Fatalf("Now() = %v has sub-microsecond digits", got)
		}
		if got.Before(before) || got.After(after) {
			t.Fatalf("Now() = %v, not within [%v, %v]", got, before, after)
		}
	}
}

func TestClockFunc(t *testing.T) {
	at := time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)
	var c carenet.Clock = carenet.ClockFunc(func() time.Time { return at })
	if got := c.Now(); got != at {
		t.Errorf("Now() = %v, want %v", got, at)
	}
}
