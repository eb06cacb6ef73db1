package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/carenet-go/carenet/personnel"
)

// Search finds candidates through the sorted indexes rather than by
// scanning everyone:
//
//   - With name terms, every match has each term starting a word of its
//     folded name as displayed, given then family (see
//     personRec.matchesName). The people with one term are two contiguous
//     ranges: one of the family-ordered index (the term starts the family
//     name), one of the word index (it starts another word); the term whose
//     ranges are cheapest to search is used. The family range is already
//     in result order and is walked from the cursor until the page is full;
//     the word range is filtered into a bounded selection of the best
//     Limit, and the two are merged.
//   - With a username prefix only, the accounts whose username has the
//     prefix are one range of the username index.
//   - Otherwise the family-ordered index is walked from the cursor.
//
// Terms, agency and cursor are folded again and the username prefix is
// lower-cased, in case a caller did not; a term's characters are all plain
// characters. An empty States matches every state; a Limit below 1 gives
// no results.
func (r people) Search(ctx context.Context, q personnel.SearchQuery) ([]personnel.Person, error) {
	const op = "memory.People.Search"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	if q.Limit < 1 {
		return nil, nil
	}
	m := r.t.newMatcher(q)
	var page []personEntry
	switch {
	case len(m.terms) > 0:
		page = m.byTerm(m.cheapestTerm())
	case m.username != "":
		page = m.byUsername()
	default:
		page = m.walk()
	}
	out := make([]personnel.Person, len(page))
	for i, e := range page {
		out[i] = clonePerson(e.rec.p)
	}
	return out, nil
}

// matcher holds a search query prepared for matching.
type matcher struct {
	st       *state
	terms    []string
	spaced   []string // " " + each term
	prefixes []prefix // one per term
	username string
	agency   string
	kind     personnel.AgencyKind
	states   []personnel.State
	after    *personEntry // the cursor as an entry, or nil
	limit    int
}

func (t *tx) newMatcher(q personnel.SearchQuery) *matcher {
	m := &matcher{
		st:       t.st,
		username: usernameKeyOf(q.UsernamePrefix),
		agency:   fold(q.Agency),
		kind:     q.AgencyKind,
		states:   q.States,
		limit:    q.Limit,
	}
	for _, term := range q.Terms {
		if term = fold(term); term != "" {
			m.terms = append(m.terms, term)
			m.spaced = append(m.spaced, " "+term)
			m.prefixes = append(m.prefixes, newPrefix(term))
		}
	}
	if c := q.After; c != nil {
		e := entryOf(&personRec{family: fold(c.Family), given: fold(c.Given), p: personnel.Person{ID: c.ID}})
		m.after = &e
	}
	return m
}

// afterCursor reports whether e comes after the cursor.
func (m *matcher) afterCursor(e personEntry) bool {
	return m.after == nil || compareFamilyOrder(e, *m.after) > 0
}

// match reports whether e meets every criterion but the cursor. The name
// terms go first: they are mostly decided on the entry alone.
func (m *matcher) match(e personEntry) bool {
	rec := e.rec
	for i, p := range m.prefixes {
		if !p.ofFamily(e) && !rec.matchesName(m.spaced[i]) {
			return false
		}
	}
	if m.agency != "" && rec.agency != m.agency {
		return false
	}
	if m.kind != "" && rec.p.AgencyKind != m.kind {
		return false
	}
	if len(m.states) > 0 && !slices.Contains(m.states, rec.p.State) {
		return false
	}
	if m.username != "" {
		aid, ok := m.st.accountByPerson.get(rec.p.ID)
		if !ok || !strings.HasPrefix(usernameKeyOf(m.st.accounts.at(aid).Username), m.username) {
			return false
		}
	}
	return true
}

// prefix tests whether a folded name starts with term, on the packed name
// where that decides it.
type prefix struct {
	term      string
	key, mask uint64
	// exact says the packed test alone decides: the term fits in a pack
	// and has no zero byte to be confused with padding.
	exact bool
}

