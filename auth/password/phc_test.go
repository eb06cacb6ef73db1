package password_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

// referenceHash is the argon2id hash of "password" with salt "somesalt",
// m=65536, t=2, p=1, as the reference implementation (P-H-C/phc-winner-argon2)
// writes it.
const referenceHash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"

func TestParsePHC(t *testing.T) {
	h, err := password.ParsePHC(referenceHash)
	require.NoError(t, err)
	assert.Equal(t, password.AlgorithmArgon2id, h.Algorithm)
	assert.Equal(t, 19, h.Version)
	assert.Equal(t, password.Params{Memory: 65536, Iterations: 2, Parallelism: 1, SaltLength: 8, KeyLength: 32}, h.Params)
	assert.Equal(t, []byte("somesalt"), h.Salt)
	assert.Len(t, h.Key, 32)
	assert.Equal(t, referenceHash, h.String())
}

func TestPHCStringRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		phc  password.PHC
		want string
	}{
		{
			name: "defaults",
			phc: password.PHC{
				Algorithm: "argon2id", Version: 19,
				Params: password.Params{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32},
				Salt:   []byte("0123456789abcdef"), Key: []byte("0123456789abcdef0123456789abcdef"),
			},
			want: "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
		},
		{
			name: "largest parameters",
			phc: password.PHC{
				Algorithm: "argon2id", Version: 19,
				Params: password.Params{Memory: password.MaxMemory, Iterations: 4, Parallelism: 64, SaltLength: 64, KeyLength: 128},
				Salt:   make([]byte, 64), Key: make([]byte, 128),
			},
			want: "$argon2id$v=19$m=1048576,t=4,p=64$" + strings.Repeat("A", 86) + "$" + strings.Repeat("A", 171),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.phc.String()
			require.Equal(t, tt.want, s)
			back, err := password.ParsePHC(s)
			require.NoError(t, err)
			assert.Equal(t, tt.phc, back)
		})
	}
}

