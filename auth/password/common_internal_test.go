package password

import "testing"

// BenchmarkCommonSet builds the set of common passwords from the embedded
// list, as the first check does once: B/op is the memory the set holds.
func BenchmarkCommonSet(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c := buildCommon(commonList)
		if len(c.set) != 49233 || c.longest != 20 {
			b.Fatalf("%d entries, longest %d", len(c.set), c.longest)
		}
	}
}
