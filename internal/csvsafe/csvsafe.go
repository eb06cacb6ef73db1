// Package csvsafe makes values safe to write into a CSV export that people
// open in spreadsheets and programs read line by line: the custody export of
// package video, and any other export of the audit log.
//
// Three dangers are met, each in one function:
//
//   - A cell a spreadsheet evaluates as a formula (=HYPERLINK(...),
//     +cmd|..., @SUM(...)) runs when an investigator opens the file.
//     Formula reports such a cell; Neutralise, and Cell, prefix it with an
//     apostrophe.
//   - A value holding a line break splits one record across physical lines,
//     so a tool reading line by line sees a forged row. Cell
//     percent-encodes line breaks and other control characters (and "%"
//     itself, so the encoding can be undone), keeping each row on one line.
//   - A value holding the separators of a list of key=value pairs poses as
//     another key ("c-1; sha256=000..."). Pairs percent-encodes ";", "=",
//     quotes and "%" in keys and values, so every pair it writes is exactly
//     one key and one value; ParsePairs reads them back.
//
// The encoding is RFC 3986 percent-encoding of each byte of the UTF-8 form,
// upper-case hex ("%0A", "%3B"), applied only to the bytes that need it, so
// ordinary identifiers, times and checksums read as they are.
package csvsafe

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const hexDigits = "0123456789ABCDEF"

// PairSeparator joins the pairs Pairs writes.
const PairSeparator = "; "

// Cell returns a raw value ready for one CSV cell: line breaks, control
// characters, invalid UTF-8 and "%" percent-encoded (see Escape), and a
// leading apostrophe too, then Neutralise. So a cell Cell wrote starts with
// an apostrophe only when it was neutralised: drop it and Unescape the rest
// to get the value back.
func Cell(s string) string {
	s = Escape(s, "")
	if strings.HasPrefix(s, "'") {
		s = "%27" + s[1:]
	}
	return Neutralise(s)
}

// Neutralise prefixes s with an apostrophe if a spreadsheet would take it
// for a formula (see Formula), or if it starts with an apostrophe already,
// and returns it unchanged otherwise; Restore undoes it exactly. Use it on
// text already encoded for one line, such as what Pairs writes, or on a
// cell whose text must come back byte for byte (an exported audit event,
// checked against its hash); use Cell on a raw value.
func Neutralise(s string) string {
	if Formula(s) || strings.HasPrefix(s, "'") {
		return "'" + s
	}
	return s
}

// Restore undoes Neutralise: it takes one leading apostrophe off.
func Restore(s string) string { return strings.TrimPrefix(s, "'") }

// Formula reports whether a spreadsheet would evaluate s as a formula: its
// first character is a tab, carriage return or line feed, or its first
// character that is not white space is "=", "+", "-" or "@" or a form of
// one that folds to it under Unicode compatibility normalisation (the
// full-width "＝" U+FF1D, "＋", "－", "＠", the small forms "﹦", "﹢",
// "﹣", "﹫"), or the minus sign U+2212.
func Formula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '\t', '\r', '\n':
		return true
	}
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			continue
		}
		return formulaStart(r)
	}
	return false
}

// formulaStart reports whether r opens a formula.
func formulaStart(r rune) bool {
	switch r {
	case '=', '+', '-', '@', '|', '\u2212':
		return true
	}
	if r < utf8.RuneSelf {
		return false
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	folded := norm.NFKC.Bytes(buf[:n])
	return len(folded) > 0 && strings.IndexByte("=+-@|", folded[0]) >= 0
}

// Escape percent-encodes in s: "%", every byte of invalid UTF-8, the
// control characters (C0, DEL and C1, tab and line breaks included), the
// line and paragraph separators U+2028 and U+2029, and each byte of also.
// also may hold only ASCII characters. Text without any of them is
// returned as it is.
func Escape(s, also string) string {
	i := firstEscape(s, also)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if mustEscape(r, size, also) {
			for j := i; j < i+size; j++ {
				c := s[j]
				b.WriteByte('%')
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&15])
			}
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstEscape is the index of the first rune of s Escape encodes, or -1.
func firstEscape(s, also string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if mustEscape(r, size, also) {
			return i
		}
		i += size
	}
	return -1
}

func mustEscape(r rune, size int, also string) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r == '%', r == '\u2028', r == '\u2029', unicode.IsControl(r):
		return true
	case r < utf8.RuneSelf:
		return strings.IndexByte(also, byte(r)) >= 0
	}
	return false
}

// Unescape undoes Escape: each "%" and two hex digits becomes the byte they
// name. It reports false if s holds a "%" not followed by two hex digits,
// which Escape never writes.
func Unescape(s string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", false
		}
		b.WriteByte(hi<<4 | lo)
		i += 2
	}
	return b.String(), true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// pairSpecials are the characters Pairs encodes in keys and values beside
// those Escape always encodes: the pair syntax and quotes.
const pairSpecials = ";=\"'"

// Pairs writes m as "key=value" pairs sorted by key and joined by
// PairSeparator, each key and value percent-encoded (Escape with ";", "=",
// and quotes), so no value can end its pair or start another: a value
// "c-1; sha256=0" is written "c-1%3B sha256%3D0". The result is one line.
// ParsePairs reads it back.
func Pairs(m map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if b.Len() > 0 {
			b.WriteString(PairSeparator)
		}
		b.WriteString(Escape(k, pairSpecials))
		b.WriteByte('=')
		b.WriteString(Escape(m[k], pairSpecials))
	}
	return b.String()
}

// ParsePairs reads what Pairs wrote. It reports false for text Pairs could
// not have written: a pair without "=", a bad escape, a key given twice.
func ParsePairs(s string) (map[string]string, bool) {
	out := map[string]string{}
	if s == "" {
		return out, true
	}
	for _, pair := range strings.Split(s, PairSeparator) {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || strings.ContainsAny(v, "=;") || strings.ContainsAny(k, ";") {
			return nil, false
		}
		key, ok1 := Unescape(k)
		val, ok2 := Unescape(v)
		if _, dup := out[key]; !ok1 || !ok2 || dup {
			return nil, false
		}
		out[key] = val
	}
	return out, true
}
