package password_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

func TestDefaultParams(t *testing.T) {
	// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
	assert.Equal(t, password.Params{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}, password.DefaultParams)
	assert.NoError(t, password.DefaultParams.Validate())
}

func TestHasherHashZeroValueUsesDefaults(t *testing.T) {
	encoded, err := password.Hasher{}.Hash("correct horse battery staple")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(encoded, "$argon2id$v=19$m=19456,t=2,p=1$"), encoded)

	h, err := password.ParsePHC(encoded)
	require.NoError(t, err)
	assert.Equal(t, password.DefaultParams, h.Params)

	ok, rehash, err := password.Hasher{Params: password.DefaultParams}.Verify("correct horse battery staple", encoded)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, rehash, "a hash with the default parameters needs no rehash")
}

func TestHasherHashPartialParamsTakeDefaults(t *testing.T) {
	encoded, err := password.Hasher{Params: password.Params{Memory: 64, Iterations: 1}}.Hash("pw")
	require.NoError(t, err)
	h, err := password.ParsePHC(encoded)
	require.NoError(t, err)
	assert.Equal(t, password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}, h.Params)
}

func TestHasherHashSaltsEveryHash(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	a, err := hasher.Hash("same password")
	require.NoError(t, err)
	b, err := hasher.Hash("same password")
	require.NoError(t, err)
	assert.NotEqual(t, a, b)

	pa, err := password.ParsePHC(a)
	require.NoError(t, err)
	pb, err := password.ParsePHC(b)
	require.NoError(t, err)
	assert.NotEqual(t, pa.Salt, pb.Salt)
	assert.Len(t, pa.Salt, 16)
	assert.Len(t, pa.Key, 32)
}

func TestHasherVerify(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	tests := []struct {
		name   string
		stored string // the password hashed
		given  string // the password verified
		wantOK bool
	}{
		{name: "right password", stored: "correct horse battery staple", given: "correct horse battery staple", wantOK: true},
		{name: "wrong password", stored: "correct horse battery staple", given: "correct horse battery stapler"},
		{name: "case matters", stored: "Correct Horse", given: "correct horse"},
		{name: "empty against non-empty", stored: "something", given: ""},
		{name: "empty password", stored: "", given: "", wantOK: true},
		{name: "multi-byte runes", stored: "pässwörd-日本語-🔑", given: "pässwörd-日本語-🔑", wantOK: true},
		{name: "set in NFC, typed in NFD", stored: "caf\u00e9", given: "cafe\u0301", wantOK: true},
		{name: "set in NFD, typed in NFC", stored: "cafe\u0301", given: "caf\u00e9", wantOK: true},
		{name: "full-width typed for ASCII", stored: "Password", given: "\uff30\uff41\uff53\uff53\uff57\uff4f\uff52\uff44", wantOK: true},
		{name: "accents still matter", stored: "caf\u00e9", given: "cafe"},
		{name: "longest password", stored: strings.Repeat("x", password.MaxPasswordBytes), given: strings.Repeat("x", password.MaxPasswordBytes), wantOK: true},
		{name: "one byte short", stored: strings.Repeat("x", password.MaxPasswordBytes), given: strings.Repeat("x", password.MaxPasswordBytes-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encoded, err := hasher.Hash(tt.stored)
			require.NoError(t, err)
			ok, rehash, err := hasher.Verify(tt.given, encoded)
			require.NoError(t, err)
			assert.Equal(t, tt.wantOK, ok)
			assert.False(t, rehash)
		})
	}
}

func TestHasherVerifyReferenceHash(t *testing.T) {
	// A hash written by the reference implementation verifies, so hashes are
	// portable to and from other argon2id implementations.
	hasher := password.Hasher{Params: password.Params{Memory: 65536, Iterations: 2, Parallelism: 1, SaltLength: 8, KeyLength: 32}}
	ok, rehash, err := hasher.Verify("password", referenceHash)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, rehash)

	ok, _, err = hasher.Verify("Password", referenceHash)
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestHasherVerifyNeedsRehash(t *testing.T) {
	encoded, err := password.Hasher{Params: cheap}.Hash("pw")
	require.NoError(t, err)

	changed := func(f func(p *password.Params)) password.Hasher {
		p := cheap
		f(&p)
		return password.Hasher{Params: p}
	}
	tests := []struct {
		name   string
		hasher password.Hasher
		want   bool
	}{
		{"same parameters", password.Hasher{Params: cheap}, false},
		{"more memory", changed(func(p *password.Params) { p.Memory = 128 }), true},
		{"more iterations", changed(func(p *password.Params) { p.Iterations = 2 }), true},
		{"more lanes", changed(func(p *password.Params) { p.Parallelism = 2 }), true},
		{"longer salt", changed(func(p *password.Params) { p.SaltLength = 32 }), true},
		{"longer key", changed(func(p *password.Params) { p.KeyLength = 64 }), true},
		{"default parameters", password.Hasher{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := tt.hasher.Verify("pw", encoded)
			require.NoError(t, err)
			assert.True(t, ok, "a hash verifies whatever the hasher's own parameters")
			assert.Equal(t, tt.want, rehash)

			ok, rehash, err = tt.hasher.Verify("wrong", encoded)
			require.NoError(t, err)
			assert.False(t, ok)
			assert.False(t, rehash, "a wrong password never asks for a rehash")
		})
	}
}

