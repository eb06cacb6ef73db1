package totp_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/totp"
)

var (
	sealKey  = bytes.Repeat([]byte{0x42}, totp.KeyBytes)
	otherKey = bytes.Repeat([]byte{0x24}, totp.KeyBytes)
)

func TestSealOpenRoundTrip(t *testing.T) {
	fresh, err := totp.NewSecret()
	require.NoError(t, err)
	tests := []struct {
		name   string
		secret []byte
	}{
		{"new secret", fresh},
		{"64-byte secret", seedSHA512},
		{"one byte", []byte{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed, err := totp.Seal(sealKey, tt.secret)
			require.NoError(t, err)
			if len(tt.secret) > 1 {
				assert.False(t, bytes.Contains(sealed, tt.secret), "the secret must not appear in clear")
			}
			assert.Len(t, sealed, 1+12+len(tt.secret)+16)

			opened, err := totp.Open(sealKey, sealed)
			require.NoError(t, err)
			assert.Equal(t, tt.secret, opened)
		})
	}
}

func TestSealUsesFreshNonce(t *testing.T) {
	a, err := totp.Seal(sealKey, seedSHA1)
	require.NoError(t, err)
	b, err := totp.Seal(sealKey, seedSHA1)
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
	assert.NotEqual(t, a[1:13], b[1:13], "nonces differ")
}

func TestSealDoesNotKeepInput(t *testing.T) {
	secret := append([]byte(nil), seedSHA1...)
	sealed, err := totp.Seal(sealKey, secret)
	require.NoError(t, err)
	secret[0] ^= 0xff // the caller may wipe its copy
	opened, err := totp.Open(sealKey, sealed)
	require.NoError(t, err)
	assert.Equal(t, seedSHA1, opened)
}

func TestOpenRefuses(t *testing.T) {
	sealed, err := totp.Seal(sealKey, seedSHA1)
	require.NoError(t, err)
	flip := func(i int) []byte {
		b := append([]byte(nil), sealed...)
		b[i] ^= 0x01
		return b
	}
	tests := []struct {
		name        string
		key, sealed []byte
		field, rule string
		msg         string
	}{
		{"wrong key", otherKey, sealed, "sealed", carenet.RuleFormat, "the key is wrong or the value was altered"},
		{"nil value", sealKey, nil, "sealed", carenet.RuleRequired, "is empty"},
		{"version only", sealKey, sealed[:1], "sealed", carenet.RuleFormat, "is truncated"},
		{"no ciphertext", sealKey, sealed[:1+12+16], "sealed", carenet.RuleFormat, "the key is wrong or the value was altered"},
		{"one byte short", sealKey, sealed[:len(sealed)-1], "sealed", carenet.RuleFormat, "the key is wrong or the value was altered"},
		{"one byte extra", sealKey, append(append([]byte(nil), sealed...), 0), "sealed", carenet.RuleFormat, "the key is wrong or the value was altered"},
		{"unknown version", sealKey, flip(0), "sealed", carenet.RuleFormat, "unknown format"},
		{"nonce altered", sealKey, flip(5), "sealed", carenet.RuleFormat, "the key is wrong or the value was altered"},
		{"ciphertext altered", sealKey, flip(20), "sealed", carenet.RuleFormat, "the key is wrong or the value was altered"},
		{"tag altered", sealKey, flip(len(sealed) - 1), "sealed", carenet.RuleFormat, "the key is wrong or the value was altered"},
		{"nil key", nil, sealed, "key", carenet.RuleFormat, "must be 32 bytes"},
		{"AES-128 key", sealKey[:16], sealed, "key", carenet.RuleFormat, "must be 32 bytes"},
		{"33-byte key", append(append([]byte(nil), sealKey...), 0), sealed, "key", carenet.RuleFormat, "must be 32 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := totp.Open(tt.key, tt.sealed)
			requireInvalid(t, err, tt.field, tt.rule)
			assert.Contains(t, carenet.ErrorMessage(err), tt.msg)
			assert.Nil(t, got)
		})
	}
}

func TestOpenRefusesEveryAlteration(t *testing.T) {
	sealed, err := totp.Seal(sealKey, seedSHA1)
	require.NoError(t, err)
	for i := range sealed {
		for _, bit := range []byte{0x01, 0x80} {
			altered := append([]byte(nil), sealed...)
			altered[i] ^= bit
			if _, err := totp.Open(sealKey, altered); carenet.ErrorCode(err) != carenet.Invalid {
				t.Errorf("byte %d bit %#x altered: err %v, want invalid", i, bit, err)
			}
		}
	}
	for n := range len(sealed) {
		if _, err := totp.Open(sealKey, sealed[:n]); carenet.ErrorCode(err) != carenet.Invalid {
			t.Errorf("truncated to %d bytes: err %v, want invalid", n, err)
		}
	}
}

func TestSealRefuses(t *testing.T) {
	tests := []struct {
		name        string
		key, secret []byte
		field, rule string
	}{
		{"nil key", nil, seedSHA1, "key", carenet.RuleFormat},
		{"16-byte key", sealKey[:16], seedSHA1, "key", carenet.RuleFormat},
		{"nil secret", sealKey, nil, "secret", carenet.RuleRequired},
		{"empty secret", sealKey, []byte{}, "secret", carenet.RuleRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := totp.Seal(tt.key, tt.secret)
			requireInvalid(t, err, tt.field, tt.rule)
			assert.Nil(t, got)
		})
	}
	for _, n := range []int{0, 1, 24, 31, 33, 64} {
		t.Run("key of "+strconv.Itoa(n)+" bytes", func(t *testing.T) {
			_, err := totp.Seal(make([]byte, n), seedSHA1)
			requireInvalid(t, err, "key", carenet.RuleFormat)
		})
	}
}
