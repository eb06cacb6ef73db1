package auth_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// requireReauth fails the test unless err is the step-up refusal.
func requireReauth(t *testing.T, err error, what string) {
	t.Helper()
	require.ErrorIs(t, err, auth.ErrReauthenticationRequired, what)
	require.Equal(t, carenet.ReauthenticationRequired, carenet.ErrorCode(err), what)
}

// TestSensitiveAuthActionsNeedARecentSignIn: once the sign-in is as old as
// the window, changing one's password or second factor, removing
// another's, and changing security groups are refused with
// ErrReauthenticationRequired, and change nothing (no audit event, no
// count toward the lockout even with a wrong password); after
// Reauthenticate in the same session the same call succeeds.
func TestSensitiveAuthActionsNeedARecentSignIn(t *testing.T) {
	type setup struct {
		k      *carenettest.Env
		secret []byte             // the user's TOTP secret, when enrolled
		group  auth.SecurityGroup // the user's group
		spare  auth.SecurityGroup // a group nobody is in
		userID string             // the user's account
	}
	cases := []struct {
		name string
		// enrol gives the user a second factor (or an enrolment begun,
		// with begin) before the sign-in that goes stale.
		enrol, begin bool
		// asAdmin acts as the administrator, not the user.
		asAdmin bool
		act     func(s setup, p *auth.Principal) error
	}{
		{name: "ChangePassword", act: func(s setup, p *auth.Principal) error {
			return s.k.Auth.ChangePassword(s.k.Ctx, p, userPassword, "a-brand-new-passphrase-77")
		}},
		{name: "ChangePasswordWithAWrongCurrentOne", act: func(s setup, p *auth.Principal) error {
			err := s.k.Auth.ChangePassword(s.k.Ctx, p, "not-the-password", "a-brand-new-passphrase-77")
			if errors.Is(err, auth.ErrReauthenticationRequired) {
				return err
			}
			// After the sign-in, the wrong password is what fails.
			if carenet.Validation(err).Has("current_password", auth.RuleIncorrect) {
				return nil
			}
			return err
		}},
		{name: "BeginTOTP", act: func(s setup, p *auth.Principal) error {
			_, err := s.k.Auth.BeginTOTP(s.k.Ctx, p, userPassword)
			return err
		}},
		{name: "ConfirmTOTP", begin: true, act: func(s setup, p *auth.Principal) error {
			return errOf(s.k.Auth.ConfirmTOTP(s.k.Ctx, p, userPassword, code(t, s.secret, s.k.Clock.Now())))
		}},
		{name: "DisableTOTP", enrol: true, act: func(s setup, p *auth.Principal) error {
			return s.k.Auth.DisableTOTP(s.k.Ctx, p, p.AccountID, userPassword)
		}},
		{name: "DisableAnotherUsersTOTP", enrol: true, asAdmin: true, act: func(s setup, p *auth.Principal) error {
			return s.k.Auth.DisableTOTP(s.k.Ctx, p, s.userID, "")
		}},
		{name: "CreateSecurityGroup", asAdmin: true, act: func(s setup, p *auth.Principal) error {
			_, err := s.k.Auth.CreateSecurityGroup(s.k.Ctx, p, "Auditors", "", auth.NewPermissionSet(auth.ViewAudit))
			return err
		}},
		{name: "UpdateSecurityGroup", asAdmin: true, act: func(s setup, p *auth.Principal) error {
			perms := auth.NewPermissionSet(auth.ViewPersonnel, auth.DeactivatePersonnel)
			_, err := s.k.Auth.UpdateSecurityGroup(s.k.Ctx, p, s.group.ID, s.group.Version, auth.SecurityGroupUpdate{Permissions: &perms})
			return err
		}},
		{name: "DeleteSecurityGroup", asAdmin: true, act: func(s setup, p *auth.Principal) error {
			return s.k.Auth.DeleteSecurityGroup(s.k.Ctx, p, s.spare.ID)
		}},
		// Without a deliverer the link is handed to the administrator.
		{name: "IssuePasswordLinkHandedToTheActor", asAdmin: true, act: func(s setup, p *auth.Principal) error {
			_, err := s.k.Auth.IssuePasswordLink(s.k.Ctx, p, s.userID)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k := totpKit(t)
			s := setup{k: k}
			var err error
			s.group, err = k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Readers", "", auth.NewPermissionSet(auth.ViewPersonnel))
			require.NoError(t, err)
			s.spare, err = k.Auth.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Spare", "", auth.NewPermissionSet(auth.ViewPersonnel))
			require.NoError(t, err)
			s.userID = k.User("Sam", "Staff", "sstaff", userPassword, s.group.ID).Login.AccountID
			if tc.enrol || tc.begin {
				p := k.LoginAs("sstaff", userPassword).Principal
				enr, err := k.Auth.BeginTOTP(k.Ctx, p, userPassword)
				require.NoError(t, err)
				s.secret = decodeSecret(t, enr.Secret)
				if tc.enrol {
					require.NoError(t, errOf(k.Auth.ConfirmTOTP(k.Ctx, p, userPassword, code(t, s.secret, k.Clock.Now()))))
				}
			}
			username, password := "sstaff", userPassword
			if tc.asAdmin {
				username, password = "admin", adminPassword
			}
			var res *auth.LoginResult
			if tc.enrol && !tc.asAdmin {
				k.Clock.Advance(30 * time.Second)
				res, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: username, Password: password, TOTPCode: code(t, s.secret, k.Clock.Now())})
				require.NoError(t, err)
			} else {
				res = k.LoginAs(username, password)
			}

			k.Clock.Advance(auth.DefaultReauthWindow)
			stale, err := k.Auth.Authenticate(k.Ctx, res.Token)
			require.NoError(t, err, "the session is still open")
			before := readAccountState(t, k, s.userID)
			requireReauth(t, tc.act(s, stale), "a sign-in as old as the window")
			assert.Equal(t, before, readAccountState(t, k, s.userID), "a refusal changes nothing and records nothing")

			req := auth.ReauthRequest{Token: res.Token, Password: password}
			if tc.enrol && !tc.asAdmin {
				req.TOTPCode = code(t, s.secret, k.Clock.Now())
			}
			fresh, err := k.Auth.Reauthenticate(k.Ctx, req)
			require.NoError(t, err)
			assert.Equal(t, res.Session.ID, fresh.SessionID, "the same session")
			require.NoError(t, tc.act(s, fresh), "after signing in again")
		})
	}
}

