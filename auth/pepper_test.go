package auth_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/carenettest"
)

// TestPepperedPasswordsRotateAtLogin: with a pepper, new passwords are
// hashed with it; a hash made without one, or with an older one, still
// opens the login and is replaced by one under the current pepper.
func TestPepperedPasswordsRotateAtLogin(t *testing.T) {
	p1, p2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	hasher := carenettest.FastHasher
	hasher.Peppers, hasher.PepperID = map[string][]byte{"p1": p1}, "p1"
	k := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.Hasher = hasher }))
	sam := k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	acct := sam.Login.AccountID
	assert.Contains(t, credentials(t, k, acct).PasswordHash, ",k=p1$", "a new password is peppered")

	plain, err := carenettest.FastHasher.Hash(userPassword)
	require.NoError(t, err)
	setHash(t, k, acct, plain)
	k.LoginAs("sstaff", userPassword)
	assert.Contains(t, credentials(t, k, acct).PasswordHash, ",k=p1$", "an unpeppered hash is rehashed at login")

	rotated := hasher
	rotated.Peppers, rotated.PepperID = map[string][]byte{"p1": p1, "p2": p2}, "p2"
	cfg := k.Auth.Config()
	cfg.Hasher = rotated
	svc, err := auth.NewService(k.Store.Auth(), cfg)
	require.NoError(t, err)
	_, err = svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.NoError(t, err)
	assert.Contains(t, credentials(t, k, acct).PasswordHash, ",k=p2$", "a hash under the old pepper is rehashed under the new")
	_, err = svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: "not-the-password"})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
}

// TestPepperConfigurationIsChecked: a pepper the Hasher cannot use is a
// configuration error of NewService.
func TestPepperConfigurationIsChecked(t *testing.T) {
	h := password.Hasher{Peppers: map[string][]byte{"p1": []byte("short")}, PepperID: "p1"}
	_, err := auth.NewService(carenettest.NewStore(t).Auth(), auth.Config{Hasher: h})
	require.Error(t, err)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.True(t, carenet.Validation(err).Has("Hasher", carenet.RuleFormat))
}
