package totp_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/totp"
)

// at is a time in the middle of the 30-second step 40,000,000 (T).
var at = time.Unix(40_000_000*30+15, 0)

const atStep = 40_000_000

// codeAt returns the default 6-digit code of seedSHA1 for step.
func codeAt(t *testing.T, step int64) string {
	t.Helper()
	code, err := totp.HOTP(seedSHA1, uint64(step), totp.Config{})
	require.NoError(t, err)
	return code
}

func TestConfigDefaults(t *testing.T) {
	// The zero Config is 6 digits, SHA-1, 30 seconds: the code for a time is
	// the 6-digit HOTP of the 30-second step.
	got, err := totp.Generate(seedSHA1, at, totp.Config{})
	require.NoError(t, err)
	assert.Equal(t, codeAt(t, atStep), got)
	assert.Len(t, got, 6)

	explicit, err := totp.Generate(seedSHA1, at, totp.Config{Digits: 6, Period: 30 * time.Second, Algorithm: totp.SHA1, Skew: 1})
	require.NoError(t, err)
	assert.Equal(t, got, explicit)
}

func TestGeneratePeriod(t *testing.T) {
	c := totp.Config{Period: 60 * time.Second}
	first, err := totp.Generate(seedSHA1, time.Unix(120, 0), c)
	require.NoError(t, err)
	last, err := totp.Generate(seedSHA1, time.Unix(179, 999), c)
	require.NoError(t, err)
	next, err := totp.Generate(seedSHA1, time.Unix(180, 0), c)
	require.NoError(t, err)
	assert.Equal(t, first, last, "one code for the whole period")
	assert.Equal(t, rfc4226[2].hotp, first, "step 2 of 60 seconds")
	assert.Equal(t, rfc4226[3].hotp, next)
}

func TestValidateSkewWindow(t *testing.T) {
	tests := []struct {
		name   string
		skew   int
		offset int64 // steps between the code and the current step
		wantOK bool
	}{
		{"current step", 0, 0, true},
		{"one step behind, default skew", 0, -1, true},
		{"one step ahead, default skew", 0, 1, true},
		{"two steps behind, default skew", 0, -2, false},
		{"two steps ahead, default skew", 0, 2, false},
		{"current step, no skew", -1, 0, true},
		{"one step behind, no skew", -1, -1, false},
		{"one step ahead, no skew", -1, 1, false},
		{"three steps behind, skew 3", 3, -3, true},
		{"three steps ahead, skew 3", 3, 3, true},
		{"four steps behind, skew 3", 3, -4, false},
		{"ten steps ahead, largest skew", totp.MaxSkew, 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := codeAt(t, atStep+tt.offset)
			step, ok := totp.Validate(code, seedSHA1, at, totp.Config{Skew: tt.skew})
			assert.Equal(t, tt.wantOK, ok)
			if tt.wantOK {
				assert.Equal(t, int64(atStep)+tt.offset, step, "the matched step, for replay checks")
			} else {
				assert.Zero(t, step)
			}
		})
	}
}

func TestValidateStepBoundaries(t *testing.T) {
	code := codeAt(t, atStep)
	start := time.Unix(atStep*30, 0)
	tests := []struct {
		name   string
		t      time.Time
		wantOK bool
	}{
		{"first second of the step", start, true},
		{"last instant of the step", start.Add(30*time.Second - time.Nanosecond), true},
		{"last instant of the next step", start.Add(60*time.Second - time.Nanosecond), true},
		{"start of the step after next", start.Add(60 * time.Second), false},
		{"last instant of the previous step", start.Add(-time.Nanosecond), true},
		{"start of the step before previous", start.Add(-30 * time.Second), true},
		{"just before that", start.Add(-30*time.Second - time.Nanosecond), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, ok := totp.Validate(code, seedSHA1, tt.t, totp.Config{})
			assert.Equal(t, tt.wantOK, ok)
			if ok {
				assert.Equal(t, int64(atStep), step)
			}
		})
	}
}

func TestValidateWrongCode(t *testing.T) {
	right := codeAt(t, atStep)
	wrong := []byte(right)
	wrong[5] = '0' + (wrong[5]-'0'+1)%10

	otherSecret := []byte("abcdefghijabcdefghij")
	tests := []struct {
		name   string
		code   string
		secret []byte
	}{
		{"one digit off", string(wrong), seedSHA1},
		{"all zeros", "000000", seedSHA1},
		{"code of another secret", right, otherSecret},
		{"code of a step outside the window", codeAt(t, atStep-5), seedSHA1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.code == "000000" && tt.code == right {
				t.Skip("the right code happens to be 000000")
			}
			step, ok := totp.Validate(tt.code, tt.secret, at, totp.Config{})
			assert.False(t, ok)
			assert.Zero(t, step)
		})
	}
	// The right code still passes, so the cases above fail for their reason.
	_, ok := totp.Validate(right, seedSHA1, at, totp.Config{})
	assert.True(t, ok)
}

func TestValidateMalformedCode(t *testing.T) {
	right := codeAt(t, atStep)
	tests := []struct {
		name string
		code string
	}{
		{"empty", ""},
		{"letters", "abcdef"},
		{"one letter", right[:5] + "x"},
		{"too short", right[:5]},
		{"too long", right + "0"},
		{"eight digits for six", "00" + right},
		{"space inside", right[:3] + " " + right[3:]},
		{"leading space", " " + right},
		{"trailing new line", right + "\n"},
		{"sign", "+" + right[1:]},
		{"negative", "-" + right[1:]},
		{"full-width digits", strings.Map(func(r rune) rune { return r - '0' + '０' }, right)},
		{"Arabic-Indic digits", strings.Map(func(r rune) rune { return r - '0' + '٠' }, right)},
		{"NUL bytes", "\x00\x00\x00\x00\x00\x00"},
		{"invalid UTF-8", "\xff\xfe\xfd\xfc\xfb\xfa"},
		{"huge", strings.Repeat("1", 1<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, ok := totp.Validate(tt.code, seedSHA1, at, totp.Config{})
			assert.False(t, ok)
			assert.Zero(t, step)
		})
	}
}

