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
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// TestResealTOTPMovesSecretsToTheCurrentKey: reseal-totp reads the ring
// from standard input and re-seals every enrolled secret under -current;
// a malformed key line is a usage error that changes nothing.
func TestResealTOTPMovesSecretsToTheCurrentKey(t *testing.T) {
	dsn := migrated(t)
	ctx := context.Background()
	k1, k2 := bytes.Repeat([]byte{1}, totp.KeyBytes), bytes.Repeat([]byte{2}, totp.KeyBytes)
	store, err := postgres.Open(dsn)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	old, err := totp.NewKeyRing("k1", map[string][]byte{"k1": k1})
	require.NoError(t, err)
	a, err := auth.NewService(store.Auth(), auth.Config{TOTPKeys: old})
	require.NoError(t, err)
	people := personnel.NewService(store.Personnel(), a, personnel.Config{})
	const pw = "correct horse battery staple"
	c, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: pw},
	})
	require.NoError(t, err)
	res, err := a.Login(ctx, auth.LoginRequest{Username: "ada", Password: pw})
	require.NoError(t, err)
	_, err = a.BeginTOTP(ctx, res.Principal, pw)
	require.NoError(t, err)
	acct := c.Profile.Login.AccountID
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
