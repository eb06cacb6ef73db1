package auth_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// withTOTP gives an Env's auth service a TOTP key, so second factors can
// be enrolled and required.
var withTOTP = carenettest.WithAuthConfig(func(c *auth.Config) { c.TOTPKey = make([]byte, 32) })

// requireSecondFactor makes the security group with id require a second
// factor (or not), as admin.
func requireSecondFactor(t *testing.T, svc *auth.Service, ctx context.Context, admin *auth.Principal, id string, on bool) auth.SecurityGroup {
	t.Helper()
	g, err := svc.UpdateSecurityGroup(ctx, admin, id, groupVersion(t, svc, ctx, admin, id), auth.SecurityGroupUpdate{RequireSecondFactor: &on})
	require.NoError(t, err)
	require.Equal(t, on, g.RequireSecondFactor)
	return g
}

// groupVersion is the stored version of the security group with id.
func groupVersion(t *testing.T, svc *auth.Service, ctx context.Context, admin *auth.Principal, id string) int64 {
	t.Helper()
	groups, err := svc.SecurityGroups(ctx, admin)
	require.NoError(t, err)
	for _, g := range groups {
		if g.ID == id {
			return g.Version
		}
	}
	t.Fatalf("no security group %q", id)
	return 0
}

// TestRestrictedSessionMayOnlyEnrol: a user whose security group requires
// a second factor and who has none gets, at login and at the next call of
// a session opened before, a principal with no permission and no portal
// capability; every exported call of every service that takes a principal
// refuses it with ErrEnrolSecondFactor and writes nothing, but BeginTOTP
// and ConfirmTOTP; on enrolment the same session is a full one at its next
// call, and the account's other sessions, opened with the password alone,
// end.
func TestRestrictedSessionMayOnlyEnrol(t *testing.T) {
	env := carenettest.New(t, withTOTP)
	u := env.PortalUser(portal.All)
	share := env.Share(env.Video(), u, video.ViewAndDownload)
	access, err := env.Videos.RequestAccess(env.Ctx, u.Principal, video.AccessRequest{ShareID: share.ID, Action: video.View})
	require.NoError(t, err)
	draft := env.Referral(u, referral.StatusDraft)
	require.True(t, u.Principal.Can(auth.ViewPersonnel))
	require.True(t, u.Principal.Portal.Has(portal.ViewSharedVideos))
	requireSecondFactor(t, env.Auth, env.Ctx, env.Admin.Principal, u.Principal.Groups[0], true)

	// The session opened before is restricted at its next call; a new
	// login is restricted from the start.
	before, err := env.Auth.Authenticate(env.Ctx, u.Token)
	require.NoError(t, err)
	other := env.Login(u)
	for _, p := range []*auth.Principal{before, other.Principal} {
		require.True(t, p.MustEnrolSecondFactor)
		require.Zero(t, p.Permissions.Len())
		require.Equal(t, portal.Capabilities{}, p.Portal)
		for _, perm := range env.Auth.Permissions().Permissions() {
			require.False(t, p.Can(perm.Permission), perm.Name)
		}
		require.ErrorIs(t, p.Require(auth.ViewPersonnel), auth.ErrEnrolSecondFactor)
		require.ErrorIs(t, p.RequireCapability(portal.ViewSharedVideos), auth.ErrEnrolSecondFactor)
	}
	logins, err := env.Audit.List(env.Ctx, audit.Filter{Actions: []audit.Action{auth.EventLogin}, TargetID: u.Profile.Login.AccountID})
	require.NoError(t, err)
	require.Equal(t, "enrolment_required", logins[len(logins)-1].Details["second_factor"])
	require.Empty(t, logins[0].Details["second_factor"], "the login before the rule")

	events := env.VerifyAudit()
	reviews := accessreview.NewService(env.Store.(interface{ AccessReview() accessreview.Store }).AccessReview(), env.Clock)
	called := refuseEveryCall(t, before, map[string]any{
		"auth": env.Auth, "personnel": env.Personnel, "referral": env.Referrals, "video": env.Videos, "accessreview": reviews,
	}, "auth.BeginTOTP", "auth.ConfirmTOTP", "auth.BeginPasskeyRegistration", "auth.FinishPasskeyRegistration")
	for _, name := range []string{"auth.ChangePassword", "auth.Sessions", "auth.RevokeSessions", "auth.DisableTOTP", "auth.MySessions",
		"auth.EndOtherSessions", "auth.EndSession", "auth.RegenerateRecoveryCodes", "auth.RecoveryCodesLeft", "auth.Passkeys",
		"auth.RenamePasskey", "auth.RemovePasskey", "personnel.Get",
		"video.MyVideos", "video.RequestAccess", "video.VerifyTicketFor", "referral.Mine", "referral.Submit", "accessreview.Review"} {
		require.Contains(t, called, name)
	}
	// With arguments that name the caller's own records, the calls that
	// need no permission for them refuse too.
	ctx := env.Ctx
	for name, call := range map[string]func() error{
		"personnel.Get of one's own profile": func() error { _, err := env.Personnel.Get(ctx, before, u.ID()); return err },
		"auth.Sessions of one's own account": func() error {
			_, err := env.Auth.Sessions(ctx, before, u.Profile.Login.AccountID)
			return err
		},
		"auth.RevokeSessions of one's own account": func() error {
			_, err := env.Auth.RevokeSessions(ctx, before, u.Profile.Login.AccountID)
			return err
		},
		"auth.DisableTOTP of one's own account": func() error {
			return env.Auth.DisableTOTP(ctx, before, u.Profile.Login.AccountID, u.Password)
		},
		"auth.ChangePassword with the right password": func() error {
			return env.Auth.ChangePassword(ctx, before, u.Password, "a new and long enough passphrase 7")
		},
		"auth.RegenerateRecoveryCodes with the right password": func() error {
			_, err := env.Auth.RegenerateRecoveryCodes(ctx, before, u.Password, "")
			return err
		},
		"auth.EndSession of another session of one's own": func() error { return env.Auth.EndSession(ctx, before, other.Principal.SessionID) },
		"video.RequestAccess of one's own share": func() error {
			_, err := env.Videos.RequestAccess(ctx, before, video.AccessRequest{ShareID: share.ID, Action: video.View})
			return err
		},
		"video.VerifyTicketFor of one's own ticket": func() error {
			_, err := env.Videos.VerifyTicketFor(ctx, before, access.Ticket, video.View)
			return err
		},
		"referral.GetMine of one's own referral": func() error { _, err := env.Referrals.GetMine(ctx, before, draft.ID); return err },
		"referral.Edit of one's own draft": func() error {
			_, err := env.Referrals.Edit(ctx, before, draft.ID, draft.Version, draft.Form)
			return err
		},
	} {
		require.ErrorIs(t, call(), auth.ErrEnrolSecondFactor, name)
	}
	require.Equal(t, events, env.VerifyAudit(), "a refused call wrote to the audit log")

	// Enrolling is what the session may do; then it is a full one.
	secret := beginTOTP(t, env.Auth, env.Ctx, before, u.Password)
	codes, err := env.Auth.ConfirmTOTP(env.Ctx, before, u.Password, code(t, secret, env.Clock.Now()))
	require.NoError(t, err)
	require.Len(t, codes, auth.RecoveryCodeCount)
	after, err := env.Auth.Authenticate(env.Ctx, u.Token)
	require.NoError(t, err)
	require.False(t, after.MustEnrolSecondFactor)
	require.True(t, after.Can(auth.ViewPersonnel))
	require.True(t, after.Portal.Has(portal.ViewSharedVideos))
	_, err = env.Videos.MyVideos(env.Ctx, after)
	require.NoError(t, err)
	_, err = env.Auth.Authenticate(env.Ctx, other.Token)
	require.ErrorIs(t, err, auth.ErrSessionInvalid, "a session opened with the password alone outlived the enrolment")
}

