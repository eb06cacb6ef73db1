package auth

import (
	"strconv"
	"strings"

	"github.com/carenet-go/carenet"
)

// Username limits.
const (
	MinUsernameLength = 3
	MaxUsernameLength = 128
)

// NormalizeUsername returns the stored form of a username, or an Invalid
// error naming the field "username" and the rule it broke.
//
// Usernames are ASCII: letters, digits and . _ - @ +, starting with a letter
// or digit, 3 to 128 characters. Normalising trims surrounding white space
// and lower-cases, once, when the username is created or looked up; so
// "JSmith" and "jsmith" are the same login. Keeping usernames ASCII rules out
// look-alike characters (a Cyrillic "а" for a Latin "a") that would let two
// logins read the same to an administrator.
func NormalizeUsername(s string) (string, error) {
	if len(s) > 4*MaxUsernameLength {
		return "", usernameErr(carenet.RuleTooLong, "must be at most "+strconv.Itoa(MaxUsernameLength)+" characters")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", usernameErr(carenet.RuleRequired, "is required")
	}
	if carenet.HasControlChars(s, false) {
		return "", usernameErr(carenet.RuleControlChars, "must not contain control characters")
	}
	if len(s) > MaxUsernameLength {
		return "", usernameErr(carenet.RuleTooLong, "must be at most "+strconv.Itoa(MaxUsernameLength)+" characters")
	}
	if len(s) < MinUsernameLength {
		return "", usernameErr(carenet.RuleTooShort, "must be at least "+strconv.Itoa(MinUsernameLength)+" characters")
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + ('a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-' || c == '@' || c == '+'):
		default:
			return "", usernameErr(carenet.RuleFormat, "may hold only letters, digits and . _ - @ +, and must start with a letter or digit")
		}
	}
	return string(b), nil
}

func usernameErr(rule, msg string) error {
	var p carenet.Problems
	p.Add("username", rule, msg)
	return carenet.E("auth.NormalizeUsername", carenet.Invalid, "username "+msg, p.Err())
}
