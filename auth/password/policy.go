package password

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/carenet-go/carenet"
)

// Rule codes of the password policy, beside carenet.RuleTooShort,
// carenet.RuleTooLong, carenet.RuleControlChars and carenet.RuleInvalidUTF8.
const (
	// RuleCommon: the password is one of the common passwords (see IsCommon).
	RuleCommon = "common"
	// RuleCommonWithAdditions: the password is a common password with only
	// digits, years, symbols or repetition added before or after it, or
	// with letters swapped for look-alike symbols ("P@ssw0rd1234",
	// "Spring2024!!", "iloveyouiloveyou"), or is one of these split by
	// spaces, '.', '-' or '_' ("pass-word-1234").
	RuleCommonWithAdditions = "common_with_additions"
	// RuleRepeated: the password is mostly predictable, and part of that
	// is a character or a block of characters repeated ("aaaaaaaaaaaa",
	// "tjvq-tjvq-tjvq").
	RuleRepeated = "repeated"
	// RuleSequence: the password is mostly predictable, and part of that
	// is a sequence of letters or digits ("abcdefghijkl", "123456789012").
	RuleSequence = "sequence"
	// RuleKeyboard: the password is mostly predictable, and part of that
	// is a run of neighbouring keys ("qwertyuiop", "1qaz2wsx3edc").
	RuleKeyboard = "keyboard"
	// RulePersonal: the password contains the user's username or a name.
	RulePersonal = "personal"
	// RuleCharacterClasses: the password mixes too few classes of character.
	RuleCharacterClasses = "character_classes"
)

// Limits on a Policy's own settings, checked by Policy.Validate.
const (
	// MinPolicyLength is the smallest MinLength a policy may set.
	MinPolicyLength = 8
	// MinPolicyMaxLength is the smallest MaxLength a policy may set: long
	// passphrases must be allowed.
	MinPolicyMaxLength = 64
	// MaxPolicyMaxLength is the largest MaxLength a policy may set, so that
	// any password it accepts, whatever its characters, fits within
	// MaxPasswordBytes.
	MaxPolicyMaxLength = MaxPasswordBytes / utf8.UTFMax
	// MaxClasses is the number of character classes.
	MaxClasses = 4
)

// personalMinLength is the length, in characters, from which a personal
// string counts: shorter ones (initials, "Al") would reject too much.
const personalMinLength = 3

// Policy is the rule a new password must meet. Lengths are counted in
// characters (Unicode code points), not bytes. A password is never
// truncated: one that is too long is refused.
type Policy struct {
	// MinLength is the fewest characters allowed (0: no minimum), both as
	// typed and once normalised.
	MinLength int
	// MaxLength is the most characters allowed (0: only the hasher's limit
	// of MaxPasswordBytes bytes).
	MaxLength int
	// RejectCommon refuses passwords that guessing attacks try early. Check
	// looks for three things in turn and reports the first that applies:
	//   - RuleCommon: one of the common passwords of the embedded list,
	//     ignoring case (see IsCommon);
	//   - RuleCommonWithAdditions: a common password of 4 characters or
	//     more with only characters other than letters (digits, years,
	//     symbols, spaces) added before or after it, once letter-for-symbol
	//     swaps are undone (@ 4 for a, 8 for b, ( < for c, 3 for e, 6 9 for
	//     g, ! for i, 1 | for i or l, 0 for o, $ 5 for s, 7 + for t, 2 for z)
	//     and repetition is taken off (the whole repeated, or its first or
	//     last character); or any of these once the separators people put
	//     between words (spaces, '.', '-', '_') are taken out
	//     ("pass word 1234", "Pass_Word_2026", "i love you 1234"), which
	//     a passphrase of uncommon words ("correct horse battery staple")
	//     still passes;
	//   - RuleRepeated, RuleSequence, RuleKeyboard: a password more than
	//     half of whose characters lie in predictable parts, each kind
	//     present reported: one character repeated 3 times or more, a block
	//     of up to 32 repeated, a sequence of 3 or more letters or digits
	//     stepping by one or two (digits wrapping from 9 to 0), a run of 4
	//     or more neighbouring keys of a US QWERTY keyboard.
	// These add to the length and class rules: a password of 12 characters
	// in 4 classes is refused all the same if it is guessable.
	RejectCommon bool
	// RejectPersonal refuses a password that contains, ignoring case, any of
	// the personal strings given to Check (username, given and family
	// names) that are 3 or more characters long.
	RejectPersonal bool
	// RequireClasses is how many of the four character classes the password
	// must mix, 0 to 4; 0 turns the rule off and 4 matches CAC CareNet. The
	// classes are lower-case letters, upper-case letters, digits (any
	// Unicode decimal digit), and symbols: every other character that is not
	// a letter, such as punctuation, currency signs and spaces. Letters
	// without case, as in Chinese or Arabic, count toward no class.
	RequireClasses int
}

