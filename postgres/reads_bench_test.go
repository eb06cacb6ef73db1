package postgres_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

// BenchmarkReadLogged measures what recording a read adds to it on
// PostgreSQL: Get of a video's information with its access event off and
// on (one more transaction: an insert into the pending events and a
// commit; the background sealer runs as in production).
func BenchmarkReadLogged(b *testing.B) {
	s, _ := freshStore(b)
	staff := person(uniq("p"), "Given", "Reader")
	require.NoError(b, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, staff) }))
	v := testVideo(uniq("v"), uniq("client"), staff.ID)
	require.NoError(b, s.Video().Update(ctx, func(tx video.Tx) error { return tx.Videos().Create(ctx, v) }))
	for _, bc := range []struct {
		name  string
		kinds audit.ReadKinds
	}{{"off", audit.NoReads}, {"on", audit.DefaultReads}} {
		b.Run(bc.name, func(b *testing.B) {
			svc, err := video.NewService(s.Video(), video.Config{LogReads: bc.kinds,
				Tickets: video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": bytes.Repeat([]byte{'k'}, 32)}}})
			require.NoError(b, err)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := svc.Get(ctx, sharer(staff.ID), v.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
