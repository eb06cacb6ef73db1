package auth_test

import (
	"context"
	"encoding/base32"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

var auditAll = audit.Filter{}

func credentials(t *testing.T, k *carenettest.Env, accountID string) auth.Credentials {
	t.Helper()
	var c auth.Credentials
	require.NoError(t, k.Store.Auth().View(k.Ctx, func(tx auth.Tx) error {
		var err error
		c, err = tx.Accounts().Credentials(k.Ctx, accountID)
		return err
	}))
	return c
}

// changeCredentials stores the account's credentials as change leaves
// them, in the store itself.
func changeCredentials(t *testing.T, k *carenettest.Env, accountID string, change func(*auth.Credentials)) {
	t.Helper()
	require.NoError(t, k.Store.Auth().Update(k.Ctx, func(tx auth.Tx) error {
		c, err := tx.Accounts().Credentials(k.Ctx, accountID)
		if err != nil {
			return err
		}
		change(&c)
		return tx.Accounts().SetCredentials(k.Ctx, c)
	}))
}

func setHash(t *testing.T, k *carenettest.Env, accountID, hash string) {
	t.Helper()
	changeCredentials(t, k, accountID, func(c *auth.Credentials) { c.PasswordHash = hash })
}

// setPersonInactive makes the person inactive in the store itself,
// leaving the login as it is, so no rule of the services stands in the
// way.
func setPersonInactive(t *testing.T, k *carenettest.Env, personID string) {
	t.Helper()
	require.NoError(t, k.Store.Personnel().Update(k.Ctx, func(tx personnel.Tx) error {
		p, err := tx.People().Get(k.Ctx, personID)
		if err != nil {
			return err
		}
		p.State = personnel.Inactive
		_, err = tx.People().Update(k.Ctx, p)
		return err
	}))
}

func decodeSecret(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	require.NoError(t, err)
	return b
}

func code(t *testing.T, secret []byte, at time.Time) string {
	t.Helper()
	c, err := totp.Generate(secret, at, totp.Config{})
	require.NoError(t, err)
	return c
}

// errOf drops the recovery codes ConfirmTOTP returns, for a test that
// looks only at its error.
func errOf(_ auth.RecoveryCodes, err error) error { return err }

// beginTOTP starts enrolling p's authenticator app on svc and returns the
// secret.
func beginTOTP(t *testing.T, svc *auth.Service, ctx context.Context, p *auth.Principal, pw string) []byte {
	t.Helper()
	enr, err := svc.BeginTOTP(ctx, p, pw)
	require.NoError(t, err)
	return decodeSecret(t, enr.Secret)
}

// requireField fails unless err is Invalid with a problem on field under
// rule.
func requireField(t *testing.T, err error, field, rule string) {
	t.Helper()
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
	require.True(t, carenet.Validation(err).Has(field, rule), "want %s on %s: %v", rule, field, err)
}
