package totp_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/totp"
)

var (
	ringKey1 = bytes.Repeat([]byte{1}, totp.KeyBytes)
	ringKey2 = bytes.Repeat([]byte{2}, totp.KeyBytes)
)

// TestKeyRingOpensWhatAnyOfItsKeysSealed: a value names the key that
// sealed it and opens with any ring that holds that key, so a ring with a
// new current key still opens values sealed under the old; a value made
// by Seal, with no key ID, opens too.
func TestKeyRingOpensWhatAnyOfItsKeysSealed(t *testing.T) {
	old, err := totp.NewKeyRing("k1", map[string][]byte{"k1": ringKey1})
	require.NoError(t, err)
	secret := []byte("12345678901234567890")
	sealed, err := old.Seal(secret)
	require.NoError(t, err)
	assert.Equal(t, "k1", totp.KeyID(sealed))
	legacy, err := totp.Seal(ringKey1, secret)
	require.NoError(t, err)
	assert.Equal(t, "", totp.KeyID(legacy))

	rotated, err := totp.NewKeyRing("k2", map[string][]byte{"k1": ringKey1, "k2": ringKey2})
	require.NoError(t, err)
	for name, v := range map[string][]byte{"sealed under k1": sealed, "sealed without a key ID": legacy} {
		got, id, err := rotated.Open(v)
		require.NoError(t, err, name)
		assert.Equal(t, secret, got, name)
		assert.Equal(t, "k1", id, name)
	}
	fresh, err := rotated.Seal(secret)
	require.NoError(t, err)
	assert.Equal(t, "k2", totp.KeyID(fresh))
	_, _, err = old.Open(fresh)
	assert.True(t, carenet.Validation(err).Has("sealed", carenet.RuleOneOf), "a key the ring lacks: %v", err)

	altered := bytes.Clone(fresh)
	altered[len(altered)-1] ^= 1
	_, _, err = rotated.Open(altered)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	relabelled := append([]byte{2, 2, 'k', '1'}, fresh[4:]...)
	_, _, err = rotated.Open(relabelled)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "the key ID is authenticated")
	_, _, err = rotated.Open(fresh[:10])
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
}

// TestNewKeyRingRefusesBadKeys: a current key not in the ring, a key of
// the wrong size or a misshapen key ID is an Invalid error naming it.
func TestNewKeyRingRefusesBadKeys(t *testing.T) {
	cases := []struct {
		current string
		keys    map[string][]byte
		field   string
		rule    string
	}{
		{"", map[string][]byte{"k1": ringKey1}, "current", carenet.RuleRequired},
		{"k2", map[string][]byte{"k1": ringKey1}, "current", carenet.RuleOneOf},
		{"k1", map[string][]byte{"k1": ringKey1[:16]}, "keys[k1]", carenet.RuleFormat},
		{"k 1", map[string][]byte{"k 1": ringKey1}, "keys", carenet.RuleFormat},
	}
	for _, c := range cases {
		_, err := totp.NewKeyRing(c.current, c.keys)
		assert.True(t, carenet.Validation(err).Has(c.field, c.rule), "%+v: %v", c, err)
	}
}
