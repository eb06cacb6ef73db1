package auth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/portal"
)

func TestNewServiceRejectsBadConfig(t *testing.T) {
	k := newKit(t)
	cases := []struct {
		name  string
		cfg   auth.Config
		field string
	}{
		{"IdleLongerThanLifetime", auth.Config{SessionIdleTimeout: 2 * time.Hour, SessionLifetime: time.Hour}, "SessionIdleTimeout"},
		{"NegativeLinkLifetime", auth.Config{LinkLifetime: -time.Hour}, "LinkLifetime"},
		{"LockoutMaxBelowBase", auth.Config{LockoutBase: time.Hour, LockoutMax: time.Minute}, "MaxFailedLogins"},
		{"NegativeHashBound", auth.Config{MaxConcurrentHashes: -1}, "MaxConcurrentHashes"},
		{"ShortTOTPKey", auth.Config{TOTPKey: []byte("short")}, "TOTPKey"},
		{"WeakPolicy", auth.Config{Policy: &password.Policy{MinLength: 4, MaxLength: 64}}, "Policy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := auth.NewService(k.Store.Auth(), c.cfg)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
			v := carenet.Validation(err)
			require.NotNil(t, v)
			require.Len(t, v.Problems, 1, "%v", v.Problems)
			assert.Equal(t, c.field, v.Problems[0].Field)
		})
	}

	s, err := auth.NewService(k.Store.Auth(), auth.Config{})
	require.NoError(t, err)
	cfg := s.Config()
	assert.Equal(t, 15*time.Minute, cfg.SessionIdleTimeout, "sessions end after 15 idle minutes by default")
	assert.Equal(t, 24*time.Hour, cfg.LinkLifetime, "password links last 24 hours by default")
	assert.Equal(t, password.DefaultPolicy(), s.Policy())
	assert.GreaterOrEqual(t, cfg.MaxConcurrentHashes, 1)
	assert.LessOrEqual(t, cfg.MaxConcurrentHashes*int(password.DefaultParams.Memory)<<10, auth.DefaultHashMemoryBudget,
		"the default bound keeps hashing memory within the budget")
}

// TestAuthenticateRechecksAccountAndPerson: a session stops authenticating
// the moment its account or its person is inactive, however the state got
// there, and the error says nothing of which.
func TestAuthenticateRechecksAccountAndPerson(t *testing.T) {
	k := newKit(t)
	acct := k.User("Sam", "Staff", "sstaff", userPassword)
	pers := k.User("Pia", "Person", "pperson", userPassword)
	samTok := k.LoginAs("sstaff", userPassword).Token
	piaTok := k.LoginAs("pperson", userPassword).Token

	require.NoError(t, k.Store.Auth().Update(k.Ctx, func(tx auth.Tx) error {
		a, err := tx.Accounts().Get(k.Ctx, acct.Login.AccountID)
		if err != nil {
			return err
		}
		a.Active = false
		_, err = tx.Accounts().Update(k.Ctx, a)
		return err
	}))
	setPersonInactive(t, k, pers.ID)

	for name, tok := range map[string]string{"InactiveAccount": samTok, "InactivePerson": piaTok} {
		t.Run(name, func(t *testing.T) {
			_, err := k.Auth.Authenticate(k.Ctx, tok)
			require.ErrorIs(t, err, auth.ErrSessionInvalid)
			assert.Equal(t, "your session has ended; please log in again", carenet.ErrorMessage(err))
		})
	}
}

