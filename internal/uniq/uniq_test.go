package uniq

import (
	"slices"
	"testing"
)

func TestOrdered(t *testing.T) {
	in := []string{"b", "a", "b", "c", "a"}
	if got := Ordered(in); !slices.Equal(got, []string{"b", "a", "c"}) {
		t.Fatalf("Ordered(%v) = %v", in, got)
	}
	if got := Ordered([]string(nil)); got == nil || len(got) != 0 {
		t.Fatalf("Ordered(nil) = %#v, want an empty slice", got)
	}
}