// DefaultPolicy returns the recommended policy: 12 to 256 characters, no
// common or guessable passwords (RejectCommon), nothing personal, no
// character class rule. NIST SP 800-63B advises against class rules: they
// steer people to "Password123!", which RejectCommon refuses whatever the
// classes.
func DefaultPolicy() Policy {
	return Policy{
		MinLength:      12,
		MaxLength:      256,
		RejectCommon:   true,
		RejectPersonal: true,
	}
}

// Validate reports whether the policy itself is sane: MinLength at least
// MinPolicyLength, MaxLength between MinPolicyMaxLength and
// MaxPolicyMaxLength and not below MinLength, RequireClasses 0 to 4. The
// error is Invalid and names every field at fault.
func (p Policy) Validate() error {
	var probs carenet.Problems
	if p.MinLength < MinPolicyLength {
		probs.Add("MinLength", carenet.RuleRange, "must be at least "+strconv.Itoa(MinPolicyLength))
	}
	switch {
	case p.MaxLength < MinPolicyMaxLength || p.MaxLength > MaxPolicyMaxLength:
		probs.Add("MaxLength", carenet.RuleRange, between(MinPolicyMaxLength, MaxPolicyMaxLength))
	case p.MaxLength < p.MinLength:
		probs.Add("MaxLength", carenet.RuleOrder, "must not be less than MinLength")
	}
	if p.RequireClasses < 0 || p.RequireClasses > MaxClasses {
		probs.Add("RequireClasses", carenet.RuleRange, between(0, MaxClasses))
	}
	if err := probs.Err(); err != nil {
		return carenet.E("password.Policy.Validate", carenet.Invalid, "the password policy is not valid", err)
	}
	return nil
}

// Check reports whether password meets the policy. personal holds the
// user's own strings (username, given and family names) for the personal
// rule. It returns nil, or an Invalid error wrapping a
// *carenet.ValidationError that lists every rule broken, each a problem of
// the field "password" with one of the rule codes carenet.RuleInvalidUTF8,
// carenet.RuleControlChars, carenet.RuleTooShort, carenet.RuleTooLong,
// RuleCharacterClasses, RuleCommon, RuleCommonWithAdditions,
// RuleRepeated, RuleSequence, RuleKeyboard and RulePersonal.
//
// The rules apply to the password as Hasher.Hash stores it: normalised to
// Unicode NFKC (so full-width "Ｐａｓｓｗｏｒｄ" is "Password"). The
// minimum length is met only if both the password as typed and its
// normalised form have MinLength characters, since NFKC expands some
// characters into many (U+FDFA, one character, is 18 once normalised,
// "⑴" is "(1)"); the maximum is counted on the normalised form. The
// personal strings are normalised too.
//
// A password over MaxPasswordBytes bytes is refused as too long without
// looking further.
func (p Policy) Check(password string, personal ...string) error {
	var probs carenet.Problems
	if len(password) > MaxPasswordBytes {
		probs.Add(Field, carenet.RuleTooLong, p.tooLongMessage())
		return checkErr(&probs)
	}
	if !utf8.ValidString(password) {
		probs.Add(Field, carenet.RuleInvalidUTF8, "is not valid UTF-8 text")
	}
	typed := utf8.RuneCountInString(password)
	password = normalise(password)
	if carenet.HasControlChars(password, false) {
		probs.Add(Field, carenet.RuleControlChars, "must not contain control characters")
	}
	n := utf8.RuneCountInString(password)
	if min(typed, n) < p.MinLength {
		probs.Add(Field, carenet.RuleTooShort, "must be at least "+strconv.Itoa(p.MinLength)+" characters")
	}
	if p.MaxLength > 0 && n > p.MaxLength {
		probs.Add(Field, carenet.RuleTooLong, p.tooLongMessage())
	}
	if p.RequireClasses > 0 && classes(password) < p.RequireClasses {
		probs.Add(Field, RuleCharacterClasses, classesMessage(p.RequireClasses))
	}
	lower := strings.ToLower(password)
	if p.RejectCommon {
		checkGuessable(&probs, lower)
	}
	if p.RejectPersonal && containsPersonal(lower, personal) {
		probs.Add(Field, RulePersonal, "must not contain your username or your names")
	}
	return checkErr(&probs)
}