func newPrefix(term string) prefix {
	n := min(len(term), 8)
	mask := ^uint64(0) << (8 * (8 - n))
	return prefix{term: term, key: pack(term) & mask, mask: mask, exact: len(term) <= 8 && !strings.Contains(term, "\x00")}
}

func (p prefix) ofFamily(e personEntry) bool {
	return e.family&p.mask == p.key && (p.exact || strings.HasPrefix(e.rec.family, p.term))
}

// ofWord reports whether the term starts w's tail.
func (p prefix) ofWord(w wordEntry) bool {
	return w.key&p.mask == p.key && (p.exact || strings.HasPrefix(w.tail, p.term))
}

// familyAtOrAfter reports whether e's folded family name is not before s,
// packed as key.
func familyAtOrAfter(e personEntry, key uint64, s string) bool {
	if e.family != key {
		return e.family > key
	}
	return e.rec.family >= s
}

// wordAtOrAfter reports whether w's tail is not before s, packed as key.
func wordAtOrAfter(w wordEntry, key uint64, s string) bool {
	if w.key != key {
		return w.key > key
	}
	return w.tail >= s
}

// cheapestTerm is the term whose ranges (see byTerm) are cheapest to
// search. The word range is scanned whole; the family range only until the
// page is full, which with the other terms matching a share of everyone
// takes about Limit divided by that share.
func (m *matcher) cheapestTerm() string {
	if len(m.terms) == 1 {
		return m.terms[0]
	}
	fam := make([]int, len(m.terms))
	words := make([]int, len(m.terms))
	for i, term := range m.terms {
		fam[i], words[i] = m.rangeSizes(term)
	}
	n := m.st.people.len()
	best, lowest := 0, -1
	for i := range m.terms {
		others := n
		for j := range m.terms {
			if j != i {
				others = min(others, fam[j]+words[j])
			}
		}
		walk := fam[i]
		if others > 0 {
			walk = min(walk, m.limit*n/others)
		}
		if cost := words[i] + walk; lowest < 0 || cost < lowest {
			best, lowest = i, cost
		}
	}
	return m.terms[best]
}

// rangeSizes counts the entries of the family index whose name, and of the
// word index whose tail, starts with term.
func (m *matcher) rangeSizes(term string) (family, words int) {
	key := pack(term)
	famLo := m.st.byFamily.rank(func(e personEntry) bool { return familyAtOrAfter(e, key, term) })
	famHi := m.st.byFamily.rank(func(e personEntry) bool {
		return familyAtOrAfter(e, key, term) && !strings.HasPrefix(e.rec.family, term)
	})
	wordLo := m.st.byWord.rank(func(w wordEntry) bool { return wordAtOrAfter(w, key, term) })
	wordHi := m.st.byWord.rank(func(w wordEntry) bool {
		return wordAtOrAfter(w, key, term) && !strings.HasPrefix(w.tail, term)
	})
	return famHi - famLo, wordHi - wordLo
}

// byTerm finds the page among the people with a name starting with term.
func (m *matcher) byTerm(term string) []personEntry {
	pre, termKey, spaced := newPrefix(term), pack(term), " "+term
	var page []personEntry
	for e := range m.st.byFamily.from(func(e personEntry) bool {
		return familyAtOrAfter(e, termKey, term) && m.afterCursor(e)
	}) {
		if len(page) == m.limit || !pre.ofFamily(e) {
			break
		}
		if m.match(e) {
			page = append(page, e)
		}
	}
	// People with another word, but not the family name, starting with
	// term. Only those before the page's last entry can still make the
	// page. Entries with one tail follow each other in family order, so
	// once one is too late for the page, so are the rest of its tail: the
	// walk skips to the next tail. A person whose name has two such words
	// is met twice and counted at the first.
	best := newTopK(m.limit)
	var bound *personEntry
	if len(page) == m.limit {
		bound = &page[len(page)-1]
	}
	late := func(e personEntry) bool {
		return !best.wants(e) || (bound != nil && compareFamilyOrder(e, *bound) >= 0)
	}
	seek := func(w wordEntry) bool { return wordAtOrAfter(w, termKey, term) }
	for seek != nil {
		from := seek
		seek = nil
		for w := range m.st.byWord.from(from) {
			if !pre.ofWord(w) {
				break
			}
			e := entryOf(w.rec)
			if late(e) {
				key, tail := w.key, w.tail
				seek = func(w wordEntry) bool { return w.key > key || (w.key == key && w.tail > tail) }
				break
			}
			if w.firstMatch(spaced) && m.afterCursor(e) && !pre.ofFamily(e) && m.match(e) {
				best.add(e)
			}
		}
	}
	return mergePages(page, best.sorted(), m.limit)
}

