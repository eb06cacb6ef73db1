package video_test

import (
	"testing"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/video"
)

// BenchmarkReadLogged measures what recording a read adds to it: Get of a
// video's information with its access event off and on.
func BenchmarkReadLogged(b *testing.B) {
	for _, bc := range []struct {
		name  string
		kinds audit.ReadKinds
	}{{"off", audit.NoReads}, {"on", audit.DefaultReads}} {
		b.Run(bc.name, func(b *testing.B) {
			k := newKit(b, func(c *video.Config) { c.LogReads = bc.kinds })
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := k.Video.Get(k.Ctx, k.Admin.Principal, k.V.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
