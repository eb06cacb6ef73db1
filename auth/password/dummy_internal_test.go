package password

import (
	"testing"
)

// TestVerifyDummyUsesHasherParams checks that the dummy hash costs what a
// real one does: it is made with the hasher's parameters, or with the
// defaults when those are out of bounds, and only once per set.
func TestVerifyDummyUsesHasherParams(t *testing.T) {
	tests := []struct {
		name   string
		hasher Hasher
		want   Params
	}{
		{"zero value", Hasher{}, DefaultParams},
		{"custom", Hasher{Params: Params{Memory: 96, Iterations: 3, Parallelism: 2, SaltLength: 24, KeyLength: 48}}, Params{Memory: 96, Iterations: 3, Parallelism: 2, SaltLength: 24, KeyLength: 48}},
		{"out of bounds", Hasher{Params: Params{Memory: MaxMemory + 1}}, DefaultParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.hasher.VerifyDummy("guess")
			v, ok := dummies.Load(tt.want)
			if !ok {
				t.Fatalf("no dummy hash for %+v", tt.want)
			}
			d := v.(*dummy)
			if d.hash.Params != tt.want {
				t.Fatalf("dummy hash params %+v, want %+v", d.hash.Params, tt.want)
			}
			if len(d.hash.Salt) != int(tt.want.SaltLength) || len(d.hash.Key) != int(tt.want.KeyLength) {
				t.Fatalf("dummy salt %d and key %d bytes, want %d and %d", len(d.hash.Salt), len(d.hash.Key), tt.want.SaltLength, tt.want.KeyLength)
			}
			first := d.hash.String()
			tt.hasher.VerifyDummy("another guess")
			if again := dummyFor(tt.want).String(); again != first {
				t.Fatal("the dummy hash was made again")
			}
		})
	}
}
