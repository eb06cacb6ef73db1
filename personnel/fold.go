package personnel

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold is the key names and agencies are searched by: accents removed
// (canonical decomposition, combining marks dropped), lower-cased, and inner
// white space collapsed to one space. "Zoë  Ångström" folds to
// "zoe angstrom". Stores index these keys; the search folds its terms the
// same way, so matching is case- and accent-insensitive in every store.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}
