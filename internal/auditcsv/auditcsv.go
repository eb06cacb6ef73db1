// Package auditcsv keeps the cells of an exported audit log from being
// evaluated by a spreadsheet, reversibly, so that an exported file can
// still be checked against the hashes of the events it holds.
//
// A spreadsheet evaluates a cell that starts with =, +, -, @ (and in some
// programs | or %), also after leading spaces, tabs or line breaks, and
// also in their full-width forms (＝ U+FF1D, ＋ U+FF0B, － U+FF0D, ＠ U+FF20,
// ｜ U+FF5C, ％ U+FF05), which some programs fold to ASCII. Neutralise puts
// an apostrophe before such a cell, which makes a spreadsheet show it as
// text. It also puts one before a cell that already starts with an
// apostrophe, so Restore, which takes one leading apostrophe off, gives
// back exactly the original.
package auditcsv

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Neutralise returns s as a cell a spreadsheet shows as text.
func Neutralise(s string) string {
	if Dangerous(s) || strings.HasPrefix(s, "'") {
		return "'" + s
	}
	return s
}

// Restore undoes Neutralise.
func Restore(s string) string { return strings.TrimPrefix(s, "'") }

// Dangerous reports whether a spreadsheet could evaluate s: its first rune
// after any leading white space (or a leading tab or carriage return
// itself) starts a formula.
func Dangerous(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '\t' || s[0] == '\r' || s[0] == '\n' {
		return true
	}
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			s = s[n:]
			continue
		}
		switch r {
		case '=', '+', '-', '@', '|', '%',
			'\uff1d', '\uff0b', '\uff0d', '\uff20', '\uff5c', '\uff05',
			'\u2212', '\ufe62', '\ufe63', '\ufe66': // minus sign, small plus, small hyphen-minus, small equals
			return true
		}
		return false
	}
	return false
}
