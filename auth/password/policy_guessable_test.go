package password_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

// TestPolicyRefusesGuessablePasswords proves the rules RejectCommon adds to
// the exact list: a common password with additions or look-alike swaps,
// and a password made mostly of repeated characters, sequences or
// keyboard runs, each refused under the rule it breaks even at 12
// characters or more; and strong passwords, passphrases of common words
// included, accepted.
func TestPolicyRefusesGuessablePasswords(t *testing.T) {
	def := password.DefaultPolicy()
	cac := password.DefaultPolicy()
	cac.RequireClasses = 4

	const (
		common    = password.RuleCommon
		additions = password.RuleCommonWithAdditions
		repeated  = password.RuleRepeated
		sequence  = password.RuleSequence
		keyboard  = password.RuleKeyboard
	)
	tests := []struct {
		name     string
		policy   password.Policy
		password string
		want     []string
	}{
		// A common password with digits, years, symbols or repetition added.
		{"word, digits and a symbol", def, "Password123!", []string{additions}},
		{"four classes do not save it", cac, "Password123!", []string{additions}},
		{"swaps undone", def, "P@ssw0rd1234", []string{additions}},
		{"swaps of every kind", def, "P4$$w0rd!!!!", []string{additions}},
		{"a digit run added", def, "Welcome12345", []string{additions}},
		{"phrase and a sequence", def, "iloveyou1234", []string{additions}},
		{"year and repeated symbols", cac, "Spring2024!!", []string{additions}},
		{"additions before", def, "2024!!Spring", []string{additions}},
		{"additions both sides", def, "!!!!Summer2023!!!!", []string{additions}},
		{"swap at the edge", def, "@dmin2024!!!", []string{additions}},
		{"one stands for l", def, "1ov3ly-2024!", []string{additions}},
		{"one stands for i", def, "!lov3you2024", []string{additions}},
		{"word repeated", def, "iloveyouiloveyou", []string{additions}},
		{"word and symbol repeated", def, "Welcome!Welcome!", []string{additions}},
		{"word and additions repeated", def, "Password1!Password1!", []string{additions}},
		{"last letter repeated", def, "Passwordddd!", []string{additions}},
		{"first letter repeated", def, "wwwwelcome1234", []string{additions}},
		{"a space added", def, "password 2024", []string{additions}},
		{"a listed keyboard walk with additions", def, "Qwertyuiop!#7", []string{additions}},
		{"full-width letters normalised", def, "Ｐａｓｓｗｏｒｄ！２０２４", []string{additions}},

		// Exact entries stay RuleCommon alone.
		{"listed digits", def, "123456789012", []string{common}},
		{"listed keyboard walk", def, "1qaz2wsx3edc", []string{common}},
		{"listed word repeated", def, "PasswordPassword", []string{common}},

		// Mostly predictable parts.
		{"one character", def, "aaaaaaaaaaaa", []string{repeated}},
		{"one symbol", def, "############", []string{repeated}},
		{"a block repeated", def, "tjvq-btjvq-b", []string{repeated}},
		{"letters in order", def, "abcdefghijkl", []string{sequence}},
		{"letters backwards", def, "zyxwvutsrqpo", []string{sequence}},
		{"every other letter", def, "acegikmoqsuw", []string{sequence}},
		{"digits wrapping", def, "234567890123", []string{sequence}},
		{"digits and repeated symbols", def, "7890123456!!!", []string{repeated, sequence}},
		{"non-ASCII alphabet", def, "αβγδεζηθικλμ", []string{sequence}},
		{"keyboard row", def, "qwertyuiopas", []string{keyboard}},
		{"keyboard row backwards", def, "poiuytrewqas", []string{keyboard}},
		{"bottom row with punctuation", def, "zxcvbnm,./as", []string{keyboard}},
		{"keyboard columns shifted", def, "ZAQ!xsw@vfr$", []string{keyboard}},
		{"columns not listed", def, "zaq1xsw2vfr4bgt5", []string{keyboard}},
		{"columns with a sequence in them", def, "zaq1xsw2cde3vfr4", []string{sequence, keyboard}}, // "cde"
		{"a mix of parts", def, "aaaa1qaz2wsx", []string{repeated, keyboard}},
		{"mostly parts, a little else", def, "qwertyuiop!Xk", []string{keyboard}},

		// Strong passwords pass.
		{"random", def, "tjvq-bnmz-xk", nil},
		{"random four classes", cac, "x7#Kq9!mTz2@", nil},
		{"random symbols", cac, "mB7$wQ2!nR9#", nil},
		{"passphrase of common words", def, "correct horse battery staple", nil},
		{"passphrase with a listed word first", def, "password-tjvq-bnmz", nil},
		{"common word among words", cac, "Kestrel!Ferry9Mango", nil},
		{"sentence", def, "my cat eats 3 socks a day", nil},
		{"a keyboard run among other things", def, "qwerty-Tjvq9x!", nil},
		{"a short sequence inside", def, "Tjvq-bnmz-abc", nil},
		{"a word with a letter added is no listed word", def, "xwelcome1234", nil},
		{"short common word with additions", def, "dog!2024#7x9", nil},
		{"accented", def, "Brûlée-Øresund-7", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rules(t, tt.policy.Check(tt.password)))
		})
	}
}

