package csvsafe

import "testing"

func TestNeutraliseDefusesFormulasReversibly(t *testing.T) {
	for _, s := range []string{
		"=1+1", "+1", "-1", "@SUM(A1)", "|cmd", "｜cmd",
		" =1", "\t=1", "\r=1", "\n=1", "  \n =HYPERLINK(\"x\")", "\u3000=1",
		"＝1+1", "＋1", "－1", "＠SUM", " ＝1", "\u00a0=1", "\u200b=1",
	} {
		got := Neutralise(s)
		if got != "'"+s {
			t.Errorf("Neutralise(%q) = %q, want it prefixed with an apostrophe", s, got)
		}
		if Restore(got) != s {
			t.Errorf("Restore(Neutralise(%q)) = %q", s, Restore(got))
		}
	}
}

func TestNeutraliseLeavesTextAlone(t *testing.T) {
	for _, s := range []string{"", "Ada", "a=b", "1-2", "p-1", "2026-03-02T09:00:00Z", "{\"k\":\"=x\"}", "e@x.org", "   "} {
		if got := Neutralise(s); got != s {
			t.Errorf("Neutralise(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestNeutraliseIsReversibleForApostrophes(t *testing.T) {
	for _, s := range []string{"'", "'=1", "''", "'text"} {
		if got := Restore(Neutralise(s)); got != s {
			t.Errorf("Restore(Neutralise(%q)) = %q", s, got)
		}
	}
}
