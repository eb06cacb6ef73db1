package auth_test

import (
	"testing"

	"github.com/carenet-go/carenet/carenettest"
)

const adminPassword = carenettest.Password

func newKit(t testing.TB, opts ...carenettest.Option) *carenettest.Env {
	return carenettest.New(t, opts...)
}
