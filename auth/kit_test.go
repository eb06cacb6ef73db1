package auth_test

import (
	"testing"

	"github.com/carenet-go/carenet/internal/testkit"
)

const adminPassword = testkit.AdminPassword

func newKit(t testing.TB, opts ...testkit.Option) *testkit.Kit { return testkit.New(t, opts...) }
