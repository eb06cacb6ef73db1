package carenettest

import (
	"errors"

	"github.com/carenet-go/carenet/auth"
)

// TakeOverByLink tries to take a login over as a test of the rules that
// stop it: it issues a password link for the account as actor and
// completes it with password, which the login then takes. It returns
// false, the takeover stopped, if the link is refused with refusal
// (errors.Is); it fails the test if the link is refused for another
// reason or does not complete, and returns true when the password is set.
func (e *Env) TakeOverByLink(actor *auth.Principal, accountID, password string, refusal error) bool {
	e.T.Helper()
	link, err := e.Auth.IssuePasswordLink(e.Ctx, actor, accountID)
	if err != nil {
		if !errors.Is(err, refusal) {
			e.T.Fatalf("carenettest: the link was refused, but with %v, not %v", err, refusal)
		}
		return false
	}
	if err := e.Auth.CompletePasswordLink(e.Ctx, link.Token, password); err != nil {
		e.T.Fatalf("carenettest: complete the link: %v", err)
		return false
	}
	return true
}