// checkGuessable adds the problem of lower, a lower-cased password, that
// Policy.RejectCommon describes, if any.
func checkGuessable(probs *carenet.Problems, lower string) {
	switch {
	case common().has(lower):
		probs.Add(Field, RuleCommon, "is too common; choose a less predictable password")
		return
	case commonWithAdditions(lower), commonWhenJoined(lower):
		probs.Add(Field, RuleCommonWithAdditions, "is a common password with only digits, symbols, look-alike swaps or repetition added; choose a less predictable password")
		return
	}
	covered, n := predictableParts(lower)
	if 2*(n-covered[partNone]) <= n {
		return
	}
	for _, r := range [...]struct {
		kind          part
		rule, message string
	}{
		{partRepeated, RuleRepeated, "is mostly predictable: it repeats characters or blocks of them"},
		{partSequence, RuleSequence, "is mostly predictable: it follows sequences of letters or digits (abcd, 1234)"},
		{partKeyboard, RuleKeyboard, "is mostly predictable: it follows neighbouring keys of the keyboard (qwerty, 1qaz)"},
	} {
		if covered[r.kind] > 0 {
			probs.Add(Field, r.rule, r.message)
		}
	}
}

func checkErr(probs *carenet.Problems) error {
	if err := probs.Err(); err != nil {
		return carenet.E("password.Policy.Check", carenet.Invalid, "", err)
	}
	return nil
}

func (p Policy) tooLongMessage() string {
	if p.MaxLength > 0 && p.MaxLength <= MaxPolicyMaxLength {
		return "must be at most " + strconv.Itoa(p.MaxLength) + " characters"
	}
	return "must be at most " + strconv.Itoa(MaxPasswordBytes) + " bytes"
}

// classes counts the character classes present in s.
func classes(s string) int {
	var lower, upper, digit, symbol bool
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case !unicode.IsLetter(r):
			symbol = true
		}
	}
	n := 0
	for _, present := range [...]bool{lower, upper, digit, symbol} {
		if present {
			n++
		}
	}
	return n
}

func classesMessage(n int) string {
	const list = "lower-case letters, upper-case letters, digits and symbols"
	if n >= MaxClasses {
		return "must contain " + list
	}
	return "must contain at least " + strconv.Itoa(n) + " of: " + list
}

// containsPersonal reports whether lower, a lower-cased normalised
// password, contains any personal string of personalMinLength or more
// characters, ignoring case, surrounding space and normalisation form.
func containsPersonal(lower string, personal []string) bool {
	for _, s := range personal {
		s = strings.ToLower(strings.TrimSpace(normalise(s)))
		if utf8.RuneCountInString(s) >= personalMinLength && strings.Contains(lower, s) {
			return true
		}
	}
	return false
}