// TestALinkDeliveredToItsHolderNeedsNoRecentSignIn: with a deliverer the
// link goes to the login's holder, not to the actor, so a reset from a
// sign-in as old as the window goes ahead and hands the actor no token.
func TestALinkDeliveredToItsHolderNeedsNoRecentSignIn(t *testing.T) {
	box := &outbox{}
	k := newKit(t, withDeliverer(box))
	user := k.User("Sam", "Staff", "sstaff", userPassword)
	res := k.LoginAs("admin", adminPassword)
	k.Clock.Advance(auth.DefaultReauthWindow)
	stale, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err)
	requireReauth(t, stale.RequireRecentSignIn(k.Clock.Now()), "the sign-in is stale")

	sent := len(box.sent)
	link, err := k.Auth.IssuePasswordLink(k.Ctx, stale, user.Login.AccountID)
	require.NoError(t, err)
	assert.Empty(t, link.Token, "the actor is handed no token")
	require.Len(t, box.sent, sent+1, "the holder is sent the link")
}

// TestReauthenticateRenewsTheSession: Principal.AuthenticatedAt is the
// sign-in, not the call; Reauthenticate renews it in the same session
// (same ID, same token, same end), stored, so the next Authenticate
// carries it, and audits it once.
func TestReauthenticateRenewsTheSession(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	res := k.LoginAs("sstaff", userPassword)
	signedIn := k.Clock.Now()
	assert.Equal(t, signedIn, res.Principal.AuthenticatedAt)
	assert.Equal(t, signedIn, res.Session.AuthenticatedAt)

	k.Clock.Advance(9 * time.Minute)
	p, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err)
	assert.Equal(t, signedIn, p.AuthenticatedAt, "a call is no sign-in")
	require.NoError(t, p.RequireRecentSignIn(k.Clock.Now()))
	k.Clock.Advance(time.Minute)
	requireReauth(t, p.RequireRecentSignIn(k.Clock.Now()), "ten minutes on")

	events := len(k.Events(audit.TargetAccount, u.Login.AccountID))
	fresh, err := k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword, RemoteAddr: "198.51.100.7:4431"})
	require.NoError(t, err)
	now := k.Clock.Now()
	assert.Equal(t, now, fresh.AuthenticatedAt)
	assert.Equal(t, res.Session.ID, fresh.SessionID)
	assert.Equal(t, u.Login.AccountID, fresh.AccountID)
	require.NoError(t, fresh.RequireRecentSignIn(now))

	k.Clock.Advance(time.Minute)
	again, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err, "the same token still works")
	assert.Equal(t, now, again.AuthenticatedAt, "the store keeps the re-authentication")

	sessions, err := k.Auth.Sessions(k.Ctx, again, u.Login.AccountID)
	require.NoError(t, err)
	require.Len(t, sessions, 1, "no new session")
	assert.Equal(t, res.Session.ExpiresAt, sessions[0].ExpiresAt, "the session's lifetime does not grow")
	assert.Equal(t, now, sessions[0].AuthenticatedAt)

	ev := k.Events(audit.TargetAccount, u.Login.AccountID)
	require.Len(t, ev, events+1)
	last := ev[len(ev)-1]
	assert.Equal(t, auth.EventReauthenticated, last.Action)
	assert.Equal(t, u.ID, last.ActorID)
	assert.Equal(t, map[string]string{"session": res.Session.ID, "via": "reauthenticate", "source": "198.51.100.7"}, last.Details)
}

