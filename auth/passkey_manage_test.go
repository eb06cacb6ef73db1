package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/passkeytest"
)

// stale is p as if it had signed in d ago.
func stale(p *auth.Principal, now time.Time, d time.Duration) *auth.Principal {
	q := *p
	q.AuthenticatedAt = now.Add(-d)
	return &q
}

func TestRemovePasskeyNeedsARecentSignIn(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	now := e.Clock.Now()

	err := e.Auth.RemovePasskey(e.Ctx, stale(e.p, now, 10*time.Minute+time.Second), pk.ID)
	require.Equal(t, carenet.ReauthenticationRequired, carenet.ErrorCode(err), "%v", err)
	assert.Contains(t, carenet.ErrorMessage(err), "sign in again")
	assert.Len(t, e.passkeys(e.account), 1, "nothing is removed")
	assert.Len(t, e.passkeyEvents(pk.ID), 1, "nothing is recorded")

	_, err = e.Auth.BeginPasskeyRegistration(e.Ctx, stale(e.p, now, 11*time.Minute), userPassword)
	assert.Equal(t, carenet.ReauthenticationRequired, carenet.ErrorCode(err), "adding one needs it too: %v", err)

	require.NoError(t, e.Auth.RemovePasskey(e.Ctx, stale(e.p, now, 10*time.Minute-time.Second), pk.ID), "a sign-in under 10 minutes ago is recent")
	assert.Empty(t, e.passkeys(e.account))
	assert.Zero(t, credentials(t, e.Env, e.account).Passkeys)
	ev := e.passkeyEvents(pk.ID)
	require.Len(t, ev, 2)
	assert.Equal(t, auth.EventPasskeyRemoved, ev[1].Action)
	assert.Equal(t, e.account, ev[1].Details["account"])

	// The login has no second factor left: the password alone opens it.
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.NoError(t, err)
	err = e.Auth.RemovePasskey(e.Ctx, e.p, pk.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
}

func TestRemovedPasskeyNoLongerSignsIn(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	keep := passkeytest.New(rpOrigin)
	e.register(e.p, keep, "Phone")
	// A second-factor ceremony begun before the removal.
	opts := e.secondFactor("sstaff", userPassword)
	require.NoError(t, e.Auth.RemovePasskey(e.Ctx, e.p, pk.ID))

	_, err := e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{})})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	_, err = e.Auth.Login(e.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, Passkey: e.assert(e.authn, opts, passkeytest.Tweaks{})})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "a ceremony in flight refuses it too")
	_, err = e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(keep, e.signInOptions(), passkeytest.Tweaks{})})
	require.NoError(t, err, "the other passkey still works")
}

func TestRemoveAnotherUsersPasskey(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	e.User("Cleo", "Clerk", "cclerk", userPassword, e.Group("Clerks", auth.ViewPersonnel))
	clerk := e.LoginAs("cclerk", userPassword).Principal
	err := e.Auth.RemovePasskey(e.Ctx, clerk, pk.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "without ResetPasswords another's passkey is not found: %v", err)
	_, err = e.Auth.Passkeys(e.Ctx, clerk, e.account)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))

	// A helpdesk that may reset passwords, but does not reach what the
	// login reaches (its staff permission), is outranked.
	helpdesk := e.Group("Helpdesk", auth.ResetPasswords)
	e.User("Hal", "Help", "hhelp", userPassword, helpdesk)
	hal := e.LoginAs("hhelp", userPassword).Principal
	err = e.Auth.RemovePasskey(e.Ctx, hal, pk.ID)
	assert.ErrorIs(t, err, auth.ErrOutranked)
	assert.Len(t, e.passkeys(e.account), 1)

	admin := e.LoginAs("admin", adminPassword).Principal
	require.NoError(t, e.Auth.RemovePasskey(e.Ctx, admin, pk.ID), "an administrator removes a lost one")
	ev := e.passkeyEvents(pk.ID)
	assert.Equal(t, auth.EventPasskeyRemoved, ev[len(ev)-1].Action)
	assert.Equal(t, e.Admin.ID(), ev[len(ev)-1].ActorID)
	assert.Empty(t, e.passkeys(e.account))
}

func TestRenamePasskey(t *testing.T) {
	e := newPasskeyEnv(t)
	pk, _ := e.register(e.p, e.authn, "Laptop")
	e.Clock.Advance(time.Hour) // renaming needs no recent sign-in
	got, err := e.Auth.RenamePasskey(e.Ctx, e.p, pk.ID, " Work laptop ")
	require.NoError(t, err)
	assert.Equal(t, "Work laptop", got.Name)
	assert.Equal(t, "Work laptop", e.passkeys(e.account)[0].Name)
	ev := e.passkeyEvents(pk.ID)
	require.Len(t, ev, 2)
	assert.Equal(t, auth.EventPasskeyRenamed, ev[1].Action)

	_, err = e.Auth.RenamePasskey(e.Ctx, e.p, pk.ID, "Work laptop")
	require.NoError(t, err)
	assert.Len(t, e.passkeyEvents(pk.ID), 2, "the same name changes nothing")

	for name, c := range map[string]struct{ name, rule string }{
		"Empty":        {"", carenet.RuleRequired},
		"TooLong":      {strings.Repeat("x", auth.MaxPasskeyNameLength+1), carenet.RuleTooLong},
		"ControlChars": {"a\u202eb", carenet.RuleControlChars},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.Auth.RenamePasskey(e.Ctx, e.p, pk.ID, c.name)
			assert.True(t, carenet.Validation(err).Has("name", c.rule), "%v", err)
			assert.Equal(t, "Work laptop", e.passkeys(e.account)[0].Name)
		})
	}
	_, err = e.Auth.RenamePasskey(e.Ctx, e.Admin.Principal, pk.ID, "Mine now")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "only one's own")
	_, err = e.Auth.RenamePasskey(e.Ctx, e.p, "no-such-passkey", "Name")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
}

func TestTooManyPasskeys(t *testing.T) {
	e := newPasskeyEnv(t)
	for i := range auth.MaxPasskeys {
		e.register(e.p, passkeytest.New(rpOrigin), "Key "+string(rune('A'+i)))
	}
	_, err := e.Auth.BeginPasskeyRegistration(e.Ctx, e.p, userPassword)
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "%v", err)
}