func TestHasherVerifyMalformed(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	tests := []struct {
		name, encoded, msg string
	}{
		{"empty", "", "is empty"},
		{"plain text", "hunter2", "unrecognised format"},
		{"sha256 crypt", "$5$rounds=5000$salt$hash", "unrecognised format"},
		{"argon2i", "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", "unsupported algorithm"},
		{"truncated argon2id", referenceHash[:40], "five $-separated parts"},
		{"planted huge memory", "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", "memory cost (m) out of range"},
		{"planted huge iterations", "$argon2id$v=19$m=1048576,t=64,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", "iterations (t) out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := hasher.Verify("password", tt.encoded)
			requireInvalid(t, err, "hash", carenet.RuleFormat, tt.msg)
			assert.False(t, ok)
			assert.False(t, rehash)
		})
	}
}

func TestHasherRefusesLongPasswords(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	encoded, err := hasher.Hash("pw")
	require.NoError(t, err)

	for _, n := range []int{password.MaxPasswordBytes + 1, 1 << 20} {
		long := strings.Repeat("a", n)
		t.Run("Hash "+itoa(n), func(t *testing.T) {
			got, err := hasher.Hash(long)
			requireInvalid(t, err, password.Field, carenet.RuleTooLong, "at most 4096 bytes")
			assert.Empty(t, got)
		})
		t.Run("Verify "+itoa(n), func(t *testing.T) {
			ok, rehash, err := hasher.Verify(long, encoded)
			requireInvalid(t, err, password.Field, carenet.RuleTooLong, "at most 4096 bytes")
			assert.False(t, ok)
			assert.False(t, rehash)
		})
	}
}

func TestHasherInvalidParams(t *testing.T) {
	tests := []struct {
		name   string
		params password.Params
		field  string
	}{
		{"memory over 1 GiB", password.Params{Memory: password.MaxMemory + 1}, "Memory"},
		{"memory under 8 KiB per lane", password.Params{Memory: 31, Parallelism: 4}, "Memory"},
		{"iterations over 64", password.Params{Iterations: 65}, "Iterations"},
		{"too much work", password.Params{Memory: password.MaxMemory, Iterations: 5}, "Iterations"},
		{"parallelism over 64", password.Params{Parallelism: 65}, "Parallelism"},
		{"salt too short", password.Params{SaltLength: 7}, "SaltLength"},
		{"salt too long", password.Params{SaltLength: 65}, "SaltLength"},
		{"key too short", password.Params{KeyLength: 15}, "KeyLength"},
		{"key too long", password.Params{KeyLength: 129}, "KeyLength"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hasher := password.Hasher{Params: tt.params}
			got, err := hasher.Hash("pw")
			requireInvalid(t, err, tt.field, carenet.RuleRange, "parameters are out of range")
			assert.Empty(t, got)
			_, err = hasher.Unusable()
			requireInvalid(t, err, tt.field, carenet.RuleRange, "parameters are out of range")
		})
	}
}

func TestParamsValidate(t *testing.T) {
	tests := []struct {
		name   string
		params password.Params
		fields []string // fields at fault; none for valid parameters
	}{
		{"defaults", password.DefaultParams, nil},
		{"smallest", password.Params{Memory: 8, Iterations: 1, Parallelism: 1, SaltLength: 8, KeyLength: 16}, nil},
		{"largest", password.Params{Memory: password.MaxMemory, Iterations: 4, Parallelism: 64, SaltLength: 64, KeyLength: 128}, nil},
		{"most iterations", password.Params{Memory: 65536, Iterations: 64, Parallelism: 1, SaltLength: 16, KeyLength: 32}, nil},
		{"zero value", password.Params{}, []string{"Memory", "Iterations", "Parallelism", "SaltLength", "KeyLength"}},
		{"memory below lanes", password.Params{Memory: 63, Iterations: 1, Parallelism: 8, SaltLength: 16, KeyLength: 32}, []string{"Memory"}},
		{"parallelism 255", password.Params{Memory: 65536, Iterations: 1, Parallelism: 255, SaltLength: 16, KeyLength: 32}, []string{"Parallelism"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.params.Validate()
			if tt.fields == nil {
				require.NoError(t, err)
				return
			}
			var got []string
			for _, p := range invalidProblems(t, err) {
				assert.Equal(t, carenet.RuleRange, p.Rule)
				got = append(got, p.Field)
			}
			assert.ElementsMatch(t, tt.fields, got)
		})
	}
}

func TestHasherUnusable(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	a, err := hasher.Unusable()
	require.NoError(t, err)
	b, err := hasher.Unusable()
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "every unusable hash is of fresh random bytes")

	h, err := password.ParsePHC(a)
	require.NoError(t, err, "an unusable hash is an ordinary hash")
	assert.Equal(t, cheap, h.Params)

	for _, guess := range []string{"", "password", "\x00", strings.Repeat("\x00", 32)} {
		ok, _, err := hasher.Verify(guess, a)
		require.NoError(t, err)
		assert.False(t, ok, "%q matched an unusable hash", guess)
	}
}

func TestHasherVerifyDummy(t *testing.T) {
	// VerifyDummy has no result; it must be safe to call concurrently (the
	// dummy hash is made once) and with any input.
	hasher := password.Hasher{Params: cheap}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			hasher.VerifyDummy("guess " + itoa(i))
			password.Hasher{Params: password.Params{Memory: 128, Iterations: 1}}.VerifyDummy("other")
		})
	}
	wg.Wait()
	hasher.VerifyDummy("")
	hasher.VerifyDummy(strings.Repeat("a", 1<<20))
	password.Hasher{Params: password.Params{Memory: password.MaxMemory + 1}}.VerifyDummy("pw")
}

func TestHasherConcurrentUse(t *testing.T) {
	hasher := password.Hasher{Params: cheap}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			pw := "password " + itoa(i)
			encoded, err := hasher.Hash(pw)
			if err != nil {
				errs <- err
				return
			}
			if ok, _, err := hasher.Verify(pw, encoded); err != nil || !ok {
				errs <- carenet.Errorf(carenet.Internal, "verify %q: ok=%v err=%v", pw, ok, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
