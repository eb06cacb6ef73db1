package password_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

func TestDefaultPolicy(t *testing.T) {
	p := password.DefaultPolicy()
	assert.Equal(t, password.Policy{MinLength: 12, MaxLength: 256, RejectCommon: true, RejectPersonal: true, RequireClasses: 0}, p)
	assert.NoError(t, p.Validate())
}

// rules returns the rule codes of the problems in err, checking that each is
// about the password field.
func rules(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *carenet.Error
	require.True(t, errors.As(err, &e), "want *carenet.Error, got %T", err)
	require.Equal(t, carenet.Invalid, e.Code)
	v := carenet.Validation(err)
	require.NotNil(t, v)
	var out []string
	for _, p := range v.Problems {
		assert.Equal(t, password.Field, p.Field)
		assert.NotEmpty(t, p.Message)
		out = append(out, p.Rule)
	}
	return out
}

// unpredictable returns n characters drawn from lo to hi by a seeded
// generator: long text with no predictable parts, the same on every run.
func unpredictable(n int, lo, hi rune) string {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	var b strings.Builder
	for range n {
		b.WriteRune(lo + rune(r.IntN(int(hi-lo+1))))
	}
	return b.String()
}

func TestPolicyCheck(t *testing.T) {
	def := password.DefaultPolicy()
	cac := password.DefaultPolicy()
	cac.RequireClasses = 4
	three := password.DefaultPolicy()
	three.RequireClasses = 3
	lenient := password.Policy{MinLength: 8, MaxLength: 64}

	tests := []struct {
		name     string
		policy   password.Policy
		password string
		personal []string
		want     []string
	}{
		// Length, in code points.
		{"11 characters", def, "tjvq-bnmz-x", nil, []string{carenet.RuleTooShort}},
		{"12 characters", def, "tjvq-bnmz-xk", nil, nil},
		{"empty", def, "", nil, []string{carenet.RuleTooShort}},
		{"256 characters", def, unpredictable(256, '!', '~'), nil, nil},
		{"257 characters", def, unpredictable(257, '!', '~'), nil, []string{carenet.RuleTooLong}},
		{"12 two-byte runes", def, "éàçñøåßüöäîô", nil, nil},
		{"11 three-byte runes", def, "日本語の漢字と仮名文字", nil, []string{carenet.RuleTooShort}},
		{"12 four-byte runes", def, "🔑🐙🌵🚲🎈🍋🦊🌙🎲🐝🍄🚀", nil, nil},
		{"256 four-byte runes", def, unpredictable(256, '\U0001F300', '\U0001F5FF'), nil, nil},
		{"257 four-byte runes", def, unpredictable(257, '\U0001F300', '\U0001F5FF'), nil, []string{carenet.RuleTooLong}},
		{"too long is refused, not truncated", def, unpredictable(256, '!', '~') + "x!", nil, []string{carenet.RuleTooLong}},
		{"no maximum but the byte limit", password.Policy{MinLength: 12}, strings.Repeat("a", password.MaxPasswordBytes), nil, nil},
		{"64-character passphrase under a lenient policy", lenient, strings.Repeat("abcd", 16), nil, nil},

		// Common passwords, ignoring case, exact match.
		{"common", def, "qwerty123456", nil, []string{password.RuleCommon}},
		{"common upper case", def, "QWERTY123456", nil, []string{password.RuleCommon}},
		{"common mixed case", def, "LeaveMeAlone", nil, []string{password.RuleCommon}},
		{"common and short", def, "password", nil, []string{carenet.RuleTooShort, password.RuleCommon}},
		{"common inside a longer password", def, "leavemealone-tjvq", nil, nil},
		{"common allowed when off", password.Policy{MinLength: 12, MaxLength: 256}, "qwerty123456", nil, nil},

		// Personal strings, ignoring case, 3 characters or more.
		{"contains username", def, "tjvq-JSmith-bnmz", []string{"jsmith", "Jane", "Smith"}, []string{password.RulePersonal}},
		{"contains given name", def, "xx-jane-tjvq-bnmz", []string{"jsmith", "Jane", "Smith"}, []string{password.RulePersonal}},
		{"contains family name upper case", def, "tjvq-SMITH-bnmz", []string{"jsmith", "Jane", "Smith"}, []string{password.RulePersonal}},
		{"personal string trimmed", def, "tjvq-smith-bnmz", []string{"  Smith  "}, []string{password.RulePersonal}},
		{"non-ASCII name", def, "tjvq-ZOË-bnmz-x", []string{"Zoë"}, []string{password.RulePersonal}},
		{"name of 2 characters ignored", def, "al-tjvq-bnmz-x", []string{"Al"}, nil},
		{"name of 3 characters counts", def, "amy-tjvq-bnmz-x", []string{"Amy"}, []string{password.RulePersonal}},
		{"empty personal strings ignored", def, "tjvq-bnmz-xk", []string{"", "   "}, nil},
		{"reported once for many matches", def, "jane-smith-tjvq", []string{"Jane", "Smith"}, []string{password.RulePersonal}},
		{"no personal strings given", def, "tjvq-bnmz-xk", nil, nil},
		{"personal allowed when off", password.Policy{MinLength: 12, MaxLength: 256}, "tjvq-smith-bnmz", []string{"smith"}, nil},

		// Character classes.
		{"classes off", def, "correcthorsebatterystaple", nil, nil},
		{"all four present", cac, "Correct-horse-7", nil, nil},
		{"no symbol", cac, "Correcthorse77", nil, []string{password.RuleCharacterClasses}},
		{"no upper case", cac, "correct-horse-7", nil, []string{password.RuleCharacterClasses}},
		{"no digit", cac, "Correct-horse!", nil, []string{password.RuleCharacterClasses}},
		{"no lower case", cac, "CORRECT-HORSE-7", nil, []string{password.RuleCharacterClasses}},
		{"space is a symbol", cac, "Correct horse 7", nil, nil},
		{"non-ASCII cased letters count", cac, "ÉCOLE-lycée-1-x", nil, nil},
		{"Unicode digit counts", cac, "Correct-horse-٧", nil, nil},
		{"uncased letters count toward nothing", cac, "日本語漢字仮名文字読書会話", nil, []string{password.RuleCharacterClasses}},
		{"three of four", three, "correct-horse-7", nil, nil},
		{"two of four under three", three, "correct-horse-x", nil, []string{password.RuleCharacterClasses}},

		// Text.
		{"NUL byte", def, "tjvq-bnmz-xk\x00", nil, []string{carenet.RuleControlChars}},
		{"tab", def, "tjvq\tbnmz-xk", nil, []string{carenet.RuleControlChars}},
		{"line feed", def, "tjvq-bnmz-xk\n", nil, []string{carenet.RuleControlChars}},
		{"bidi override", def, "tjvq-bnmz-xk\u202e", nil, []string{carenet.RuleControlChars}},
		{"invalid UTF-8", def, "tjvq-bnmz-xk\xff", nil, []string{carenet.RuleInvalidUTF8}},

		// Every failing rule at once.
		{"many rules", cac, "jsmith\x00\xff", []string{"jsmith"}, []string{
			carenet.RuleInvalidUTF8, carenet.RuleControlChars, carenet.RuleTooShort,
			password.RuleCharacterClasses, password.RuleCommonWithAdditions, password.RulePersonal,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rules(t, tt.policy.Check(tt.password, tt.personal...))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPolicyCheckMessages(t *testing.T) {
	cac := password.DefaultPolicy()
	cac.RequireClasses = 4
	err := cac.Check("password", "pass")
	require.Error(t, err)
	msg := carenet.ErrorMessage(err)
	for _, want := range []string{
		"password: must be at least 12 characters",
		"must contain lower-case letters, upper-case letters, digits and symbols",
		"is too common",
		"must not contain your username or your names",
	} {
		assert.Contains(t, msg, want)
	}

	err = password.DefaultPolicy().Check(strings.Repeat("x", 257))
	assert.Contains(t, carenet.ErrorMessage(err), "must be at most 256 characters")

	three := password.DefaultPolicy()
	three.RequireClasses = 3
	err = three.Check("aaaaaaaaaaaaaaaaaaaa")
	assert.Contains(t, carenet.ErrorMessage(err), "must contain at least 3 of: lower-case letters")
}

func TestPolicyCheckHugePassword(t *testing.T) {
	tests := []struct {
		name     string
		password string
		wantMsg  string
		policy   password.Policy
	}{
		{"1 MiB", strings.Repeat("a", 1<<20), "must be at most 256 characters", password.DefaultPolicy()},
		{"1 MiB of bad bytes", strings.Repeat("\xff\x00", 1<<19), "must be at most 256 characters", password.DefaultPolicy()},
		{"one byte over the limit, no MaxLength", strings.Repeat("a", password.MaxPasswordBytes+1), "must be at most 4096 bytes", password.Policy{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.policy.Check(tt.password, "aaa")
			assert.Equal(t, []string{carenet.RuleTooLong}, rules(t, err), "refused as too long without looking further")
			assert.Contains(t, carenet.ErrorMessage(err), tt.wantMsg)
			assert.Less(t, time.Since(start), time.Second)
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		policy password.Policy
		want   map[string]string // field → rule
	}{
		{"default", password.DefaultPolicy(), nil},
		{"CAC CareNet parity", password.Policy{MinLength: 12, MaxLength: 256, RequireClasses: 4}, nil},
		{"smallest allowed", password.Policy{MinLength: 8, MaxLength: 64}, nil},
		{"largest allowed", password.Policy{MinLength: 1024, MaxLength: 1024}, nil},
		{"zero value", password.Policy{}, map[string]string{"MinLength": carenet.RuleRange, "MaxLength": carenet.RuleRange}},
		{"minimum 7", password.Policy{MinLength: 7, MaxLength: 64}, map[string]string{"MinLength": carenet.RuleRange}},
		{"maximum 63", password.Policy{MinLength: 8, MaxLength: 63}, map[string]string{"MaxLength": carenet.RuleRange}},
		{"maximum over the byte limit", password.Policy{MinLength: 8, MaxLength: 1025}, map[string]string{"MaxLength": carenet.RuleRange}},
		{"maximum below minimum", password.Policy{MinLength: 100, MaxLength: 99}, map[string]string{"MaxLength": carenet.RuleOrder}},
		{"classes 5", password.Policy{MinLength: 12, MaxLength: 256, RequireClasses: 5}, map[string]string{"RequireClasses": carenet.RuleRange}},
		{"classes negative", password.Policy{MinLength: 12, MaxLength: 256, RequireClasses: -1}, map[string]string{"RequireClasses": carenet.RuleRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			got := map[string]string{}
			for _, p := range invalidProblems(t, err) {
				got[p.Field] = p.Rule
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
