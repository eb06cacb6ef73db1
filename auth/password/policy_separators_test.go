package password_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

// TestACommonPasswordSplitBySeparatorsIsRefused: a common password split
// by spaces, dots, dashes or underscores is as guessable as the word
// itself (cracking rules insert separators as they append digits), so the
// default policy refuses it as it refuses "password1234"; a passphrase of
// uncommon words is still accepted.
func TestACommonPasswordSplitBySeparatorsIsRefused(t *testing.T) {
	p := password.DefaultPolicy()
	assert.Equal(t, []string{password.RuleCommon}, rules(t, p.Check("password1234")), "the word itself")
	for _, pw := range []string{
		"pass word 1234", "pass-word-1234", "pass.word.1234", "Pass_Word_2026",
		"p a s s w o r d 1", "p-a-s-s-w-o-r-d", "i love you 1234", "letme in 1234",
	} {
		requireInvalid(t, p.Check(pw), password.Field, password.RuleCommonWithAdditions, "common password")
	}
	for _, pw := range []string{"correct horse battery staple", "granite-orchard-lantern-7", "tjvq.zoe.bnmz"} {
		assert.NoError(t, p.Check(pw), pw)
	}
}

// TestTheMinimumLengthCountsTheTypedCharacters: NFKC normalisation expands
// some characters into many ("\ufdfa", one character, is 18; "⑴" is
// "(1)"), so the minimum length must hold for the password as typed too,
// not only for its normalised form.
func TestTheMinimumLengthCountsTheTypedCharacters(t *testing.T) {
	p := password.DefaultPolicy()
	for _, pw := range []string{"\ufdfa", "\ufdfa\ufdfb", "\u337f\u3300\u3301", "⑴⑵⑶⑷", "⒜⒝⒞⒟"} {
		requireInvalid(t, p.Check(pw), password.Field, carenet.RuleTooShort, "at least 12 characters")
	}
	assert.NoError(t, p.Check("\ufdfa tjvq bnmz zoe"), "twelve typed characters with an expanding one")
}