// TestSessionTokens: a session token carries 256 random bits, and the store
// keeps only their SHA-256.
func TestSessionTokens(t *testing.T) {
	k := newKit(t)
	a := k.LoginAs("admin", adminPassword)
	b := k.LoginAs("admin", adminPassword)
	require.NotEqual(t, a.Token, b.Token)
	for _, res := range []*auth.LoginResult{a, b} {
		raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(res.Token, auth.SessionTokenPrefix))
		require.NoError(t, err)
		assert.Len(t, raw, 32, "256 bits")
		sum := sha256.Sum256(raw)
		var stored []auth.Session
		require.NoError(t, k.Store.Auth().View(k.Ctx, func(tx auth.Tx) error {
			var err error
			stored, err = tx.Sessions().ListByAccount(k.Ctx, res.Principal.AccountID)
			return err
		}))
		var found bool
		for _, s := range stored {
			assert.NotContains(t, s.TokenHash, res.Token[len(auth.SessionTokenPrefix):])
			found = found || s.TokenHash == hex.EncodeToString(sum[:])
		}
		assert.True(t, found, "the store keeps the token's SHA-256")
	}
}

// TestPrincipalCarriesPortalCapabilities: authentication computes the
// caller's portal capabilities once, and RequireCapability answers from them.
func TestPrincipalCarriesPortalCapabilities(t *testing.T) {
	k := newKit(t)
	rita := k.User("Rita", "Referrer", "rreferrer", userPassword, auth.ReferralUserGroup)
	tok := k.LoginAs("rreferrer", userPassword).Token

	p, err := k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.Equal(t, portal.Capabilities{}, p.Portal, "a referral user without the portal gets nothing")
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(p.RequireCapability(portal.SubmitLEReferrals)))
	assert.Zero(t, p.Permissions, "Referral User grants no staff permission")

	_, err = k.Personnel.SetPortalDesignation(k.Ctx, k.Admin.Principal, rita.ID, portal.ReferralOnly)
	require.NoError(t, err)
	p, err = k.Auth.Authenticate(k.Ctx, tok)
	require.NoError(t, err)
	assert.Equal(t, portal.LandingDashboard, p.Portal.Landing)
	assert.NoError(t, p.RequireCapability(portal.SubmitLEReferrals))
	assert.NoError(t, p.RequireCapability(portal.SubmitCPSReferrals))
	err = p.RequireCapability(portal.ViewSharedVideos)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Contains(t, carenet.ErrorMessage(err), portal.ViewSharedVideos.String(), "the error names the missing capability")
	assert.Equal(t, rita.ID, p.ActorID())

	var none *auth.Principal
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(none.RequireCapability(portal.UsePortal)))
	assert.False(t, none.Can(auth.ViewPersonnel))
	assert.Empty(t, none.ActorID())
}

// TestCareNetAccessGatesStaffPermissions: a security group's permissions
// reach only users who may use CareNet. A partner in a real security group
// whose portal is on but CareNet Access off works through the portal
// alone; switching CareNet Access on, or the portal off (a full user), gives
// the permissions back at the next authenticated call, and off again takes
// them away, without a new login.
func TestCareNetAccessGatesStaffPermissions(t *testing.T) {
	k := newKit(t)
	reviewers := k.Group("Partner reviewers", auth.ReviewReferrals, auth.ViewPersonnel)
	dana := k.User("Dana", "Detective", "ddetective", userPassword, reviewers)
	tok := k.LoginAs("ddetective", userPassword).Token
	staff := auth.NewPermissionSet(auth.ReviewReferrals, auth.ViewPersonnel)

	steps := []struct {
		name        string
		access      portal.Access
		permissions auth.PermissionSet
		careNet     bool
	}{
		{"no portal: a full user", portal.Access{}, staff, true},
		{"portal, videos only", portal.Access{Enabled: true, Video: true}, auth.PermissionSet{}, false},
		{"portal, referrals only", portal.Access{Enabled: true, Referral: portal.ReferralBoth}, auth.PermissionSet{}, false},
		{"portal with CareNet Access", portal.Access{Enabled: true, Video: true, CareNet: true}, staff, true},
		{"CareNet Access switched off again", portal.Access{Enabled: true, Video: true}, auth.PermissionSet{}, false},
		{"switches kept, portal off", portal.Access{Video: true, CareNet: true}, staff, true},
	}
	for _, st := range steps {
		_, err := k.Personnel.SetPortalAccess(k.Ctx, k.Admin.Principal, dana.ID, st.access)
		require.NoError(t, err, st.name)
		p, err := k.Auth.Authenticate(k.Ctx, tok)
		require.NoError(t, err, st.name)
		assert.Equal(t, st.permissions, p.Permissions, st.name)
		assert.Equal(t, st.careNet, p.Portal.Has(portal.UseCareNet), st.name)
		assert.Equal(t, st.careNet, p.Can(auth.ViewPersonnel), st.name)
		if !st.careNet {
			assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(p.Require(auth.ReviewReferrals)), st.name)
		}
	}
}