// TestPolicyGuessableRulesOffWithRejectCommon checks that the rules above
// belong to RejectCommon: without it, only length and classes apply.
func TestPolicyGuessableRulesOffWithRejectCommon(t *testing.T) {
	p := password.Policy{MinLength: 12, MaxLength: 256}
	for _, pw := range []string{"Password123!", "aaaaaaaaaaaa", "abcdefghijkl", "qwertyuiopas"} {
		assert.NoError(t, p.Check(pw), pw)
	}
}

// TestPolicyGuessableMessages checks that each rule explains itself.
func TestPolicyGuessableMessages(t *testing.T) {
	tests := []struct{ password, want string }{
		{"P@ssw0rd1234", "password: is a common password with only digits, symbols, look-alike swaps or repetition added"},
		{"aaaaaaaaaaaa", "password: is mostly predictable: it repeats characters"},
		{"abcdefghijkl", "password: is mostly predictable: it follows sequences of letters or digits"},
		{"qwertyuiopas", "password: is mostly predictable: it follows neighbouring keys of the keyboard"},
	}
	for _, tt := range tests {
		t.Run(tt.password, func(t *testing.T) {
			err := password.DefaultPolicy().Check(tt.password)
			assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.Contains(t, carenet.ErrorMessage(err), tt.want)
		})
	}
}

// TestPolicyChecksTheNormalisedPassword proves that the rules apply to the
// password as it is hashed, NFKC-normalised: the common list and the
// personal strings; and that the minimum length holds for the password as
// typed as well.
func TestPolicyChecksTheNormalisedPassword(t *testing.T) {
	def := password.DefaultPolicy()
	tests := []struct {
		name     string
		password string
		personal []string
		want     []string
	}{
		{"full-width common password", "ＬｅａｖｅＭｅＡｌｏｎｅ", nil, []string{password.RuleCommon}},
		{"ligatures are checked as the letters they hold", "\ufb01\ufb02-tjvq-bnmz", nil, nil},                           // "ﬁﬂ" is "fifl": 12 typed, 14 normalised
		{"a ligature is one character toward the minimum", "\ufb01\ufb02-tjvq-bnm", nil, []string{carenet.RuleTooShort}}, // 11 typed, 13 normalised
		{"name set in NFD, password in NFC", "tjvq-zo\u00eb-bnmz", []string{"Zoe\u0308"}, []string{password.RulePersonal}},
		{"name set in NFC, password in NFD", "tjvq-zoe\u0308-bnmz", []string{"Zo\u00eb"}, []string{password.RulePersonal}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rules(t, def.Check(tt.password, tt.personal...)))
		})
	}
}

// TestPolicyCheckHostileShapes runs the guessability search on the inputs
// that make it work hardest, checking the answers.
func TestPolicyCheckHostileShapes(t *testing.T) {
	p := password.Policy{MinLength: 12, RejectCommon: true} // only the byte limit bounds the length
	tests := []struct {
		name     string
		password string
		want     []string
	}{
		{"symbols around one letter", strings.Repeat("!", 24) + "a" + strings.Repeat("!", 24), []string{password.RuleRepeated}},
		{"digits around a word", strings.Repeat("7", 30) + "password" + strings.Repeat("8", 30), []string{password.RuleCommonWithAdditions}},
		{"longest repeated block", strings.Repeat("abcdefghijklmnopqrstuvwxyz012345", 128), []string{password.RuleRepeated}},
		{"many-byte runes at the limit", strings.Repeat("日本", password.MaxPasswordBytes/6), []string{password.RuleRepeated}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rules(t, p.Check(tt.password)))
		})
	}
}