// refuseEveryCall calls every exported method of each service that takes
// a *auth.Principal (but those named in allowed and those that work
// inside a caller's transaction) with p and zero values for the rest, and
// fails the test unless each returns ErrEnrolSecondFactor. It returns the
// names of the methods it called, "pkg.Method".
func refuseEveryCall(t *testing.T, p *auth.Principal, services map[string]any, allowed ...string) []string {
	t.Helper()
	principalType := reflect.TypeOf(p)
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	errType := reflect.TypeOf((*error)(nil)).Elem()
	var called []string
	for pkg, svc := range services {
		v := reflect.ValueOf(svc)
		for i := range v.NumMethod() {
			m, name := v.Method(i), pkg+"."+v.Type().Method(i).Name
			mt := m.Type()
			args := make([]reflect.Value, mt.NumIn())
			takes, inTx := false, false
			for j := range mt.NumIn() {
				in := mt.In(j)
				switch {
				case in == principalType:
					args[j], takes = reflect.ValueOf(p), true
				case in == ctxType:
					args[j] = reflect.ValueOf(context.Background())
				case in.Kind() == reflect.Interface && in.Name() == "Tx":
					inTx = true
				default:
					args[j] = reflect.Zero(in)
				}
			}
			if !takes || inTx || mt.NumOut() == 0 || mt.Out(mt.NumOut()-1) != errType || contains(allowed, name) {
				continue
			}
			out := m.Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			require.True(t, errors.Is(err, auth.ErrEnrolSecondFactor), "%s with a session that must enrol a second factor: err = %v", name, err)
			require.Equal(t, carenet.SecondFactorEnrolmentRequired, carenet.ErrorCode(err), name)
			called = append(called, name)
		}
	}
	return called
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestRestrictedSessionMaySignOut: a session that must enrol a second
// factor may end itself, with EndSession or Logout, and is gone then.
func TestRestrictedSessionMaySignOut(t *testing.T) {
	env := carenettest.New(t, withTOTP)
	u := env.Staff()
	requireSecondFactor(t, env.Auth, env.Ctx, env.Admin.Principal, u.Principal.Groups[0], true)
	a, b := env.Login(u), env.Login(u)
	require.True(t, a.Principal.MustEnrolSecondFactor)
	require.NoError(t, env.Auth.EndSession(env.Ctx, a.Principal, a.Principal.SessionID))
	require.NoError(t, env.Auth.Logout(env.Ctx, b.Token))
	for _, token := range []string{a.Token, b.Token} {
		_, err := env.Auth.Authenticate(env.Ctx, token)
		require.ErrorIs(t, err, auth.ErrSessionInvalid)
	}
	require.Equal(t, []audit.Action{auth.EventSessionEnded}, env.Actions(audit.TargetSession, a.Principal.SessionID))
	require.Equal(t, []audit.Action{auth.EventLogout}, env.Actions(audit.TargetSession, b.Principal.SessionID))
}
