package password_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

var (
	pepper1 = bytes.Repeat([]byte{1}, password.MinPepperBytes)
	pepper2 = bytes.Repeat([]byte{2}, password.MinPepperBytes)
)

const pw = "amber-meadow-falcon-71"

// TestPepperedHashNamesItsPepperAndNeedsIt: a hash made with a pepper
// names its key ID in the PHC string, verifies only with that pepper, and
// is an Invalid error for a hasher that lacks it.
func TestPepperedHashNamesItsPepperAndNeedsIt(t *testing.T) {
	h := password.Hasher{Params: cheap, Peppers: map[string][]byte{"p1": pepper1}, PepperID: "p1"}
	enc, err := h.Hash(pw)
	require.NoError(t, err)
	assert.Contains(t, enc, ",k=p1$")
	phc, err := password.ParsePHC(enc)
	require.NoError(t, err)
	assert.Equal(t, "p1", phc.PepperID)
	assert.Equal(t, enc, phc.String())

	ok, rehash, err := h.Verify(pw, enc)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, rehash)
	ok, _, err = h.Verify("wrong-password-entirely", enc)
	require.NoError(t, err)
	assert.False(t, ok)

	other := password.Hasher{Params: cheap, Peppers: map[string][]byte{"p1": pepper2}, PepperID: "p1"}
	ok, _, err = other.Verify(pw, enc)
	require.NoError(t, err)
	assert.False(t, ok, "another secret under the same key ID does not verify")

	_, _, err = password.Hasher{Params: cheap}.Verify(pw, enc)
	requireInvalid(t, err, "hash", carenet.RuleFormat, "pepper p1")
}

// TestPepperRotatesAndUnpepperedHashesAreRehashed: a hash without pepper,
// or with an older one, verifies and needs a rehash, which is made with
// the current pepper.
func TestPepperRotatesAndUnpepperedHashesAreRehashed(t *testing.T) {
	plain, err := password.Hasher{Params: cheap}.Hash(pw)
	require.NoError(t, err)
	old, err := password.Hasher{Params: cheap, Peppers: map[string][]byte{"p1": pepper1}, PepperID: "p1"}.Hash(pw)
	require.NoError(t, err)

	h := password.Hasher{Params: cheap, Peppers: map[string][]byte{"p1": pepper1, "p2": pepper2}, PepperID: "p2"}
	for name, enc := range map[string]string{"no pepper": plain, "an older pepper": old} {
		ok, rehash, err := h.Verify(pw, enc)
		require.NoError(t, err, name)
		assert.True(t, ok, name)
		assert.True(t, rehash, name)
	}
	fresh, err := h.Hash(pw)
	require.NoError(t, err)
	assert.Contains(t, fresh, ",k=p2$")
	ok, rehash, err := h.Verify(pw, fresh)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, rehash)
}

// TestPepperBadConfigurationIsRefused: a short pepper, a misshapen key ID
// or a PepperID not among Peppers is an Invalid error naming the field, and
// no hash is made.
func TestPepperBadConfigurationIsRefused(t *testing.T) {
	cases := []struct {
		h     password.Hasher
		field string
		rule  string
	}{
		{password.Hasher{Params: cheap, Peppers: map[string][]byte{"p1": pepper1[:8]}, PepperID: "p1"}, "Peppers[p1]", carenet.RuleTooShort},
		{password.Hasher{Params: cheap, Peppers: map[string][]byte{"p 1": pepper1}, PepperID: "p 1"}, "Peppers", carenet.RuleFormat},
		{password.Hasher{Params: cheap, Peppers: map[string][]byte{"p1": pepper1}, PepperID: "p2"}, "PepperID", carenet.RuleOneOf},
	}
	for _, c := range cases {
		requireInvalid(t, c.h.ValidatePepper(), c.field, c.rule, "")
		enc, err := c.h.Hash(pw)
		assert.Error(t, err)
		assert.Empty(t, enc)
	}
	_, err := password.ParsePHC("$argon2id$v=19$m=64,t=1,p=1,k=bad!id$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43))
	requireInvalid(t, err, "hash", carenet.RuleFormat, "pepper key ID")
}