func TestGrantedPermissions(t *testing.T) {
	groups := []auth.SecurityGroup{
		{ID: "a", Permissions: auth.NewPermissionSet(auth.ViewPersonnel)},
		{ID: "b", Permissions: auth.NewPermissionSet(auth.ShareVideos)},
	}
	union := auth.NewPermissionSet(auth.ViewPersonnel, auth.ShareVideos)
	assert.Equal(t, union, auth.GrantedPermissions(groups, portal.Capabilities{Landing: portal.LandingCareNet, Set: portal.UseCareNet}))
	assert.Zero(t, auth.GrantedPermissions(groups, portal.Capabilities{Landing: portal.LandingDashboard, Set: portal.UsePortal | portal.ViewSharedVideos}))
	assert.Zero(t, auth.GrantedPermissions(groups, portal.Capabilities{}), "an inactive user gets nothing")
}

// TestChangePasswordCountsTowardLockout: guessing the current password
// through ChangePassword locks the account like guessing it at login.
func TestChangePasswordCountsTowardLockout(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword)
	p := k.LoginAs("sstaff", userPassword).Principal
	for range 5 {
		err := k.Auth.ChangePassword(k.Ctx, p, "a-guess-at-the-password", "amber-meadow-falcon-71")
		require.True(t, carenet.Validation(err).Has("current_password", auth.RuleIncorrect), "%v", err)
	}
	err := k.Auth.ChangePassword(k.Ctx, p, userPassword, "amber-meadow-falcon-71")
	require.True(t, carenet.Validation(err).Has("current_password", auth.RuleLocked), "%v", err)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the login is locked too")
	var failed int
	for _, e := range k.Events(audit.TargetAccount, sam.Login.AccountID) {
		if e.Action == auth.EventLoginFailed && e.Details["reason"] == "wrong_current_password" {
			failed++
		}
	}
	assert.Equal(t, 5, failed, "every wrong current password is audited")

	k.Clock.Advance(time.Minute)
	require.NoError(t, k.Auth.ChangePassword(k.Ctx, p, userPassword, "amber-meadow-falcon-71"))
	k.LoginAs("sstaff", "amber-meadow-falcon-71")
}

// TestNewPasswordBadInputChangesNothing: empty, oversized and
// control-character passwords get an Invalid error naming the field and
// rule, from ChangePassword and from a password link, and change nothing.
func TestNewPasswordBadInputChangesNothing(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword)
	p := k.LoginAs("sstaff", userPassword).Principal
	link, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, sam.Login.AccountID)
	require.NoError(t, err)
	before := readAuthState(t, k, sam.Login.AccountID, link.Token)

	cases := []struct {
		name, pw, rule string
	}{
		{"Empty", "", carenet.RuleTooShort},
		{"OneMiB", strings.Repeat("p", 1<<20), carenet.RuleTooLong},
		{"ControlChar", "violet-lantern\x00harbor-93", carenet.RuleControlChars},
		{"InvalidUTF8", "violet-lantern-\xff\xfe-harbor", carenet.RuleInvalidUTF8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := k.Auth.ChangePassword(k.Ctx, p, userPassword, c.pw)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has("password", c.rule), "%v", err)
			err = k.Auth.CompletePasswordLink(k.Ctx, link.Token, c.pw)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has("password", c.rule), "%v", err)
		})
	}
	for name, current := range map[string]string{"EmptyCurrent": "", "OneMiBCurrent": strings.Repeat("p", 1<<20)} {
		t.Run(name, func(t *testing.T) {
			err := k.Auth.ChangePassword(k.Ctx, p, current, "amber-meadow-falcon-71")
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.Equal(t, "current_password", carenet.Validation(err).Problems[0].Field)
		})
	}
	after := readAuthState(t, k, sam.Login.AccountID, link.Token)
	assert.Equal(t, before, after)
}

