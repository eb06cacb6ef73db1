package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/csvsafe"
)

func TestFormulaCellsAreNeutralised(t *testing.T) {
	formulas := []string{
		"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
		" =1", "   +cmd|' /C calc'!A0", "\u00a0=1", "\u3000@x", "\u200b=1",
		"\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20x", // full-width = + - @
		"\ufe66x", "\ufe62x", "\ufe63x", "\ufe6bx", // small forms
		"\u22121", " \uff1dHYPERLINK(\"http://x\")",
	}
	for _, s := range formulas {
		assert.True(t, csvsafe.Formula(s), "%q", s)
		assert.Equal(t, "'"+s, csvsafe.Neutralise(s))
		got := csvsafe.Cell(s)
		assert.False(t, csvsafe.Formula(got), "%q became %q", s, got)
		assert.True(t, strings.HasPrefix(got, "'") || strings.HasPrefix(got, "%"), "%q became %q", s, got)
	}
	plain := []string{"", "client-1", "2026-03-02T09:01:00Z", "9f86d081", "a=b", "x-1", "x+1", "Ana María", "%", "50 %"}
	for _, s := range plain {
		assert.False(t, csvsafe.Formula(s), "%q", s)
		assert.False(t, strings.HasPrefix(csvsafe.Cell(s), "'"), "%q", s)
	}
	assert.Equal(t, "%27quoted", csvsafe.Cell("'quoted"), "a cell starts with an apostrophe only when neutralised")
}

func TestCellKeepsARowOnOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"closed\nnext row":   "closed%0Anext row",
		"a\r\nb":             "a%0D%0Ab",
		"50%":                "50%25",
		"sep\u2028arator":    "sep%E2%80%A8arator",
		"bad\xffbyte":        "bad%FFbyte",
		"del\x7f":            "del%7F",
		"plain id v-000001":  "plain id v-000001",
		"\nfirst line break": "%0Afirst line break",
	} {
		assert.Equal(t, want, csvsafe.Cell(in), "%q", in)
		back, ok := csvsafe.Unescape(csvsafe.Cell(in))
		require.True(t, ok)
		assert.Equal(t, in, back)
	}
}

// TestPairsCannotForgeAKey is the forged checksum of a custody export: a
// client ID holding "; sha256=" must stay inside the client's pair.
func TestPairsCannotForgeAKey(t *testing.T) {
	m := map[string]string{
		"client": "c-1; sha256=0000000000000000000000000000000000000000000000000000000000000000",
		"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
	got := csvsafe.Pairs(m)
	assert.Equal(t, "client=c-1%3B sha256%3D0000000000000000000000000000000000000000000000000000000000000000; "+
		"sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", got)
	assert.Equal(t, 1, strings.Count(got, "sha256="), "one sha256 key")
	back, ok := csvsafe.ParsePairs(got)
	require.True(t, ok)
	assert.Equal(t, m, back)
}

func TestPairsPlainValuesReadAsTheyAre(t *testing.T) {
	assert.Equal(t, "action=view; expires_at=2026-03-02T09:06:00Z; first_open=true",
		csvsafe.Pairs(map[string]string{"first_open": "true", "action": "view", "expires_at": "2026-03-02T09:06:00Z"}))
	assert.Equal(t, "", csvsafe.Pairs(nil))
}

func TestParsePairsRefusesWhatPairsNeverWrites(t *testing.T) {
	for _, s := range []string{"novalue", "a=b=c", "a=1; a=2", "a=%zz", "a=%4", "a;b=c"} {
		_, ok := csvsafe.ParsePairs(s)
		assert.False(t, ok, "%q", s)
	}
}

// FuzzPairsNoForgedField writes pairs with arbitrary values as one CSV
// cell, reads the CSV back and checks that the row is one physical line,
// that the cell is one cell, that exactly the keys written come back, each
// with its value, and that the cell never opens with a formula.
func FuzzPairsNoForgedField(f *testing.F) {
	f.Add("c-1; sha256=000", "9f86", "x")
	f.Add("a\nb,c\"d", "=cmd", "\uff1dx")
	f.Add("%3B", "'; x='", "\r\n")
	f.Fuzz(func(t *testing.T, client, sum, other string) {
		m := map[string]string{"client": client, "sha256": sum, "z": other}
		cell := csvsafe.Neutralise(csvsafe.Pairs(m))
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		require.NoError(t, w.Write([]string{"1", cell, csvsafe.Cell(other)}))
		w.Flush()
		out := buf.String()
		if strings.Count(out, "\n") != 1 || strings.Contains(strings.TrimSuffix(out, "\n"), "\r") {
			t.Fatalf("row spans lines: %q", out)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 1)
		require.Len(t, rows[0], 3)
		if csvsafe.Formula(rows[0][1]) || csvsafe.Formula(rows[0][2]) {
			t.Fatalf("a formula cell: %q", rows[0])
		}
		back, ok := csvsafe.ParsePairs(strings.TrimPrefix(rows[0][1], "'"))
		require.True(t, ok, "%q", rows[0][1])
		assert.Equal(t, m, back)
		plain, ok := csvsafe.Unescape(strings.TrimPrefix(rows[0][2], "'"))
		require.True(t, ok)
		assert.Equal(t, other, plain)
	})
}

var sink string

// BenchmarkCellPlain is a cell that needs nothing: an identifier.
func BenchmarkCellPlain(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = csvsafe.Cell("3f1c2a9e-0b7d-4c1e-9a55-0f6d2e7b8c11")
	}
}

// BenchmarkPairsUpload is the details cell of an upload's custody event.
func BenchmarkPairsUpload(b *testing.B) {
	m := map[string]string{"case": "case-9", "client": "client-1", "content_type": "video/mp4; codecs=avc1",
		"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "size_bytes": "1073741824"}
	b.ReportAllocs()
	for b.Loop() {
		sink = csvsafe.Neutralise(csvsafe.Pairs(m))
	}
}
