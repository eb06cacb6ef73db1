package auth

import (
	"time"

	"github.com/carenet-go/carenet"
)

// passkeyRecentWindow is how recent a sign-in adding or removing a passkey
// needs.
const passkeyRecentWindow = 10 * time.Minute

// requireRecentSignIn refuses a passkey change by a principal that last
// authenticated more than passkeyRecentWindow before now (or, with a clock
// gone back, after it): an Unauthenticated error that asks the user to
// sign in again, so a session left open (perhaps a stolen one) cannot put
// a way in on the login or take a second factor off it.
func requireRecentSignIn(p *Principal, now time.Time) error {
	if age := now.Sub(p.AuthenticatedAt); age >= 0 && age <= passkeyRecentWindow {
		return nil
	}
	return &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.requireRecentSignIn",
		Message: "this needs a recent sign-in: please sign in again"}
}
