package password_test

import (
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"

	"github.com/carenet-go/carenet/auth/password"
)

// Two spellings of one password: "é" as one code point (NFC), and as "e"
// and a combining acute accent (NFD).
const (
	cremeNFC = "cr\u00e8me br\u00fbl\u00e9e"
	cremeNFD = "cre\u0300me bru\u0302le\u0301e"
)

// rawHash returns an argon2id hash of the bytes of pw as given, as Hash
// made before passwords were normalised.
func rawHash(t *testing.T, pw string) string {
	t.Helper()
	salt := make([]byte, cheap.SaltLength)
	_, err := rand.Read(salt)
	require.NoError(t, err)
	key := argon2.IDKey([]byte(pw), salt, cheap.Iterations, cheap.Memory, cheap.Parallelism, cheap.KeyLength)
	return password.PHC{Algorithm: password.AlgorithmArgon2id, Version: password.Argon2Version, Params: cheap, Salt: salt, Key: key}.String()
}

// TestHasherHashIsOfTheNormalisedPassword proves that Hash stores NFKC: the
// hash of a password typed in NFD is the hash of its NFC spelling.
func TestHasherHashIsOfTheNormalisedPassword(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	encoded, err := hasher.Hash(cremeNFD)
	require.NoError(t, err)
	phc, err := password.ParsePHC(encoded)
	require.NoError(t, err)
	want := argon2.IDKey([]byte(cremeNFC), phc.Salt, cheap.Iterations, cheap.Memory, cheap.Parallelism, cheap.KeyLength)
	assert.Equal(t, want, phc.Key)
}

// TestHasherVerifiesHashesOfRawPasswords proves that a hash made from the
// bytes as typed, before passwords were normalised, still verifies with the
// same bytes, and asks to be replaced by a hash of the normalised password,
// which then verifies in either spelling.
func TestHasherVerifiesHashesOfRawPasswords(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	bcryptNFD, err := bcrypt.GenerateFromPassword([]byte(cremeNFD), bcrypt.MinCost)
	require.NoError(t, err)

	for name, stored := range map[string]string{
		"argon2id of NFD bytes": rawHash(t, cremeNFD),
		"bcrypt of NFD bytes":   string(bcryptNFD),
	} {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := hasher.Verify(cremeNFD, stored)
			require.NoError(t, err)
			assert.True(t, ok, "the bytes the hash was made from verify")
			assert.True(t, rehash, "a hash of unnormalised bytes is due for replacement")

			ok, rehash, err = hasher.Verify(cremeNFD+"x", stored)
			require.NoError(t, err)
			assert.False(t, ok)
			assert.False(t, rehash)

			fresh, err := hasher.Hash(cremeNFD)
			require.NoError(t, err)
			for _, typed := range []string{cremeNFC, cremeNFD} {
				ok, rehash, err := hasher.Verify(typed, fresh)
				require.NoError(t, err)
				assert.True(t, ok, "%q against the replacement", typed)
				assert.False(t, rehash)
			}
		})
	}
}

// TestHasherNormalisedHashNeedsNoRehash checks that an ASCII (always
// normalised) password's hash with the hasher's parameters is left alone.
func TestHasherNormalisedHashNeedsNoRehash(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	for _, pw := range []string{"correct horse battery staple", cremeNFC} {
		ok, rehash, err := hasher.Verify(pw, rawHash(t, pw))
		require.NoError(t, err)
		assert.True(t, ok, pw)
		assert.False(t, rehash, pw)
	}
}
