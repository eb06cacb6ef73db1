package auth_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// totpKey is the key that seals the second factors of a totpKit.
var totpKey = []byte("0123456789abcdef0123456789abcdef")

// totpKit is a kit whose service can seal second factors.
func totpKit(t *testing.T, opts ...carenettest.Option) *carenettest.Env {
	return newKit(t, append([]carenettest.Option{carenettest.WithAuthConfig(func(c *auth.Config) { c.TOTPKey = totpKey })}, opts...)...)
}

// enrol gives the account of the logged-in p a second factor and returns
// its secret.
func enrol(t *testing.T, k *carenettest.Env, p *auth.Principal, pw string) []byte {
	t.Helper()
	secret := beginTOTP(t, k.Auth, k.Ctx, p, pw)
	require.NoError(t, errOf(k.Auth.ConfirmTOTP(k.Ctx, p, pw, code(t, secret, k.Clock.Now()))))
	return secret
}
