package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/testkit"
)

// errAuditDown is what the failing audit log returns: a foreign error whose
// text must never reach an end user.
var errAuditDown = errors.New("audit volume full: /var/lib/audit")

// auditTx is an auth.Tx whose audit log is the one given.
type auditTx struct {
	auth.Tx
	log audit.Repository
}

func (t auditTx) Audit() audit.Repository { return t.log }

// auditDownStore returns store with an audit log that refuses every append,
// so every security-relevant change must fail and leave nothing behind.
func auditDownStore(store auth.Store) auth.Store {
	store, auditLog := testkit.FailAudit(store, errAuditDown, func(tx auth.Tx, log audit.Repository) auth.Tx { return auditTx{tx, log} })
	auditLog.Fail(true)
	return store
}

// TestChangesRollBackWithTheirAuditEvent checks that every security-relevant
// change auth makes writes its audit event in the same transaction: when the
// event cannot be written, the change fails with an internal error whose
// text stays out of the user's sight, and nothing of it is stored.
func TestChangesRollBackWithTheirAuditEvent(t *testing.T) {
	k := totpKit(t)
	group := k.Group("Intake", auth.ViewPersonnel)
	sam := k.User("Sam", "Staff", "sstaff", userPassword)
	acct := sam.Login.AccountID
	here := k.LoginAs("sstaff", userPassword)
	there := k.LoginAs("sstaff", userPassword)
	link, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, acct)
	require.NoError(t, err)

	cfg := k.Auth.Config()
	bad, err := auth.NewService(auditDownStore(k.Store.Auth()), cfg)
	require.NoError(t, err)

	// A second factor to confirm, and one to disable, made through the
	// working service.
	enrolled := k.User("Tia", "Totp", "ttotp", userPassword)
	enrol(t, k, k.LoginAs("ttotp", userPassword).Principal, userPassword)
	k.Clock.Advance(30 * time.Second)

	newName := "Renamed"
	cases := []struct {
		name    string
		account string
		op      func() error
	}{
		{"Login", acct, func() error {
			_, err := bad.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
			return err
		}},
		{"LoginFailureCount", acct, func() error {
			_, err := bad.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: "not-the-password"})
			return err
		}},
		{"Logout", acct, func() error { return bad.Logout(k.Ctx, there.Token) }},
		{"RevokeSessions", acct, func() error {
			_, err := bad.RevokeSessions(k.Ctx, k.Admin.Principal, acct)
			return err
		}},
		{"EndSession", acct, func() error { return bad.EndSession(k.Ctx, here.Principal, there.Session.ID) }},
		{"EndOtherSessions", acct, func() error {
			_, err := bad.EndOtherSessions(k.Ctx, here.Principal)
			return err
		}},
		{"ChangePassword", acct, func() error {
			return bad.ChangePassword(k.Ctx, here.Principal, userPassword, "amber-meadow-falcon-71")
		}},
		{"ChangePasswordWrongCurrent", acct, func() error {
			return bad.ChangePassword(k.Ctx, here.Principal, "not-the-password", "amber-meadow-falcon-71")
		}},
		{"IssuePasswordLink", acct, func() error {
			_, err := bad.IssuePasswordLink(k.Ctx, k.Admin.Principal, acct)
			return err
		}},
		{"CompletePasswordLink", acct, func() error {
			return bad.CompletePasswordLink(k.Ctx, link.Token, "amber-meadow-falcon-71")
		}},
		{"CreateSecurityGroup", acct, func() error {
			_, err := bad.CreateSecurityGroup(k.Ctx, k.Admin.Principal, "Billing", "", auth.NewPermissionSet(auth.ViewAudit))
			return err
		}},
		{"UpdateSecurityGroup", acct, func() error {
			_, err := bad.UpdateSecurityGroup(k.Ctx, k.Admin.Principal, group, 1, auth.SecurityGroupUpdate{Name: &newName})
			return err
		}},
		{"DeleteSecurityGroup", acct, func() error { return bad.DeleteSecurityGroup(k.Ctx, k.Admin.Principal, group) }},
		{"BeginTOTP", acct, func() error {
			_, err := bad.BeginTOTP(k.Ctx, here.Principal, userPassword)
			return err
		}},
		{"DisableTOTP", enrolled.Login.AccountID, func() error { return bad.DisableTOTP(k.Ctx, k.Admin.Principal, enrolled.Login.AccountID, "") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := readAuthState(t, k, c.account, link.Token)
			err := c.op()
			require.Error(t, err)
			assert.ErrorIs(t, err, errAuditDown)
			assert.Equal(t, carenet.Internal, carenet.ErrorCode(err))
			assert.NotContains(t, carenet.ErrorMessage(err), "audit volume", "a store's text never reaches the user")
			assert.Equal(t, before, readAuthState(t, k, c.account, link.Token), "nothing of the change is stored")
		})
	}

	// The working service still does every one of them.
	_, err = k.Auth.Authenticate(k.Ctx, there.Token)
	require.NoError(t, err, "the failed logout left the session alive")
	require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, "amber-meadow-falcon-71"), "the failed completion left the link usable")
	k.LoginAs("sstaff", "amber-meadow-falcon-71")
}

// TestConfirmTOTPRollsBackWithItsAuditEvent: confirming a second factor
// whose event cannot be written leaves the account without one.
func TestConfirmTOTPRollsBackWithItsAuditEvent(t *testing.T) {
	k := totpKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	sam := k.LoginAs("sstaff", userPassword).Principal
	secret := beginTOTP(t, k.Auth, k.Ctx, sam, userPassword)
	bad, err := auth.NewService(auditDownStore(k.Store.Auth()), k.Auth.Config())
	require.NoError(t, err)

	err = errOf(bad.ConfirmTOTP(k.Ctx, sam, userPassword, code(t, secret, k.Clock.Now())))
	require.ErrorIs(t, err, errAuditDown)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
	require.NoError(t, err, "no second factor is required: the confirmation rolled back")
}
