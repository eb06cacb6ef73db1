package password

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalise returns password in Unicode normalisation form NFKC, the form
// NIST SP 800-63B (5.1.1.2) asks for before hashing: "é" typed as one code
// point or as "e" and a combining accent, or "Ａ" typed on a full-width
// keyboard, are the same password. Text that is already normalised, as
// every ASCII password is, is returned as it is without copying. Invalid
// UTF-8 is returned as it is, so no byte of it is lost.
func normalise(password string) string {
	if !utf8.ValidString(password) {
		return password
	}
	return norm.NFKC.String(password)
}

// passwordForms returns what a stored hash may have been made from: first
// the password normalised (see normalise), which every hash made by Hash
// is of, then, only when it differs, the password as given, which hashes
// made before passwords were normalised are of. Verify and VerifyDummy
// both hash every form, so for the same input both do the same work.
func passwordForms(password string) (forms [2]string, n int) {
	forms[0] = normalise(password)
	if forms[0] == password {
		return forms, 1
	}
	forms[1] = password
	return forms, 2
}