// byUsername finds the page among the people whose username has the prefix.
func (m *matcher) byUsername() []personEntry {
	best := newTopK(m.limit)
	for k := range m.st.usernames.from(func(k usernameKey) bool { return k.username >= m.username }) {
		if !strings.HasPrefix(k.username, m.username) {
			break
		}
		if e := entryOf(m.st.people.at(k.personID)); m.afterCursor(e) && best.wants(e) && m.match(e) {
			best.add(e)
		}
	}
	return best.sorted()
}

// walk finds the page by walking everyone in order from the cursor.
func (m *matcher) walk() []personEntry {
	var page []personEntry
	for e := range m.st.byFamily.from(m.afterCursor) {
		if len(page) == m.limit {
			break
		}
		if m.match(e) {
			page = append(page, e)
		}
	}
	return page
}

// mergePages merges two lists in search order, without duplicates, and
// keeps the first limit.
func mergePages(a, b []personEntry, limit int) []personEntry {
	out := make([]personEntry, 0, min(len(a)+len(b), limit))
	for len(out) < limit && (len(a) > 0 || len(b) > 0) {
		switch {
		case len(b) == 0:
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0:
			out, b = append(out, b[0]), b[1:]
		default:
			switch c := compareFamilyOrder(a[0], b[0]); {
			case c < 0:
				out, a = append(out, a[0]), a[1:]
			case c > 0:
				out, b = append(out, b[0]), b[1:]
			default:
				out, a, b = append(out, a[0]), a[1:], b[1:]
			}
		}
	}
	return out
}

// topK keeps the k first entries in search order among those added: a
// binary max-heap whose root is the worst entry kept.
type topK struct {
	k       int
	entries []personEntry
}

func newTopK(k int) *topK { return &topK{k: k} }

// wants reports whether e would be kept if added.
func (h *topK) wants(e personEntry) bool {
	return len(h.entries) < h.k || compareFamilyOrder(e, h.entries[0]) < 0
}

// add keeps e if it is among the k first.
func (h *topK) add(e personEntry) {
	if len(h.entries) < h.k {
		h.entries = append(h.entries, e)
		h.up(len(h.entries) - 1)
		return
	}
	if compareFamilyOrder(e, h.entries[0]) < 0 {
		h.entries[0] = e
		h.down(0)
	}
}

// worse reports whether entry i comes after entry j in search order.
func (h *topK) worse(i, j int) bool { return compareFamilyOrder(h.entries[i], h.entries[j]) > 0 }

func (h *topK) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !h.worse(i, parent) {
			return
		}
		h.entries[i], h.entries[parent] = h.entries[parent], h.entries[i]
		i = parent
	}
}

func (h *topK) down(i int) {
	n := len(h.entries)
	for {
		worst := i
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < n && h.worse(c, worst) {
				worst = c
			}
		}
		if worst == i {
			return
		}
		h.entries[i], h.entries[worst] = h.entries[worst], h.entries[i]
		i = worst
	}
}

// sorted returns the entries kept, in search order.
func (h *topK) sorted() []personEntry {
	out := slices.Clone(h.entries)
	slices.SortFunc(out, compareFamilyOrder)
	return out
}
