package password

import (
	"unicode"
	"unicode/utf8"
)

// minCoreLength is the fewest bytes a common password must have to count
// when found inside a longer one: shorter entries ("dog", "abc") turn up by
// chance.
const minCoreLength = 4

// Tables that undo letter-for-symbol swaps, one byte for another. They
// differ only where one symbol stands for two letters: "1" and "|" are an
// "i" in one and an "l" in the other.
var (
	unswapI = unswapTable('i')
	unswapL = unswapTable('l')
)

// unswapTable returns the table that maps each symbol of a common
// letter-for-symbol swap to its letter, with one standing for the
// letters "1" and "|" may stand for ("i" or "l").
func unswapTable(one byte) *[256]byte {
	var t [256]byte
	for i := range t {
		t[i] = byte(i)
	}
	for _, swap := range [...]struct{ symbol, letter byte }{
		{'@', 'a'}, {'4', 'a'}, {'8', 'b'}, {'(', 'c'}, {'<', 'c'}, {'3', 'e'},
		{'6', 'g'}, {'9', 'g'}, {'!', 'i'}, {'0', 'o'}, {'$', 's'}, {'5', 's'},
		{'7', 't'}, {'+', 't'}, {'2', 'z'}, {'1', one}, {'|', one},
	} {
		t[swap.symbol] = swap.letter
	}
	return &t
}

// commonWithAdditions reports whether lower, a lower-cased password, is a
// common password (an entry of the list, at least minCoreLength bytes)
// with only characters other than letters (digits, years, symbols, spaces)
// added before or after it, and with any of: letter-for-symbol swaps
// undone ("p@ssw0rd" is "password"), the last or first character repeated
// ("passwordddd"), the whole repeated ("passwordpassword",
// "password1!password1!").
//
// The part looked up holds every letter of the password, so only the
// characters before the first letter and after the last are tried as
// additions, and it is no longer than the longest entry: that bounds the
// work to a few hundred look-ups in the worst case, and one to a few for
// most passwords. A password repeated beyond it is refused as repeated
// (see RuleRepeated).
func commonWithAdditions(lower string) bool {
	c := common()
	if c.hasCoreOf(lower) {
		return true
	}
	p := period(lower)
	return p < len(lower) && c.hasCoreOf(lower[:p])
}

// hasCoreOf reports whether s is an entry of c (see derives) with only
// characters other than letters added before or after it.
func (c *commonPasswords) hasCoreOf(s string) bool {
	first, last := letterSpan(s)
	if first < 0 || last-first > c.longest {
		return false
	}
	for i := first; ; {
		for j := last; j-i <= c.longest; {
			if c.derives(s[i:j]) {
				return true
			}
			if j == len(s) {
				break
			}
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
		}
		if i == 0 {
			return false
		}
		_, size := utf8.DecodeLastRuneInString(s[:i])
		if i -= size; last-i > c.longest {
			return false
		}
	}
}

// letterSpan returns the byte offsets of the first letter of s and of the
// end of its last letter, or -1, -1 if s has none.
func letterSpan(s string) (first, end int) {
	first, end = -1, -1
	for i, r := range s {
		if unicode.IsLetter(r) {
			if first < 0 {
				first = i
			}
			end = i + utf8.RuneLen(r)
		}
	}
	return first, end
}

// derives reports whether core is an entry of c once repetition is taken
// off it (see reductions) and letter-for-symbol swaps are undone.
func (c *commonPasswords) derives(core string) bool {
	forms, n := reductions(core)
	for _, form := range forms[:n] {
		if len(form) < minCoreLength || len(form) > c.longest {
			continue
		}
		if c.has(form) || c.hasUnswapped(form, unswapI) || c.hasUnswapped(form, unswapL) {
			return true
		}
	}
	return false
}

// hasUnswapped reports whether form, its bytes mapped through table, is an
// entry of c.
func (c *commonPasswords) hasUnswapped(form string, table *[256]byte) bool {
	var buf [64]byte
	if len(form) > len(buf) {
		return false
	}
	b := buf[:len(form)]
	changed := false
	for i := 0; i < len(form); i++ {
		b[i] = table[form[i]]
		changed = changed || b[i] != form[i]
	}
	if !changed {
		return false
	}
	_, ok := c.set[string(b)] // no allocation: the compiler looks up b in place
	return ok
}

// reductions returns core and the strings that it is one of repeated, or
// with its last or first character repeated, reduced: "abcabc" gives
// "abc"; "abcddd" gives "abcd" and "abcdd"; "aaabc" gives "abc" and "aabc".
// Every one is a substring of core.
func reductions(core string) (forms [6]string, n int) {
	add := func(s string) {
		forms[n] = s
		n++
	}
	add(core)
	if p := period(core); p < len(core) {
		add(core[:p])
	}
	if len(core) == 0 {
		return forms, n
	}
	// Only runs of an ASCII letter are cut: no form splits a character, and
	// a run of other characters at an end is already tried shorter as an
	// addition.
	if run := runAtEnd(core); run >= 2 && isASCIILower(core[len(core)-1]) {
		add(core[:len(core)-run+1])
		if run >= 3 {
			add(core[:len(core)-run+2])
		}
	}
	if run := runAtStart(core); run >= 2 && isASCIILower(core[0]) {
		add(core[run-1:])
		if run >= 3 {
			add(core[run-2:])
		}
	}
	return forms, n
}

func isASCIILower(b byte) bool { return 'a' <= b && b <= 'z' }

// period returns the length of the shortest p such that s is s[:p] repeated
// (len(s) if there is none shorter). It works on bytes: a repeated block of
// UTF-8 text is a repeated block of bytes.
func period(s string) int {
	for p := 1; p <= len(s)/2; p++ {
		if len(s)%p == 0 && s[p:] == s[:len(s)-p] {
			return p
		}
	}
	return len(s)
}

// runAtEnd returns how many times the last byte of s repeats at its end.
func runAtEnd(s string) int {
	n := 1
	for n < len(s) && s[len(s)-1-n] == s[len(s)-1] {
		n++
	}
	return n
}

// runAtStart returns how many times the first byte of s repeats at its
// start.
func runAtStart(s string) int {
	n := 1
	for n < len(s) && s[n] == s[0] {
		n++
	}
	return n
}

// isSeparator reports whether b is a character people put between words:
// a space, '.', '-' or '_'.
func isSeparator(b byte) bool { return b == ' ' || b == '.' || b == '-' || b == '_' }

// commonWhenJoined reports whether lower, a lower-cased password with
// separators (see isSeparator) in it, is common, or common with additions
// (see commonWithAdditions), once they are taken out: cracking rules put
// separators between the words of a common password as they append
// digits ("pass word 1234", "p-a-s-s-w-o-r-d").
func commonWhenJoined(lower string) bool {
	n := 0
	for i := range len(lower) {
		if isSeparator(lower[i]) {
			n++
		}
	}
	if n == 0 {
		return false
	}
	joined := make([]byte, 0, len(lower)-n)
	for i := range len(lower) {
		if !isSeparator(lower[i]) {
			joined = append(joined, lower[i])
		}
	}
	j := string(joined)
	return common().has(j) || commonWithAdditions(j)
}
