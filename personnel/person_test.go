package personnel_test

import (
	"testing"
	"time"

	"github.com/carenet-go/carenet/personnel"
)

func TestPersonActiveAt(t *testing.T) {
	end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		state personnel.State
		end   *time.Time
		now   time.Time
		want  bool
	}{
		{"active, no end date", personnel.Active, nil, end, true},
		{"active, before the end date", personnel.Active, &end, end.Add(-time.Nanosecond), true},
		{"active, at the end date", personnel.Active, &end, end, false},
		{"active, after the end date", personnel.Active, &end, end.Add(time.Hour), false},
		{"inactive, no end date", personnel.Inactive, nil, end, false},
		{"inactive, before the end date", personnel.Inactive, &end, end.Add(-time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := personnel.Person{State: tt.state, EndDate: tt.end}
			if got := p.ActiveAt(tt.now); got != tt.want {
				t.Errorf("ActiveAt = %v, want %v", got, tt.want)
			}
		})
	}
}
