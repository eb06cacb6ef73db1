package carenettest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// TestTakeOverByLink: a link the actor may take sets the password the
// login then takes; the refusal awaited stops the takeover; another
// refusal fails the test.
func TestTakeOverByLink(t *testing.T) {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h)
	sam := env.Staff()
	const pw = "admin-chosen amber harbour 17"

	assert.True(t, env.TakeOverByLink(env.Admin.Principal, sam.Profile.Login.AccountID, pw, auth.ErrOutranked))
	env.LoginAs(sam.Username, pw)

	own := env.Admin.Profile.Login.AccountID
	assert.False(t, env.TakeOverByLink(env.Admin.Principal, own, pw, auth.ErrOwnLink))
	assert.Contains(t, fatal(func() { env.TakeOverByLink(env.Admin.Principal, own, pw, auth.ErrOutranked) }), "the link was refused, but with")
}