// TestDisableOwnTOTPNeedsThePassword: a session alone, perhaps a stolen
// one, cannot remove its account's second factor; a wrong password counts
// toward the lockout and changes nothing.
func TestDisableOwnTOTPNeedsThePassword(t *testing.T) {
	k := totpKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword)
	p := k.LoginAs("sstaff", userPassword).Principal
	enrol(t, k, p, userPassword)

	for name, c := range map[string]struct{ password, rule string }{
		"none":  {"", carenet.RuleRequired},
		"wrong": {"not my password at all", auth.RuleIncorrect},
	} {
		err := k.Auth.DisableTOTP(k.Ctx, p, p.AccountID, c.password)
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), name)
		assert.True(t, carenet.Validation(err).Has("current_password", c.rule), "%s: %v", name, err)
	}
	assert.Equal(t, 1, credentials(t, k, sam.Login.AccountID).FailedLogins, "the wrong one counted")
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.ErrorIs(t, err, auth.ErrSecondFactorRequired, "the second factor is still there")

	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, p, p.AccountID, userPassword))
	k.LoginAs("sstaff", userPassword)
}

// TestTOTPEnrolmentIsAudited: starting, confirming and removing a second
// factor, confirmed or not, each leave an audit event.
func TestTOTPEnrolmentIsAudited(t *testing.T) {
	k := totpKit(t)
	sam := k.User("Sam", "Staff", "sstaff", userPassword)
	p := k.LoginAs("sstaff", userPassword).Principal

	_, err := k.Auth.BeginTOTP(k.Ctx, p, userPassword)
	require.NoError(t, err)
	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, p, p.AccountID, userPassword), "an unconfirmed enrolment can be dropped")
	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, p, p.AccountID, userPassword), "with nothing to remove, nothing happens")
	enrol(t, k, p, userPassword)
	_, err = k.Auth.BeginTOTP(k.Ctx, p, userPassword)
	require.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "a confirmed second factor is not replaced")
	require.NoError(t, k.Auth.DisableTOTP(k.Ctx, k.Admin.Principal, p.AccountID, ""), "an administrator removes it for a lost phone")

	var got []any
	for _, e := range k.Events(audit.TargetAccount, sam.Login.AccountID) {
		switch e.Action {
		case auth.EventTOTPEnrolStarted, auth.EventTOTPEnabled:
			got = append(got, e.Action)
		case auth.EventTOTPDisabled:
			got = append(got, string(e.Action)+" was_enabled="+e.Details["was_enabled"])
		}
	}
	assert.Equal(t, []any{
		auth.EventTOTPEnrolStarted,
		"auth.totp_disabled was_enabled=false",
		auth.EventTOTPEnrolStarted,
		auth.EventTOTPEnabled,
		"auth.totp_disabled was_enabled=true",
	}, got)
}

func TestPrincipalCanDoesNotAllocate(t *testing.T) {
	p := &auth.Principal{Permissions: auth.NewPermissionSet(auth.ViewPersonnel, auth.ShareVideos)}
	var got bool
	allocs := testing.AllocsPerRun(1000, func() { got = p.Can(auth.ShareVideos) && !p.Can(auth.DeletePersonnel) })
	assert.Zero(t, allocs)
	assert.True(t, got)
}
