package auth_test

import (
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// A session alone (perhaps a stolen one) must not change its account's
// password: ChangePassword asks for the current one for that reason. An
// administrator's session holds passwords.reset, and a link issued for
// one's own login is returned to the actor, so the session's thief sets a
// password of their choosing, ends the owner's sessions, and keeps the
// account (and can then remove its second factor with the new password).
func TestNoPasswordLinkForOnesOwnLogin(t *testing.T) {
	env := carenettest.New(t)
	thief := env.Admin.Principal // what a stolen session token authenticates as
	const pw = "thief-chosen copper meadow 9"
	if !env.TakeOverByLink(thief, env.Admin.Profile.Login.AccountID, pw, auth.ErrOwnLink) {
		return // refused as one's own login
	}
	if _, err := env.Auth.Login(env.Ctx, auth.LoginRequest{Username: carenettest.AdminUsername, Password: pw}); err == nil {
		t.Fatalf("a session alone set the administrator's password without the current one")
	}
}
