package memory

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
)

// NewSortedSetForTest exposes a sortedSet of ints to the external tests,
// written to by one write transaction.
func NewSortedSetForTest() *IntSet {
	s := newSortedSet(cmp.Compare[int])
	return &IntSet{s: &s, w: &tx{writable: true, gen: 1}}
}

// IntSet wraps a sortedSet of ints.
type IntSet struct {
	s *sortedSet[int]
	w *tx
}

// Insert adds v.
func (x *IntSet) Insert(v int) bool { return x.s.insert(x.w, v) }

// Delete removes v.
func (x *IntSet) Delete(v int) bool { return x.s.delete(x.w, v) }

// Len is the number of values.
func (x *IntSet) Len() int { return x.s.Len() }

// All yields the values in order.
func (x *IntSet) All() iter.Seq[int] { return x.s.all() }

// From yields the values from the first not below from.
func (x *IntSet) From(from int) iter.Seq[int] { return x.s.from(func(v int) bool { return v >= from }) }

// Rank counts the values below from.
func (x *IntSet) Rank(from int) int { return x.s.rank(func(v int) bool { return v >= from }) }

// Snapshot renders the people and their indexes for comparison.
func Snapshot(s *Store) string {
	st := s.cur.Load()
	var b strings.Builder
	ids := slices.Sorted(st.people.keys())
	for _, id := range ids {
		fmt.Fprintf(&b, "%+v\n", st.people.at(id).p)
	}
	for e := range st.byFamily.all() {
		fmt.Fprintf(&b, "F %x %s|%s|%s\n", e.family, e.rec.family, e.rec.given, e.rec.p.ID)
	}
	for w := range st.byWord.all() {
		fmt.Fprintf(&b, "W %x %s|%s|%s|%s\n", w.key, w.tail, w.rec.family, w.rec.given, w.rec.p.ID)
	}
	return b.String()
}

// CheckIndexes reports the first way the indexes disagree with the records.
func CheckIndexes(s *Store) error {
	st := s.cur.Load()
	tails := 0
	for _, rec := range st.people.all() {
		tails += len(rec.otherTails())
	}
	if st.byWord.Len() != tails {
		return fmt.Errorf("word index holds %d tails, the people have %d", st.byWord.Len(), tails)
	}
	var prevWord *wordEntry
	for w := range st.byWord.all() {
		if st.people.at(w.rec.p.ID) != w.rec || w.key != pack(w.tail) || !slices.Contains(w.rec.otherTails(), w.tail) {
			return fmt.Errorf("word index holds a stale entry of %s", w.rec.p.ID)
		}
		if prevWord != nil && compareWordOrder(*prevWord, w) >= 0 {
			return fmt.Errorf("word index out of order at %s", w.rec.p.ID)
		}
		prevWord = &w
	}
	for name, set := range map[string]*sortedSet[personEntry]{"family": &st.byFamily} {
		if set.Len() != st.people.len() {
			return fmt.Errorf("%s index holds %d people, the store %d", name, set.Len(), st.people.len())
		}
		var prev *personEntry
		for e := range set.all() {
			if st.people.at(e.rec.p.ID) != e.rec || e != entryOf(e.rec) {
				return fmt.Errorf("%s index holds a stale entry of %s", name, e.rec.p.ID)
			}
			if prev != nil && set.cmp(*prev, e) >= 0 {
				return fmt.Errorf("%s index out of order at %s", name, e.rec.p.ID)
			}
			prev = &e
		}
	}
	if st.usernames.Len() != st.accounts.len() || st.accountByName.len() != st.accounts.len() || st.accountByPerson.len() != st.accounts.len() {
		return fmt.Errorf("account indexes out of step")
	}
	for i, e := range st.events {
		if e.Seq != int64(i+1) {
			return fmt.Errorf("event %d has sequence number %d", i, e.Seq)
		}
	}
	return nil
}