// TestReauthenticateWrongPasswordCountsLikeALogin: a wrong password is an
// Invalid error on "password" that counts toward the account's lockout and
// is audited as a failed login is; at the threshold the account locks for
// Login and Reauthenticate alike, and a locked account refuses even the
// right password, uncounted; once the lock passes the right password
// clears the failures. A refusal leaves the session's sign-in as it was.
func TestReauthenticateWrongPasswordCountsLikeALogin(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	acct := u.Login.AccountID
	res := k.LoginAs("sstaff", userPassword)
	wrong := auth.ReauthRequest{Token: res.Token, Password: "not-the-password"}
	for i := 1; i <= 5; i++ {
		_, err := k.Auth.Reauthenticate(k.Ctx, wrong)
		require.True(t, carenet.Validation(err).Has("password", auth.RuleIncorrect), "attempt %d: %v", i, err)
		assert.Equal(t, i, credentials(t, k, acct).FailedLogins)
		ev := k.Events(audit.TargetAccount, acct)
		last := ev[len(ev)-1]
		assert.Equal(t, auth.EventLoginFailed, last.Action)
		assert.Equal(t, "wrong_password", last.Details["reason"])
		assert.Equal(t, "reauthenticate", last.Details["via"])
		assert.Equal(t, res.Session.ID, last.Details["session"])
		assert.Equal(t, strconv.Itoa(i), last.Details["failed_logins"])
	}
	assert.NotEmpty(t, k.Events(audit.TargetAccount, acct)[len(k.Events(audit.TargetAccount, acct))-1].Details["locked_until"], "the fifth failure locks")

	_, err := k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: res.Token, Password: userPassword})
	assert.True(t, carenet.Validation(err).Has("password", auth.RuleLocked), "locked: %v", err)
	assert.Equal(t, 5, credentials(t, k, acct).FailedLogins, "a refusal while locked is not counted")
	ev := k.Events(audit.TargetAccount, acct)
	assert.Equal(t, auth.EventLoginRefused, ev[len(ev)-1].Action)
	assert.Equal(t, "locked", ev[len(ev)-1].Details["reason"])
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the lock is the account's, for Login too")

	p, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err, "failing to sign in again does not end the session")
	assert.Equal(t, res.Session.AuthenticatedAt, p.AuthenticatedAt, "nor renew it")

	k.Clock.Advance(time.Minute + time.Second)
	fresh := k.ReauthenticateToken(res.Token, userPassword)
	assert.Equal(t, k.Clock.Now(), fresh.AuthenticatedAt)
	assert.Zero(t, credentials(t, k, acct).FailedLogins, "success clears the failures")
	ev = k.Events(audit.TargetAccount, acct)
	assert.Equal(t, "5", ev[len(ev)-1].Details["cleared_failures"])
}

