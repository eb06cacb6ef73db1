package personnel_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// TestLoginCallsRefuseBadInputAndChangeNothing: a person that does not
// exist (or no ID at all) is NotFound for every call on the login, also
// with the hooks that end access configured (they run first); a missing
// reason is Invalid naming "reason"; and neither changes anything or
// records an event.
func TestLoginCallsRefuseBadInputAndChangeNothing(t *testing.T) {
	k := newVideoKit(t)
	events := func() int {
		ev, err := k.Audit.List(k.Ctx, audit.Filter{})
		require.NoError(t, err)
		return len(ev)
	}
	before := events()
	spec := auth.LoginSpec{Username: "ghost", Password: newPw, Groups: []string{auth.ReferralUserGroup}}
	for _, id := range []string{"nobody", ""} {
		calls := map[string]error{}
		_, calls["Deactivate"] = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, id, "left")
		_, calls["DisableLogin"] = k.Personnel.DisableLogin(k.Ctx, k.Admin.Principal, id, "on leave")
		_, calls["EnableLogin"] = k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, id, "back")
		_, calls["RemoveLogin"] = k.Personnel.RemoveLogin(k.Ctx, k.Admin.Principal, id, "contact")
		_, calls["GiveLogin"] = k.Personnel.GiveLogin(k.Ctx, k.Admin.Principal, id, spec)
		_, calls["Reactivate"] = k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, id, "back")
		for name, err := range calls {
			assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "%s(%q): %v", name, id, err)
		}
	}
	for name, err := range map[string]error{
		"DisableLogin": second(k.Personnel.DisableLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "")),
		"EnableLogin":  second(k.Personnel.EnableLogin(k.Ctx, k.Admin.Principal, k.Val.ID, " ")),
		"RemoveLogin":  second(k.Personnel.RemoveLogin(k.Ctx, k.Admin.Principal, k.Val.ID, "")),
	} {
		assert.True(t, carenet.Validation(err).Has("reason", carenet.RuleRequired), "%s: %v", name, err)
	}
	assert.Equal(t, before, events(), "nothing recorded")
	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Val.ID)
	require.NoError(t, err)
	assert.True(t, p.Login.Active)
	mine, err := k.Video.MyVideos(k.Ctx, k.LoginAs("vviewer", pw).Principal)
	require.NoError(t, err)
	assert.Len(t, mine, 1, "the share is still live")
}

func second[T any](_ T, err error) error { return err }
