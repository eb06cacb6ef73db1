package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
)

// TestResealTOTPMovesSecretsToTheCurrentKey: reseal-totp reads the ring
// from standard input and re-seals every enrolled secret under -current;
// a malformed key line is a usage error that changes nothing.
func TestResealTOTPMovesSecretsToTheCurrentKey(t *testing.T) {
	dsn := migrated(t)
	ctx := context.Background()
	k1, k2 := bytes.Repeat([]byte{1}, totp.KeyBytes), bytes.Repeat([]byte{2}, totp.KeyBytes)
	old, err := totp.NewKeyRing("k1", map[string][]byte{"k1": k1})
	require.NoError(t, err)
	store, a, people := storeServicesWith(t, dsn, auth.Config{TOTPKeys: old})
	const pw = "correct horse battery staple"
	res := loggedInAdmin(t, a, people, pw)
	_, err = a.BeginTOTP(ctx, res.Principal, pw)
	require.NoError(t, err)
	acct := res.Principal.AccountID
	keyID := func() string {
		var id string
		require.NoError(t, store.Auth().View(ctx, func(tx auth.Tx) error {
			cr, err := tx.Accounts().Credentials(ctx, acct)
			id = totp.KeyID(cr.TOTPSecret)
			return err
		}))
		return id
	}
	require.Equal(t, "k1", keyID())

	r := runIn(dsn, "k1=not base64\n", "reseal-totp", "-current", "k2")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Equal(t, "k1", keyID())

	ring := "k1=" + base64.StdEncoding.EncodeToString(k1) + "\nk2=" + base64.StdEncoding.EncodeToString(k2) + "\n"
	r = runIn(dsn, ring, "reseal-totp", "-current", "k2")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "1 re-sealed under k2")
	assert.Equal(t, "k2", keyID())
	assert.NotContains(t, r.stdout+r.stderr, base64.StdEncoding.EncodeToString(k2), "no key is printed")

	r = runIn(dsn, ring, "reseal-totp", "-current", "k2", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.JSONEq(t, `{"resealed":0,"current":1,"unreadable":[]}`, r.stdout)
}
