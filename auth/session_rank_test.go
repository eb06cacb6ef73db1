package auth_test

import (
	"errors"
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// Ending another login's sessions is an action against it: someone with
// passwords.reset must not end the administrator's sessions.
func TestEndingAnothersSessionsNeedsItsRank(t *testing.T) {
	env := carenettest.New(t)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords))
	n, err := env.Auth.RevokeSessions(env.Ctx, clerk.Principal, env.Admin.Profile.Login.AccountID)
	if !errors.Is(err, auth.ErrOutranked) {
		t.Fatalf("a clerk with 2 permissions ended %d of the administrator's sessions: err = %v", n, err)
	}
}

// Listing another login's sessions shows where it signs in from: someone
// with passwords.reset must not list the administrator's.
func TestListingAnothersSessionsNeedsItsRank(t *testing.T) {
	env := carenettest.New(t)
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords))
	got, err := env.Auth.Sessions(env.Ctx, clerk.Principal, env.Admin.Profile.Login.AccountID)
	if !errors.Is(err, auth.ErrOutranked) {
		t.Fatalf("a clerk with 2 permissions listed %d of the administrator's sessions: err = %v", len(got), err)
	}
	if _, err := env.Auth.Sessions(env.Ctx, env.Admin.Principal, clerk.Profile.Login.AccountID); err != nil {
		t.Fatalf("the administrator lists the clerk's sessions: %v", err)
	}
}
