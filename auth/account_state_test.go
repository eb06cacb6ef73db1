package auth_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// accountRecords is what auth keeps about one account, the account, its
// credentials and its sessions, with the security groups.
type accountRecords struct {
	Account     auth.Account
	Credentials auth.Credentials
	Sessions    []auth.Session
	Groups      []auth.SecurityGroup
}

// readAccountRecords reads the records of accountID in tx.
func readAccountRecords(ctx context.Context, tx auth.Tx, accountID string) (accountRecords, error) {
	var r accountRecords
	var err error
	if r.Account, err = tx.Accounts().Get(ctx, accountID); err != nil {
		return r, err
	}
	if r.Credentials, err = tx.Accounts().Credentials(ctx, accountID); err != nil {
		return r, err
	}
	if r.Sessions, err = tx.Sessions().ListByAccount(ctx, accountID); err != nil {
		return r, err
	}
	r.Groups, err = tx.SecurityGroups().List(ctx)
	return r, err
}

// authState is everything auth keeps about one account, read through the
// repositories, plus the whole audit log.
type authState struct {
	accountRecords
	Link   auth.PasswordToken
	Events int
}

func readAuthState(t *testing.T, k *carenettest.Env, accountID, linkToken string) authState {
	t.Helper()
	var st authState
	require.NoError(t, k.Store.Auth().View(k.Ctx, func(tx auth.Tx) error {
		var err error
		if st.accountRecords, err = readAccountRecords(k.Ctx, tx, accountID); err != nil {
			return err
		}
		hash, err := auth.ParseToken(auth.LinkTokenPrefix, linkToken)
		if err != nil {
			return err
		}
		if st.Link, err = tx.PasswordTokens().Find(k.Ctx, hash); err != nil {
			return err
		}
		events, err := tx.Audit().List(k.Ctx, audit.Filter{})
		st.Events = len(events)
		return err
	}))
	return st
}

// accountState is what auth keeps about one account and the security
// groups, with the number of audit events: a refusal leaves it as it was.
type accountState struct {
	accountRecords
	Events int
}

func readAccountState(t *testing.T, k *carenettest.Env, accountID string) accountState {
	t.Helper()
	var r accountRecords
	require.NoError(t, k.Store.Auth().View(k.Ctx, func(tx auth.Tx) (err error) {
		r, err = readAccountRecords(k.Ctx, tx, accountID)
		return err
	}))
	return accountState{accountRecords: r, Events: k.EventCount()}
}
