package memory

import (
	"testing"

	"github.com/carenet-go/carenet/personnel"
)

func TestFoldMatchesPersonnelFold(t *testing.T) {
	for _, s := range []string{
		"", " ", "Ada", "  Ada  ", "Mary  Ann", "Mary\tAnn\r\n", "O'BRIEN", "Jo_Ann%", `back\slash`,
		"Zoë Ångström", "ZOË", "Søren", "Ñ", "a\u00a0b", "x\u0085y", "Ada\x00", "\x7f", "MIXED ascii Ünd",
	} {
		if got, want := fold(s), personnel.Fold(s); got != want {
			t.Errorf("fold(%q) = %q, personnel.Fold gives %q", s, got, want)
		}
	}
}
