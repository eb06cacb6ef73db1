package auth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/carenettest"
)

// errUndone ends the first attempt of a retrying store's transaction.
var errUndone = errors.New("undone, as by a serialization failure")

// retrying is a store that runs every write transaction twice, as a store
// retrying a serialization failure does: the first attempt runs to its end
// and is undone, the second commits.
type retrying struct {
	carenet.Transactor[auth.Tx]
	attempts int
}

func (r *retrying) Update(ctx context.Context, fn func(tx auth.Tx) error) error {
	r.attempts++
	err := r.Transactor.Update(ctx, func(tx auth.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errUndone
	})
	if !errors.Is(err, errUndone) {
		return err
	}
	r.attempts++
	return r.Transactor.Update(ctx, fn)
}

// TestRetriedTransactionsCountOnce: on a store that retries every write
// transaction, what a call reports is what the attempt that committed
// did: ResealTOTPSecrets counts a secret once, and a failed login is
// counted and audited once.
func TestRetriedTransactionsCountOnce(t *testing.T) {
	k := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.TOTPKey = totpKey1 }))
	sam := k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	enrolUser(t, k, "sstaff")
	acct := sam.Login.AccountID

	st := &retrying{Transactor: k.Store.Auth()}
	cfg := k.Auth.Config()
	cfg.TOTPKey, cfg.TOTPKeys = nil, ring(t, "k2", map[string][]byte{"default": totpKey1, "k2": totpKey2})
	svc, err := auth.NewService(st, cfg)
	require.NoError(t, err)

	before := len(k.Events(audit.TargetAccount, acct))
	rep, err := svc.ResealTOTPSecrets(k.Ctx)
	require.NoError(t, err)
	require.Equal(t, 2, st.attempts, "the store retried the re-seal")
	assert.Equal(t, 1, rep.Resealed, "one secret re-sealed, counted once")
	assert.Zero(t, rep.Current)
	assert.Empty(t, rep.Unreadable)
	assert.Equal(t, "k2", totp.KeyID(credentials(t, k, acct).TOTPSecret))
	assert.Len(t, k.Events(audit.TargetAccount, acct), before+1, "one re-seal recorded")

	_, err = svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: "not " + userPassword})
	assert.ErrorIs(t, err, auth.ErrLoginFailed, "the committed attempt's refusal, not the undone one's")
	assert.Equal(t, 1, credentials(t, k, acct).FailedLogins, "the failure counted once")
	ev := k.Events(audit.TargetAccount, acct)
	require.Len(t, ev, before+2)
	assert.Equal(t, auth.EventLoginFailed, ev[len(ev)-1].Action)
	k.VerifyAudit()
}
