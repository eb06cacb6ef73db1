package personnel_test

import (
	"testing"

	"github.com/carenet-go/carenet/internal/testkit"
)

const pw = "violet-lantern-harbor-92"

func newKit(t testing.TB, opts ...testkit.Option) *testkit.Kit { return testkit.New(t, opts...) }