func TestParsePHCRejects(t *testing.T) {
	const (
		salt = "c29tZXNhbHQ"
		key  = "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	)
	tests := []struct {
		name, in, msg string
	}{
		{"empty", "", "is empty"},
		{"no leading dollar", "argon2id$v=19$m=65536,t=2,p=1$" + salt + "$" + key, "does not start with $"},
		{"too few parts", "$argon2id$v=19$m=65536,t=2,p=1$" + salt, "five $-separated parts"},
		{"too many parts", referenceHash + "$extra", "five $-separated parts"},
		{"truncated after algorithm", "$argon2id$", "five $-separated parts"},
		{"argon2i", "$argon2i$v=19$m=65536,t=2,p=1$" + salt + "$" + key, "unsupported algorithm"},
		{"argon2d", "$argon2d$v=19$m=65536,t=2,p=1$" + salt + "$" + key, "unsupported algorithm"},
		{"algorithm case", "$Argon2id$v=19$m=65536,t=2,p=1$" + salt + "$" + key, "unsupported algorithm"},
		{"missing version", "$argon2id$m=65536,t=2,p=1$" + salt + "$" + key + "$x", "has no version"},
		{"version 16", "$argon2id$v=16$m=65536,t=2,p=1$" + salt + "$" + key, "unsupported version"},
		{"version leading zero", "$argon2id$v=019$m=65536,t=2,p=1$" + salt + "$" + key, "unsupported version"},
		{"version not a number", "$argon2id$v=x$m=65536,t=2,p=1$" + salt + "$" + key, "unsupported version"},
		{"parameters out of order", "$argon2id$v=19$t=2,m=65536,p=1$" + salt + "$" + key, "in that order"},
		{"missing parameter", "$argon2id$v=19$m=65536,t=2$" + salt + "$" + key, "exactly the parameters"},
		{"extra parameter", "$argon2id$v=19$m=65536,t=2,p=1,keyid=x$" + salt + "$" + key, "exactly the parameters"},
		{"spaces in parameters", "$argon2id$v=19$m=65536, t=2,p=1$" + salt + "$" + key, "in that order"},
		{"signed number", "$argon2id$v=19$m=+65536,t=2,p=1$" + salt + "$" + key, "m that is not a decimal number"},
		{"negative number", "$argon2id$v=19$m=65536,t=-2,p=1$" + salt + "$" + key, "t that is not a decimal number"},
		{"leading zero", "$argon2id$v=19$m=065536,t=2,p=1$" + salt + "$" + key, "m that is not a decimal number"},
		{"empty number", "$argon2id$v=19$m=,t=2,p=1$" + salt + "$" + key, "m that is not a decimal number"},
		{"number over 32 bits", "$argon2id$v=19$m=4294967296,t=2,p=1$" + salt + "$" + key, "m that is not a decimal number"},
		{"hex number", "$argon2id$v=19$m=0x10000,t=2,p=1$" + salt + "$" + key, "m that is not a decimal number"},
		{"memory over 1 GiB", "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key, "memory cost (m) out of range"},
		{"memory just over 1 GiB", "$argon2id$v=19$m=1048577,t=1,p=1$" + salt + "$" + key, "memory cost (m) out of range"},
		{"memory under 8 KiB per lane", "$argon2id$v=19$m=31,t=2,p=4$" + salt + "$" + key, "memory cost (m) out of range"},
		{"memory zero", "$argon2id$v=19$m=0,t=2,p=1$" + salt + "$" + key, "memory cost (m) out of range"},
		{"iterations zero", "$argon2id$v=19$m=65536,t=0,p=1$" + salt + "$" + key, "iterations (t) out of range"},
		{"iterations huge", "$argon2id$v=19$m=64,t=4294967295,p=1$" + salt + "$" + key, "iterations (t) out of range"},
		{"iterations over 64", "$argon2id$v=19$m=64,t=65,p=1$" + salt + "$" + key, "iterations (t) out of range"},
		{"work over bound", "$argon2id$v=19$m=1048576,t=5,p=1$" + salt + "$" + key, "iterations (t) out of range"},
		{"parallelism zero", "$argon2id$v=19$m=65536,t=2,p=0$" + salt + "$" + key, "parallelism (p) out of range"},
		{"parallelism 65", "$argon2id$v=19$m=65536,t=2,p=65$" + salt + "$" + key, "parallelism (p) out of range"},
		{"parallelism 256", "$argon2id$v=19$m=65536,t=2,p=256$" + salt + "$" + key, "parallelism (p) out of range"},
		{"empty salt", "$argon2id$v=19$m=65536,t=2,p=1$$" + key, "salt that is not base64"},
		{"padded salt", "$argon2id$v=19$m=65536,t=2,p=1$" + salt + "=$" + key, "salt that is not base64"},
		{"url-safe salt", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ-_w$" + key, "salt that is not base64"},
		{"salt with stray bits", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHR$" + key, "salt that is not base64"},
		{"salt too short", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$" + key, "salt length out of range"},
		{"salt too long", "$argon2id$v=19$m=65536,t=2,p=1$" + strings.Repeat("A", 88) + "$" + key, "salt length out of range"},
		{"empty key", "$argon2id$v=19$m=65536,t=2,p=1$" + salt + "$", "key that is not base64"},
		{"key truncated to stray bits", "$argon2id$v=19$m=65536,t=2,p=1$" + salt + "$" + key[:len(key)-1], "key that is not base64"},
		{"key too short", "$argon2id$v=19$m=65536,t=2,p=1$" + salt + "$" + key[:20], "key length out of range"},
		{"key too long", "$argon2id$v=19$m=65536,t=2,p=1$" + salt + "$" + strings.Repeat("A", 172), "key length out of range"},
		{"whole hash too long", "$argon2id$v=19$m=65536,t=2,p=1$" + salt + "$" + strings.Repeat("A", 1<<20), "is too long"},
		{"bcrypt", "$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga", "five $-separated parts"},
		{"trailing newline", referenceHash + "\n", "key that is not base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := password.ParsePHC(tt.in)
			requireInvalid(t, err, "hash", carenet.RuleFormat, tt.msg)
			assert.Zero(t, h)
		})
	}
}
