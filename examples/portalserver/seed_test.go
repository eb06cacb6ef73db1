package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth/password"
)

// TestSeedPasswordsPassThePolicy: a random draw the policy refuses is drawn
// again, so seeding never fails on a password. A policy that needs all
// four classes refuses about half of the draws (base64url has symbols in
// two of its 64 characters), and one with a short personal string more.
func TestSeedPasswordsPassThePolicy(t *testing.T) {
	strict := password.DefaultPolicy()
	strict.RequireClasses = 4
	for range 200 {
		pw, err := newPassword(strict, "ab1", "Ada")
		require.NoError(t, err)
		require.NoError(t, strict.Check(pw, "ab1", "Ada"))
	}
	impossible := password.DefaultPolicy()
	impossible.MinLength = 21
	_, err := newPassword(impossible)
	require.Error(t, err, "a policy no draw can pass is an error, not an endless loop")
}
