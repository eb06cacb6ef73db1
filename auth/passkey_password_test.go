package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// TestAddingAPasskeyNeedsThePassword: a session alone, perhaps a stolen
// one signed in a minute ago, cannot put a passkey on the login (a way in
// that a password change would not take away): beginning the
// registration needs the current password, as enrolling a one-time code
// does. A wrong one counts toward the lockout, audited; none is a
// validation error that counts nothing; neither starts a ceremony.
func TestAddingAPasskeyNeedsThePassword(t *testing.T) {
	e := newPasskeyEnv(t)
	failures := credentials(t, e.Env, e.account).FailedLogins

	_, err := e.Auth.BeginPasskeyRegistration(e.Ctx, e.p, "")
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
	assert.True(t, carenet.Validation(err).Has("current_password", carenet.RuleRequired), "%v", err)
	assert.Equal(t, failures, credentials(t, e.Env, e.account).FailedLogins, "no password given counts nothing")

	events := e.EventCount()
	_, err = e.Auth.BeginPasskeyRegistration(e.Ctx, e.p, "not the password at all")
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
	assert.True(t, carenet.Validation(err).Has("current_password", auth.RuleIncorrect), "%v", err)
	assert.Equal(t, failures+1, credentials(t, e.Env, e.account).FailedLogins, "a wrong password counts")
	assert.Equal(t, events+1, e.EventCount(), "the wrong password is audited, and nothing else is written")

	// Locked by wrong passwords, the right one is refused too.
	for range e.Auth.Config().MaxFailedLogins {
		_, _ = e.Auth.BeginPasskeyRegistration(e.Ctx, e.p, "not the password at all")
	}
	_, err = e.Auth.BeginPasskeyRegistration(e.Ctx, e.p, userPassword)
	assert.True(t, carenet.Validation(err).Has("current_password", auth.RuleLocked), "%v", err)
	assert.Empty(t, e.passkeys(e.account))
}
