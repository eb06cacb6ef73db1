package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/passkeytest"
)

// TestALoginBroughtBackBringsNoPasskeyBack: a login switched off and on
// again comes back only through its set-password link, so the passkeys it
// had are removed (recorded as "passkeys_removed"): whoever holds the
// device cannot sign in before the link is used.
func TestALoginBroughtBackBringsNoPasskeyBack(t *testing.T) {
	e := newPasskeyEnv(t)
	e.register(e.p, e.authn, "laptop")
	_, err := e.Personnel.DisableLogin(e.Ctx, e.Fresh(e.Admin.Principal), e.user.ID, "on leave")
	require.NoError(t, err)
	_, err = e.Personnel.EnableLogin(e.Ctx, e.Fresh(e.Admin.Principal), e.user.ID, "back from leave")
	require.NoError(t, err)

	_, err = e.Auth.PasskeySignIn(e.Ctx, auth.PasskeySignInRequest{Passkey: e.assert(e.authn, e.signInOptions(), passkeytest.Tweaks{})})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the old passkey no longer signs in")
	var enabled audit.Event
	for _, ev := range e.Events(audit.TargetAccount, e.account) {
		if ev.Action == auth.EventAccountUpdated && ev.Details["active_after"] == "true" {
			enabled = ev
		}
	}
	require.NotEmpty(t, enabled.ID, "the login switched on is recorded")
	assert.Equal(t, "1", enabled.Details["passkeys_removed"])
}
