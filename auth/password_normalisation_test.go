package auth_test

import (
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/argon2"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/carenettest"
)

// One password in two Unicode normalisation forms: "è", "û" and "é" as one
// code point each (NFC), and as a letter and a combining accent (NFD).
const (
	cremeNFC = "Cr\u00e8me-br\u00fbl\u00e9e-7"
	cremeNFD = "Cre\u0300me-bru\u0302le\u0301e-7"
)

// TestLoginAcceptsThePasswordInAnyNormalisationForm proves that a password
// set in NFC logs in when typed in NFD, and the other way round.
func TestLoginAcceptsThePasswordInAnyNormalisationForm(t *testing.T) {
	for name, forms := range map[string][2]string{
		"set in NFC, typed in NFD": {cremeNFC, cremeNFD},
		"set in NFD, typed in NFC": {cremeNFD, cremeNFC},
	} {
		t.Run(name, func(t *testing.T) {
			k := newKit(t)
			k.User("Dana", "Okafor", "dokafor", forms[0])
			for _, typed := range forms {
				res, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "dokafor", Password: typed})
				require.NoError(t, err, "typed %q", typed)
				assert.NotEmpty(t, res.Token)
			}
			_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "dokafor", Password: "Creme-brulee-7"})
			assert.ErrorIs(t, err, auth.ErrLoginFailed, "accents still count")
		})
	}
}

// TestLoginUpgradesAHashOfAnUnnormalisedPassword proves that a hash stored
// before passwords were normalised (of the bytes as typed, here NFD) still
// logs in with those bytes, and that the login replaces it, audited, by a
// hash of the normalised password, which then logs in in either form.
func TestLoginUpgradesAHashOfAnUnnormalisedPassword(t *testing.T) {
	k := newKit(t)
	p := k.User("Dana", "Okafor", "dokafor", "tjvq-bnmz-xk-7")
	accountID := p.Login.AccountID

	params := carenettest.FastHasher.Params
	salt := make([]byte, params.SaltLength)
	_, err := rand.Read(salt)
	require.NoError(t, err)
	key := argon2.IDKey([]byte(cremeNFD), salt, params.Iterations, params.Memory, params.Parallelism, params.KeyLength)
	legacy := password.PHC{Algorithm: password.AlgorithmArgon2id, Version: password.Argon2Version, Params: params, Salt: salt, Key: key}.String()
	setHash(t, k, accountID, legacy)

	k.LoginAs("dokafor", cremeNFD)
	upgraded := credentials(t, k, accountID).PasswordHash
	require.NotEqual(t, legacy, upgraded, "the login replaced the hash")
	ok, rehash, err := carenettest.FastHasher.Verify(cremeNFC, upgraded)
	require.NoError(t, err)
	assert.True(t, ok, "the new hash is of the normalised password")
	assert.False(t, rehash)

	events := k.Events(audit.TargetAccount, accountID)
	require.NotEmpty(t, events)
	last := events[len(events)-1]
	assert.Equal(t, auth.EventLogin, last.Action)
	assert.Equal(t, "true", last.Details["rehashed"])

	k.LoginAs("dokafor", cremeNFC)
	k.LoginAs("dokafor", cremeNFD)
	assert.Equal(t, upgraded, credentials(t, k, accountID).PasswordHash, "a normalised hash is kept")
}

// TestChangePasswordAcceptsTheCurrentPasswordInAnyNormalisationForm proves
// that the current password is accepted when typed in another form than it
// was set in, and that the new one, set in NFD, logs in typed in NFC.
func TestChangePasswordAcceptsTheCurrentPasswordInAnyNormalisationForm(t *testing.T) {
	k := newKit(t)
	k.User("Dana", "Okafor", "dokafor", cremeNFC)
	res := k.LoginAs("dokafor", cremeNFD)

	require.NoError(t, k.Auth.ChangePassword(k.Ctx, res.Principal, cremeNFD, "Gru\u0308ner-Veltliner-9"))
	k.LoginAs("dokafor", "Gr\u00fcner-Veltliner-9")
}
