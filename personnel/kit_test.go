package personnel_test

import (
	"testing"

	"github.com/carenet-go/carenet/carenettest"
)

const pw = "violet-lantern-harbor-92"

func newKit(t testing.TB, opts ...carenettest.Option) *carenettest.Env {
	return carenettest.New(t, opts...)
}