func TestValidateBadInput(t *testing.T) {
	code := codeAt(t, atStep)
	tests := []struct {
		name   string
		secret []byte
		t      time.Time
		c      totp.Config
	}{
		{"nil secret", nil, at, totp.Config{}},
		{"secret of 15 bytes", seedSHA1[:15], at, totp.Config{}},
		{"5 digits", seedSHA1, at, totp.Config{Digits: 5}},
		{"9 digits", seedSHA1, at, totp.Config{Digits: 9}},
		{"unknown algorithm", seedSHA1, at, totp.Config{Algorithm: "MD5"}},
		{"lower-case algorithm", seedSHA1, at, totp.Config{Algorithm: "sha1"}},
		{"negative period", seedSHA1, at, totp.Config{Period: -30 * time.Second}},
		{"sub-second period", seedSHA1, at, totp.Config{Period: 1500 * time.Millisecond}},
		{"skew over the limit", seedSHA1, at, totp.Config{Skew: totp.MaxSkew + 1}},
		{"skew huge", seedSHA1, at, totp.Config{Skew: math.MaxInt}},
		{"before 1970", seedSHA1, time.Unix(-1, 0), totp.Config{}},
		{"zero time", seedSHA1, time.Time{}, totp.Config{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, ok := totp.Validate(code, tt.secret, tt.t, tt.c)
			assert.False(t, ok)
			assert.Zero(t, step)
		})
	}
}

func TestValidateExtremeTimes(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		step int64
	}{
		{"the epoch", time.Unix(0, 0), 0},
		{"largest time", time.Unix(math.MaxInt64, 0), math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := totp.Config{Period: time.Second, Skew: totp.MaxSkew}
			code, err := totp.Generate(seedSHA1, tt.t, c)
			require.NoError(t, err)
			step, ok := totp.Validate(code, seedSHA1, tt.t, c)
			require.True(t, ok)
			// Steps before the epoch or past the largest are skipped, not
			// wrapped around; the code matches its own step.
			assert.Equal(t, tt.step, step)
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name        string
		secret      []byte
		t           time.Time
		c           totp.Config
		field, rule string
	}{
		{"nil secret", nil, at, totp.Config{}, "secret", carenet.RuleTooShort},
		{"short secret", make([]byte, 10), at, totp.Config{}, "secret", carenet.RuleTooShort},
		{"digits 5", seedSHA1, at, totp.Config{Digits: 5}, "Digits", carenet.RuleRange},
		{"digits 9", seedSHA1, at, totp.Config{Digits: 9}, "Digits", carenet.RuleRange},
		{"digits negative", seedSHA1, at, totp.Config{Digits: -6}, "Digits", carenet.RuleRange},
		{"period of half a second", seedSHA1, at, totp.Config{Period: time.Second / 2}, "Period", carenet.RuleRange},
		{"unknown algorithm", seedSHA1, at, totp.Config{Algorithm: "SHA3"}, "Algorithm", carenet.RuleOneOf},
		{"before 1970", seedSHA1, time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC), totp.Config{}, "time", carenet.RuleRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := totp.Generate(tt.secret, tt.t, tt.c)
			requireInvalid(t, err, tt.field, tt.rule)
			assert.Empty(t, code)
		})
	}
}

func TestHOTPErrors(t *testing.T) {
	code, err := totp.HOTP(seedSHA1[:8], 0, totp.Config{Digits: 12})
	requireInvalid(t, err, "secret", carenet.RuleTooShort)
	requireInvalid(t, err, "Digits", carenet.RuleRange)
	assert.Empty(t, code)
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		c      totp.Config
		fields []string
	}{
		{"zero value", totp.Config{}, nil},
		{"RFC 6238 test setup", totp.Config{Digits: 8, Algorithm: totp.SHA512}, nil},
		{"no skew", totp.Config{Skew: -1}, nil},
		{"largest skew", totp.Config{Skew: totp.MaxSkew}, nil},
		{"one-second period", totp.Config{Period: time.Second}, nil},
		{"everything wrong", totp.Config{Digits: 4, Period: 90 * time.Millisecond, Algorithm: "MD5", Skew: 11}, []string{"Digits", "Period", "Algorithm", "Skew"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			if tt.fields == nil {
				require.NoError(t, err)
				return
			}
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			var got []string
			for _, p := range carenet.Validation(err).Problems {
				got = append(got, p.Field)
			}
			assert.Equal(t, tt.fields, got)
		})
	}
}

func TestNewSecret(t *testing.T) {
	a, err := totp.NewSecret()
	require.NoError(t, err)
	b, err := totp.NewSecret()
	require.NoError(t, err)
	assert.Len(t, a, totp.SecretBytes)
	assert.Len(t, a, 20)
	assert.NotEqual(t, a, b)

	code, err := totp.Generate(a, at, totp.Config{})
	require.NoError(t, err)
	step, ok := totp.Validate(code, a, at, totp.Config{})
	assert.True(t, ok)
	assert.Equal(t, int64(atStep), step)
}