// TestReauthenticateAsksForTheSecondFactor: an account with a second factor
// signs in again with the password and a code: without the code it is an
// Invalid error on "totp_code" (rule required), audited, not counted; a
// wrong or replayed code counts; a fresh code succeeds. An account without
// one given a code counts a failure, as at login.
func TestReauthenticateAsksForTheSecondFactor(t *testing.T) {
	k := totpKit(t)
	u := k.User("Tia", "Totp", "ttotp", userPassword)
	acct := u.Login.AccountID
	secret := enrol(t, k, k.LoginAs("ttotp", userPassword).Principal, userPassword)
	k.Clock.Advance(30 * time.Second)
	res, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "ttotp", Password: userPassword, TOTPCode: code(t, secret, k.Clock.Now())})
	require.NoError(t, err)
	k.Clock.Advance(auth.DefaultReauthWindow)

	req := auth.ReauthRequest{Token: res.Token, Password: userPassword}
	_, err = k.Auth.Reauthenticate(k.Ctx, req)
	assert.True(t, carenet.Validation(err).Has("totp_code", carenet.RuleRequired), "no code: %v", err)
	assert.Zero(t, credentials(t, k, acct).FailedLogins)
	ev := k.Events(audit.TargetAccount, acct)
	assert.Equal(t, auth.EventLoginCodeRequired, ev[len(ev)-1].Action)

	req.TOTPCode = "000000"
	if req.TOTPCode == code(t, secret, k.Clock.Now()) {
		req.TOTPCode = "111111"
	}
	_, err = k.Auth.Reauthenticate(k.Ctx, req)
	assert.True(t, carenet.Validation(err).Has("totp_code", auth.RuleIncorrect), "wrong code: %v", err)
	assert.Equal(t, 1, credentials(t, k, acct).FailedLogins)
	assert.Equal(t, 1, credentials(t, k, acct).FailedCodes)

	req.TOTPCode = code(t, secret, k.Clock.Now())
	fresh, err := k.Auth.Reauthenticate(k.Ctx, req)
	require.NoError(t, err)
	require.NoError(t, fresh.RequireRecentSignIn(k.Clock.Now()))
	_, err = k.Auth.Reauthenticate(k.Ctx, req)
	assert.True(t, carenet.Validation(err).Has("totp_code", auth.RuleIncorrect), "a code works once: %v", err)

	k.User("Sam", "Staff", "sstaff", userPassword)
	plain := k.LoginAs("sstaff", userPassword)
	_, err = k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: plain.Token, Password: userPassword, TOTPCode: "123456"})
	assert.True(t, carenet.Validation(err).Has("totp_code", carenet.RuleNotAllowed), "a code without a second factor: %v", err)
	assert.Equal(t, 1, credentials(t, k, plain.Principal.AccountID).FailedLogins, "counted, as at login")
}

// TestReauthenticateBadInputChangesNothing: input of the wrong form is an
// Invalid error naming the field, and a session that does not
// authenticate is ErrSessionInvalid; neither reads a password nor writes
// anything.
func TestReauthenticateBadInputChangesNothing(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	res := k.LoginAs("sstaff", userPassword)
	before := readAccountState(t, k, u.Login.AccountID)
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		name        string
		req         auth.ReauthRequest
		field, rule string
	}{
		{"NoPassword", auth.ReauthRequest{Token: res.Token}, "password", carenet.RuleRequired},
		{"PasswordTooLong", auth.ReauthRequest{Token: res.Token, Password: string(long)}, "password", carenet.RuleTooLong},
		{"CodeNotDigits", auth.ReauthRequest{Token: res.Token, Password: userPassword, TOTPCode: "12ab56"}, "totp_code", carenet.RuleFormat},
		{"CodeTooShort", auth.ReauthRequest{Token: res.Token, Password: userPassword, TOTPCode: "123"}, "totp_code", carenet.RuleFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := k.Auth.Reauthenticate(k.Ctx, tc.req)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has(tc.field, tc.rule), "%v", err)
			assert.Equal(t, before, readAccountState(t, k, u.Login.AccountID))
		})
	}
	for _, tok := range []string{"", "not-a-token", res.Token + "x"} {
		_, err := k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: tok, Password: userPassword})
		require.ErrorIs(t, err, auth.ErrSessionInvalid, "token %q", tok)
	}
	assert.Equal(t, before, readAccountState(t, k, u.Login.AccountID))

	// A session ended, or gone idle, is not renewed, even with the right
	// password: the user logs in again.
	idle := k.LoginAs("sstaff", userPassword)
	k.Clock.Advance(k.Auth.Config().SessionIdleTimeout)
	_, err := k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: idle.Token, Password: userPassword})
	require.ErrorIs(t, err, auth.ErrSessionInvalid, "an idle session")
	ended := k.LoginAs("sstaff", userPassword)
	require.NoError(t, k.Auth.Logout(k.Ctx, ended.Token))
	events := k.EventCount()
	_, err = k.Auth.Reauthenticate(k.Ctx, auth.ReauthRequest{Token: ended.Token, Password: "a wrong one"})
	require.ErrorIs(t, err, auth.ErrSessionInvalid, "a revoked session")
	assert.Equal(t, events, k.EventCount(), "nothing recorded")
	assert.Zero(t, credentials(t, k, u.Login.AccountID).FailedLogins, "nothing counted")
}

