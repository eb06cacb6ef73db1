package password

import "unicode"

// part is a kind of predictable part of a password.
type part uint8

// The kinds of predictable part, in the order they are looked for: a
// character in more than one part counts toward the first.
const (
	partNone     part = iota
	partRepeated      // "aaa", "abab", "tjvq-tjvq-"
	partSequence      // "abcd", "9876", "acegi", "7890123"
	partKeyboard      // "qwerty", "asdfgh", "1qaz", "zaq!"
	partKinds
)

// Sizes of the predictable parts.
const (
	// minRepeatedRun is the shortest run of one character that counts.
	minRepeatedRun = 3
	// maxRepeatedBlock is the longest block whose repetition is looked for:
	// a password that repeats a longer block is long and holds it whole.
	maxRepeatedBlock = 32
	// minSequence is the shortest sequence that counts.
	minSequence = 3
	// minKeyboardRun is the shortest keyboard run that counts: three
	// neighbouring keys turn up too often by chance.
	minKeyboardRun = 4
	// maxStackRunes is how long a password is checked without allocating.
	maxStackRunes = 256
)

// predictableParts finds the predictable parts of lower, a lower-cased
// password, and returns how many of its characters each kind covers
// (indexed by part) and how many characters it has.
func predictableParts(lower string) (covered [partKinds]int, n int) {
	var buf [maxStackRunes]rune
	rs := buf[:0]
	for _, r := range lower {
		rs = append(rs, r)
	}
	var kindBuf [maxStackRunes]part
	kinds := kindBuf[:0]
	if len(rs) > len(kindBuf) {
		kinds = make([]part, len(rs))
	} else {
		kinds = kindBuf[:len(rs)]
	}
	markRepeats(rs, kinds)
	markSequences(rs, kinds)
	markKeyboardRuns(rs, kinds)
	for _, k := range kinds {
		covered[k]++
	}
	return covered, len(rs)
}

// mark records kind for kinds[from:to] where no earlier kind is recorded.
func mark(kinds []part, from, to int, kind part) {
	for i := from; i < to; i++ {
		if kinds[i] == partNone {
			kinds[i] = kind
		}
	}
}

// markRepeats marks every run of one character repeated minRepeatedRun
// times or more, and every block of 2 to maxRepeatedBlock characters
// repeated at once, the first copy included. For each block size it looks
// for stretches where each character equals the one size places on: such
// a stretch of size or more characters (two for a single character) is a
// block repeated, which it marks with the copy that ends it.
func markRepeats(rs []rune, kinds []part) {
	for size := 1; size <= maxRepeatedBlock && 2*size <= len(rs); size++ {
		need := size
		if size == 1 {
			need = minRepeatedRun - 1
		}
		run := 0
		ahead := rs[size:]
		for k, r := range rs[:len(ahead)] {
			if r == ahead[k] {
				run++
				continue
			}
			if run >= need {
				mark(kinds, k-run, k+size, partRepeated)
			}
			run = 0
		}
		if run >= need {
			mark(kinds, len(rs)-size-run, len(rs), partRepeated)
		}
	}
}

// markSequences marks every run of minSequence or more letters, or of
// digits, that step through the alphabet (by code point) or the digits by
// the same step of one or two, up or down: "abcd", "zyxw", "aceg", "1357",
// "αβγδ". Digits wrap around as on a keyboard's top row: "7890123".
func markSequences(rs []rune, kinds []part) {
	for i := 0; i+1 < len(rs); {
		step := sequenceStep(rs[i], rs[i+1])
		if step == 0 {
			i++
			continue
		}
		end := i + 2
		for end < len(rs) && sequenceStep(rs[end-1], rs[end]) == step {
			end++
		}
		if end-i >= minSequence {
			mark(kinds, i, end, partSequence)
		}
		i = end - 1 // the last may begin a run with another step
	}
}

// sequenceStep returns the step from a to b if both are letters, or both
// digits, one or two apart; 0 otherwise.
func sequenceStep(a, b rune) int {
	var d int
	switch {
	case isASCIIDigit(a) && isASCIIDigit(b):
		d = (int(b-a) + 10) % 10 // 9 then 0 is a step of one
		if d > 5 {
			d -= 10
		}
	case unicode.IsLetter(a) && unicode.IsLetter(b), unicode.IsDigit(a) && unicode.IsDigit(b):
		d = int(b - a)
	default:
		return 0
	}
	if d == 0 || d < -2 || d > 2 {
		return 0
	}
	return d
}

func isASCIIDigit(r rune) bool { return '0' <= r && r <= '9' }

// markKeyboardRuns marks every run of minKeyboardRun or more keys of a US
// QWERTY keyboard, shifted or not, each a neighbour of the one before:
// along a row ("qwerty", "poiuy", "!@#$"), down a column ("1qaz", "zaq1")
// or across ("qazwsx" is "qaz" then "wsx": a and w are neighbours).
func markKeyboardRuns(rs []rune, kinds []part) {
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && neighbours(rs[i-1], rs[i]) {
			continue
		}
		if i-start >= minKeyboardRun {
			mark(kinds, start, i, partKeyboard)
		}
		start = i
	}
}

// key is where a key sits on a US QWERTY keyboard: its row from the top
// (the digits' row is 1; 0 means no key) and the position of its centre
// along the row, in quarters of a key. The rows are staggered: the q key's
// centre is half a key right of the 1 key's, the a key's a quarter right
// of the q key's, the z key's half right of the a key's.
type key struct{ row, x int8 }

var keyboard = func() (k [128]key) {
	rows := [...]struct {
		keys, shifted string
		x             int8
	}{
		{"`1234567890-=", "~!@#$%^&*()_+", 0},
		{"qwertyuiop[]\\", "QWERTYUIOP{}|", 6},
		{"asdfghjkl;'", "ASDFGHJKL:\"", 7},
		{"zxcvbnm,./", "ZXCVBNM<>?", 9},
	}
	for row, r := range rows {
		for i := range len(r.keys) {
			at := key{row: int8(row + 1), x: r.x + int8(4*i)}
			k[r.keys[i]], k[r.shifted[i]] = at, at
		}
	}
	return k
}()

// neighbours reports whether a and b are on two different keys that touch.
func neighbours(a, b rune) bool {
	if a >= 128 || b >= 128 || a < 0 || b < 0 {
		return false
	}
	ka, kb := keyboard[a], keyboard[b]
	if ka.row == 0 || kb.row == 0 || ka == kb {
		return false
	}
	dx := ka.x - kb.x
	if dx < 0 {
		dx = -dx
	}
	switch ka.row - kb.row {
	case 0:
		return dx == 4
	case 1, -1:
		return dx <= 3
	}
	return false
}
