package auth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// TestUserSeesTheirLiveSessionsWithDeviceAddressAndLastSeen: a user lists
// their own live sessions, newest first, with device, address and last
// seen, the current one marked, ended ones left out, nothing of the token.
func TestUserSeesTheirLiveSessionsWithDeviceAddressAndLastSeen(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	login := func(ua, addr string) *auth.LoginResult {
		res, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, UserAgent: ua, RemoteAddr: addr})
		require.NoError(t, err)
		return res
	}
	laptop := login("Firefox on Linux", "10.0.0.12")
	k.Clock.Advance(time.Minute)
	phone := login("Safari on iPhone", "203.0.113.7")
	k.Clock.Advance(time.Minute)
	old := login("Chrome", "198.51.100.1")
	require.NoError(t, k.Auth.Logout(k.Ctx, old.Token))

	list, err := k.Auth.MySessions(k.Ctx, laptop.Principal)
	require.NoError(t, err)
	require.Len(t, list, 2, "the ended session is not listed")
	assert.Equal(t, phone.Session.ID, list[0].ID, "newest first")
	assert.Equal(t, "Safari on iPhone", list[0].Device)
	assert.Equal(t, "203.0.113.7", list[0].Address)
	assert.False(t, list[0].Current)
	assert.Equal(t, laptop.Session.ID, list[1].ID)
	assert.True(t, list[1].Current)
	assert.Equal(t, "10.0.0.12", list[1].Address)
	assert.Equal(t, laptop.Session.LastSeenAt, list[1].LastSeenAt)

	_, err = k.Auth.MySessions(k.Ctx, nil)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
}

// TestUserEndsOneOfTheirSessions: a user ends one session of theirs, which
// then no longer authenticates, audited on the session; another user's
// session ID or an ended one is NotFound and changes nothing.
func TestUserEndsOneOfTheirSessions(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	k.User("Oli", "Other", "oother", userPassword, k.Group("Plain2", auth.ViewPersonnel))
	mine := k.LoginAs("sstaff", userPassword)
	lost := k.LoginAs("sstaff", userPassword)
	oli := k.LoginAs("oother", userPassword)

	err := k.Auth.EndSession(k.Ctx, mine.Principal, oli.Session.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "another user's session")
	_, err = k.Auth.Authenticate(k.Ctx, oli.Token)
	require.NoError(t, err, "and it goes on working")

	require.NoError(t, k.Auth.EndSession(k.Ctx, mine.Principal, lost.Session.ID))
	_, err = k.Auth.Authenticate(k.Ctx, lost.Token)
	require.ErrorIs(t, err, auth.ErrSessionInvalid)
	_, err = k.Auth.Authenticate(k.Ctx, mine.Token)
	require.NoError(t, err, "the session in use goes on")
	ev := k.Events(audit.TargetSession, lost.Session.ID)
	require.NotEmpty(t, ev)
	last := ev[len(ev)-1]
	assert.Equal(t, auth.EventSessionEnded, last.Action)
	assert.Equal(t, mine.Principal.PersonID, last.ActorID)
	assert.Equal(t, "false", last.Details["current"])

	err = k.Auth.EndSession(k.Ctx, mine.Principal, lost.Session.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "a session already ended")
	k.VerifyAudit()
}

// TestUserEndsAllOtherSessions: "sign out everywhere else" ends every
// session of the user's but the one in use, audited with the count.
func TestUserEndsAllOtherSessions(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	mine := k.LoginAs("sstaff", userPassword)
	a, b := k.LoginAs("sstaff", userPassword), k.LoginAs("sstaff", userPassword)

	n, err := k.Auth.EndOtherSessions(k.Ctx, mine.Principal)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for _, tok := range []string{a.Token, b.Token} {
		_, err = k.Auth.Authenticate(k.Ctx, tok)
		require.ErrorIs(t, err, auth.ErrSessionInvalid)
	}
	_, err = k.Auth.Authenticate(k.Ctx, mine.Token)
	require.NoError(t, err)
	ev := k.Events(audit.TargetAccount, sam.Login.AccountID)
	last := ev[len(ev)-1]
	assert.Equal(t, auth.EventSessionsRevoked, last.Action)
	assert.Equal(t, "2", last.Details["count"])

	n, err = k.Auth.EndOtherSessions(k.Ctx, mine.Principal)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing left to end")
	list, err := k.Auth.MySessions(k.Ctx, mine.Principal)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.True(t, list[0].Current)
}

// TestEndingAnothersSessionsNeedsRank: ending another user's sessions needs
// ResetPasswords and every permission the user's groups grant.
func TestEndingAnothersSessionsNeedsRank(t *testing.T) {
	k := newKit(t)
	resetters := k.Group("Resetters", auth.ResetPasswords, auth.ViewPersonnel)
	k.User("Rita", "Resetter", "rresetter", userPassword, resetters)
	rita := k.LoginAs("rresetter", userPassword).Principal
	admin2 := k.User("Ann", "Admin", "aadmin", userPassword)
	k.LoginAs("aadmin", userPassword)

	_, err := k.Auth.RevokeSessions(k.Ctx, rita, admin2.Login.AccountID)
	require.ErrorIs(t, err, auth.ErrOutranked, "an administrator's sessions")
	list, err := k.Auth.Sessions(k.Ctx, k.Admin.Principal, admin2.Login.AccountID)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.False(t, list[0].Revoked(), "nothing was ended")

	n, err := k.Auth.RevokeSessions(k.Ctx, k.Admin.Principal, admin2.Login.AccountID)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}
