package observe_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/observe"
)

// BenchmarkCall measures what observing adds to a service call of one
// transaction that records one event: nothing configured, a logger (that
// discards), and an observer.
func BenchmarkCall(b *testing.B) {
	for _, bc := range []struct {
		name string
		h    *observe.Hooks
	}{
		{"None", nil},
		{"Logger", observe.New(slog.New(slog.NewJSONHandler(io.Discard, nil)), nil)},
		{"Observer", observe.New(nil, nopObserver{})},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := observe.Store(bc.h, "bench", carenet.Transactor[audit.Tx](fakeStore{attempts: 1}))
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := call(ctx, bc.h, st, "x.done", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// nopObserver does nothing, so the benchmark measures the hooks alone.
type nopObserver struct{}

func (nopObserver) Start(ctx context.Context, _ string) (context.Context, func(error)) {
	return ctx, func(error) {}
}

func (nopObserver) Outcome(context.Context, carenet.Outcome) {}
