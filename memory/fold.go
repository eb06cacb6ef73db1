package memory

import (
	"strings"

	"github.com/carenet-go/carenet/personnel"
)

// fold is personnel.Fold, with a fast path for ASCII text: there it has no
// accents to remove, so folding only lower-cases and collapses white space.
// Building the search keys of many people is dominated by the general path.
func fold(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return personnel.Fold(s)
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			space = b.Len() > 0
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteByte(c)
	}
	return b.String()
}
