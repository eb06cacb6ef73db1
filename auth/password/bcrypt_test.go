package password_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

// allmine is a published bcrypt hash (cost 10) of "allmine".
const allmine = "$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga"

func TestHasherVerifyBcrypt(t *testing.T) {
	generated, err := bcrypt.GenerateFromPassword([]byte("legacy password"), bcrypt.MinCost)
	require.NoError(t, err)

	tests := []struct {
		name, password, encoded string
		wantOK                  bool
	}{
		{"published 2a right", "allmine", allmine, true},
		{"published 2a wrong", "allmine!", allmine, false},
		{"2b", "allmine", "$2b$" + allmine[4:], true},
		{"2y", "allmine", "$2y$" + allmine[4:], true},
		{"2y wrong", "Allmine", "$2y$" + allmine[4:], false},
		{"generated right", "legacy password", string(generated), true},
		{"generated wrong", "legacy passwort", string(generated), false},
		{"empty password", "", string(generated), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, rehash, err := password.Hasher{Params: cheap}.Verify(tt.password, tt.encoded)
			require.NoError(t, err)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.wantOK, rehash, "a matching bcrypt hash always needs a rehash")
		})
	}
}

func TestHasherVerifyBcryptMalformed(t *testing.T) {
	tests := []struct {
		name, encoded, msg string
	}{
		{"2x variant", "$2x$" + allmine[4:], "unrecognised format"},
		{"2 without minor", "$2$" + allmine[4:], "unrecognised format"},
		{"truncated", allmine[:59], "not a well-formed bcrypt hash"},
		{"prefix only", "$2a$", "not a well-formed bcrypt hash"},
		{"trailing byte", allmine + "a", "not a well-formed bcrypt hash"},
		{"missing cost separator", "$2a$10x" + allmine[7:], "not a well-formed bcrypt hash"},
		{"character outside alphabet", allmine[:59] + "+", "not a well-formed bcrypt hash"},
		{"non-ASCII", allmine[:58] + "é", "not a well-formed bcrypt hash"},
		{"cost not a number", "$2a$1x" + allmine[6:], "cost that is not a number"},
		{"cost 3", "$2a$03" + allmine[6:], "cost out of range"},
		{"cost 17", "$2a$17" + allmine[6:], "cost out of range"},
		{"cost 31", "$2a$31" + allmine[6:], "cost out of range"},
		{"cost 99", "$2b$99" + allmine[6:], "cost out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			ok, rehash, err := password.Hasher{Params: cheap}.Verify("allmine", tt.encoded)
			requireInvalid(t, err, "hash", carenet.RuleFormat, tt.msg)
			assert.False(t, ok)
			assert.False(t, rehash)
			assert.Less(t, time.Since(start), 5*time.Second, "a refused hash must not be computed")
		})
	}
}

func TestHasherVerifyBcryptLongPassword(t *testing.T) {
	// bcrypt reads no more than 72 bytes of a password; such a hash is only
	// ever verified to be replaced by an argon2id one, which reads them all.
	long := strings.Repeat("p", 72)
	encoded, err := bcrypt.GenerateFromPassword([]byte(long), bcrypt.MinCost)
	require.NoError(t, err)

	tests := []struct {
		name, password string
		wantOK         bool
	}{
		{"72 bytes", long, true},
		{"71 bytes", long[:71], false},
		{"bytes past the 72nd are not read", long + "ignored", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := password.Hasher{Params: cheap}.Verify(tt.password, string(encoded))
			require.NoError(t, err)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.wantOK, rehash)
		})
	}
}
