package auth_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/carenettest"
)

var (
	totpKey1 = bytes.Repeat([]byte{1}, totp.KeyBytes)
	totpKey2 = bytes.Repeat([]byte{2}, totp.KeyBytes)
)

func ring(t *testing.T, current string, keys map[string][]byte) *totp.KeyRing {
	t.Helper()
	r, err := totp.NewKeyRing(current, keys)
	require.NoError(t, err)
	return r
}

// enrolUser gives the user a confirmed second factor and returns its
// secret, with the clock past the step of the code that confirmed it.
func enrolUser(t *testing.T, k *carenettest.Env, username string) []byte {
	t.Helper()
	secret := enrol(t, k, k.LoginAs(username, userPassword).Principal, userPassword)
	k.Clock.Advance(30 * time.Second)
	return secret
}

// rotated is a service over k's store whose TOTP ring is r.
func rotated(t *testing.T, k *carenettest.Env, r *totp.KeyRing) *auth.Service {
	t.Helper()
	cfg := k.Auth.Config()
	cfg.TOTPKey, cfg.TOTPKeys = nil, r
	svc, err := auth.NewService(k.Store.Auth(), cfg)
	require.NoError(t, err)
	return svc
}

// TestRotatedTOTPKeyKeepsSecondFactorsWorking: after a new key is made
// current, with the old one kept in the ring, an enrolled user still signs
// in with their code (no wrong-code failure), and that sign-in re-seals
// their secret under the new key.
func TestRotatedTOTPKeyKeepsSecondFactorsWorking(t *testing.T) {
	k := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) {
		c.TOTPKeys = ring(t, "k1", map[string][]byte{"k1": totpKey1})
	}))
	sam := k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	secret := enrolUser(t, k, "sstaff")
	acct := sam.Login.AccountID
	assert.Equal(t, "k1", totp.KeyID(credentials(t, k, acct).TOTPSecret))

	svc := rotated(t, k, ring(t, "k2", map[string][]byte{"k1": totpKey1, "k2": totpKey2}))
	_, err := svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: code(t, secret, k.Clock.Now())})
	require.NoError(t, err)
	c := credentials(t, k, acct)
	assert.Equal(t, "k2", totp.KeyID(c.TOTPSecret), "the sign-in re-sealed the secret")
	assert.Zero(t, c.FailedLogins)
	ev := k.Events(audit.TargetAccount, acct)
	assert.Equal(t, "true", ev[len(ev)-1].Details["totp_resealed"])

	k.Clock.Advance(30 * time.Second)
	only2 := rotated(t, k, ring(t, "k2", map[string][]byte{"k2": totpKey2}))
	_, err = only2.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: code(t, secret, k.Clock.Now())})
	require.NoError(t, err, "the old key can go once the secret is re-sealed")
}

// TestResealTOTPSecretsMovesEverySecretToTheCurrentKey: the re-seal
// operation moves every enrolled secret, those sealed without a key ID
// included, to the current key, audits each, reports those no key opens,
// and does nothing more when run again.
func TestResealTOTPSecretsMovesEverySecretToTheCurrentKey(t *testing.T) {
	k := newKit(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.TOTPKey = totpKey1 }))
	sam := k.User("Sam", "Staff", "sstaff", userPassword, k.Group("Plain", auth.ViewPersonnel))
	ann := k.User("Ann", "Other", "aother", userPassword, k.Group("Plain2", auth.ViewPersonnel))
	lost := k.User("Lou", "Lost", "llost", userPassword, k.Group("Plain3", auth.ViewPersonnel))
	samSecret := enrolUser(t, k, "sstaff")
	annSecret := enrolUser(t, k, "aother")
	enrolUser(t, k, "llost")
	// Ann's secret as an older release sealed it: no key ID.
	c := credentials(t, k, ann.Login.AccountID)
	var err error
	c.TOTPSecret, err = totp.Seal(totpKey1, annSecret)
	require.NoError(t, err)
	setCredentials(t, k, c)
	// Lou's under a key no one holds any more.
	c = credentials(t, k, lost.Login.AccountID)
	c.TOTPSecret, err = totp.Seal(bytes.Repeat([]byte{9}, totp.KeyBytes), []byte("gone"))
	require.NoError(t, err)
	setCredentials(t, k, c)

	svc := rotated(t, k, ring(t, "k2", map[string][]byte{"default": totpKey1, "k2": totpKey2}))
	rep, err := svc.ResealTOTPSecrets(k.Ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Resealed)
	assert.Equal(t, []string{lost.Login.AccountID}, rep.Unreadable)
	for _, acct := range []string{sam.Login.AccountID, ann.Login.AccountID} {
		assert.Equal(t, "k2", totp.KeyID(credentials(t, k, acct).TOTPSecret))
		ev := k.Events(audit.TargetAccount, acct)
		last := ev[len(ev)-1]
		assert.Equal(t, auth.EventTOTPResealed, last.Action)
		assert.Equal(t, "k2", last.Details["key_after"])
	}
	k.VerifyAudit()

	again, err := svc.ResealTOTPSecrets(k.Ctx)
	require.NoError(t, err)
	assert.Zero(t, again.Resealed)
	assert.Equal(t, 2, again.Current)

	only2 := rotated(t, k, ring(t, "k2", map[string][]byte{"k2": totpKey2}))
	for name, secret := range map[string][]byte{"sstaff": samSecret, "aother": annSecret} {
		_, err = only2.Login(k.Ctx, auth.LoginRequest{Username: name, Password: userPassword, TOTPCode: code(t, secret, k.Clock.Now())})
		require.NoError(t, err, name)
	}

	_, err = auth.NewService(k.Store.Auth(), auth.Config{TOTPKey: totpKey1, TOTPKeys: ring(t, "k2", map[string][]byte{"k2": totpKey2})})
	assert.True(t, carenet.Validation(err).Has("TOTPKeys", carenet.RuleNotAllowed), "both a key and a ring: %v", err)
	_, err = newKit(t).Auth.ResealTOTPSecrets(k.Ctx)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "no key configured")
}

func setCredentials(t *testing.T, k *carenettest.Env, c auth.Credentials) {
	t.Helper()
	require.NoError(t, k.Store.Auth().Update(k.Ctx, func(tx auth.Tx) error { return tx.Accounts().SetCredentials(k.Ctx, c) }))
}