// TestReauthWindow: the window is Config.ReauthWindow (10 minutes when
// zero), exclusive at its end; it cannot be negative, longer than an hour
// or switched off.
func TestReauthWindow(t *testing.T) {
	k := newKit(t)
	assert.Equal(t, auth.DefaultReauthWindow, k.Auth.Config().ReauthWindow, "zero means the default")
	assert.Equal(t, 10*time.Minute, auth.DefaultReauthWindow)
	res := k.LoginAs("admin", adminPassword)
	start := k.Clock.Now()
	k.Clock.Set(start.Add(10*time.Minute - time.Nanosecond))
	require.NoError(t, res.Principal.RequireRecentSignIn(k.Clock.Now()))
	k.Clock.Set(start.Add(10 * time.Minute))
	requireReauth(t, res.Principal.RequireRecentSignIn(k.Clock.Now()), "at the end of the window")

	short := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.ReauthWindow = 2 * time.Minute }))
	p := short.LoginAs("admin", adminPassword).Principal
	short.Clock.Advance(2*time.Minute - time.Second)
	require.NoError(t, p.RequireRecentSignIn(short.Clock.Now()))
	short.Clock.Advance(time.Second)
	requireReauth(t, p.RequireRecentSignIn(short.Clock.Now()), "a host's shorter window")
	_, err := short.Auth.CreateSecurityGroup(short.Ctx, p, "Readers", "", auth.NewPermissionSet(auth.ViewPersonnel))
	requireReauth(t, err, "the service's window binds its calls")

	for _, w := range []time.Duration{-time.Second, auth.MaxReauthWindow + time.Second, 24 * time.Hour} {
		_, err := auth.NewService(k.Store.Auth(), auth.Config{ReauthWindow: w})
		assert.True(t, carenet.Validation(err).Has("ReauthWindow", carenet.RuleRange), "window %v: %v", w, err)
	}
	_, err = auth.NewService(k.Store.Auth(), auth.Config{ReauthWindow: auth.MaxReauthWindow})
	require.NoError(t, err)
}

// TestPrincipalsWithoutASession: a nil principal is Unauthenticated; one
// built by PrincipalFrom counts as authenticated at the time it was given,
// with the default window; a literal with no AuthenticatedAt never passes.
func TestPrincipalsWithoutASession(t *testing.T) {
	now := carenettest.Start
	var none *auth.Principal
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(none.RequireRecentSignIn(now)))

	p := auth.PrincipalFrom(auth.Account{ID: "a-1", PersonID: "p-1", Active: true, Groups: []string{auth.AdministratorGroup}}, nil, true, now)
	assert.Equal(t, now, p.AuthenticatedAt)
	assert.Empty(t, p.SessionID)
	require.NoError(t, p.RequireRecentSignIn(now.Add(auth.DefaultReauthWindow-time.Second)))
	requireReauth(t, p.RequireRecentSignIn(now.Add(auth.DefaultReauthWindow)), "the default window")
	requireReauth(t, p.RequireRecentSignIn(now.Add(-auth.DefaultReauthWindow)), "a sign-in a window ahead of the clock")

	literal := &auth.Principal{PersonID: "p-1", Permissions: auth.NewPermissionSet(auth.ViewAudit)}
	requireReauth(t, literal.RequireRecentSignIn(now), "no AuthenticatedAt")
	requireReauth(t, literal.RequireAuditExport(now), "no AuthenticatedAt")
	literal.AuthenticatedAt = now
	require.NoError(t, literal.RequireAuditExport(now))
	literal.Permissions = auth.NewPermissionSet(auth.ViewPersonnel)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(literal.RequireAuditExport(now)), "an export needs audit.view")

	allocs := testing.AllocsPerRun(100, func() { _ = p.RequireRecentSignIn(now) })
	assert.Zero(t, allocs, "the rule does not allocate")
}
