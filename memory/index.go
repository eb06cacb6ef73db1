package memory

import (
	"iter"
	"slices"
	"sort"
)

// The shape of a sortedSet: values in chunks of at most chunkMax, chunks in
// pages of at most pageMax, each split in two when it grows past that.
const (
	chunkMax = 64
	pageMax  = 64
)

// sortedSet keeps distinct values in the order of cmp: a tree of three
// levels (pages of chunks of values), so an insert or delete moves at most
// a chunk's worth of values and a page's worth of chunks, while a seek is
// three binary searches.
//
// A write transaction copies the array of pages, the page and the chunk
// it changes the first time it changes them (gen tells what it made
// itself), so a committed state's set is never changed and readers need no
// lock. A write among a hundred thousand values copies some forty page
// pointers, at most pageMax chunk pointers and chunkMax values. The set
// lives by value in the state; its write methods take the transaction.
type sortedSet[T any] struct {
	cmp   func(a, b T) int
	gen   uint64
	pages []*page[T] // never holds an empty page
	n     int
}

// page is a run of a sortedSet's chunks, made by (and only changed by) the
// write transaction of generation gen. n counts its values.
type page[T any] struct {
	gen    uint64
	chunks []*chunk[T] // never holds an empty chunk
	n      int
}

// chunk is a run of a sortedSet's values, made by (and only changed by)
// the write transaction of generation gen.
type chunk[T any] struct {
	gen  uint64
	vals []T
}

func newSortedSet[T any](cmp func(a, b T) int) sortedSet[T] {
	return sortedSet[T]{cmp: cmp}
}

// Len is the number of values in the set.
func (s *sortedSet[T]) Len() int { return s.n }

// last is the page's last value.
func (p *page[T]) last() T {
	c := p.chunks[len(p.chunks)-1].vals
	return c[len(c)-1]
}

// seek finds the first value for which atOrAfter is true: the page, the
// chunk in it and the index in that; pi is len(s.pages) if there is none.
// atOrAfter must be monotonic in the set's order (see from).
func (s *sortedSet[T]) seek(atOrAfter func(T) bool) (pi, ci, j int) {
	pi = sort.Search(len(s.pages), func(i int) bool { return atOrAfter(s.pages[i].last()) })
	if pi == len(s.pages) {
		return pi, 0, 0
	}
	p := s.pages[pi]
	ci = sort.Search(len(p.chunks), func(i int) bool {
		c := p.chunks[i].vals
		return atOrAfter(c[len(c)-1])
	})
	c := p.chunks[ci].vals
	j = sort.Search(len(c), func(j int) bool { return atOrAfter(c[j]) })
	return pi, ci, j
}

// ownPages makes the array of pages w's own.
func (s *sortedSet[T]) ownPages(w *tx) {
	if s.gen != w.gen {
		s.pages = append(make([]*page[T], 0, len(s.pages)+1), s.pages...)
		s.gen = w.gen
	}
}

// ownPage makes page pi w's own, with room for one more chunk, and returns
// it; the array of pages must be w's already.
func (s *sortedSet[T]) ownPage(w *tx, pi int) *page[T] {
	p := s.pages[pi]
	if p.gen != w.gen {
		p = &page[T]{gen: w.gen, chunks: append(make([]*chunk[T], 0, len(p.chunks)+1), p.chunks...), n: p.n}
		s.pages[pi] = p
	}
	return p
}

// ownChunk makes chunk ci of p, which w owns, w's own, with room for one
// more value, and returns it.
func (p *page[T]) ownChunk(w *tx, ci int) *chunk[T] {
	c := p.chunks[ci]
	if c.gen != w.gen {
		c = &chunk[T]{gen: w.gen, vals: append(make([]T, 0, len(c.vals)+1), c.vals...)}
		p.chunks[ci] = c
	}
	return c
}

// insert adds v in w's version of the set; it reports false, changing
// nothing, if an equal value is already in the set.
func (s *sortedSet[T]) insert(w *tx, v T) bool {
	if len(s.pages) == 0 {
		s.ownPages(w)
		s.pages = append(s.pages, &page[T]{gen: w.gen, chunks: []*chunk[T]{{gen: w.gen, vals: []T{v}}}, n: 1})
		s.n = 1
		return true
	}
	pi, ci, j := s.seek(func(x T) bool { return s.cmp(x, v) >= 0 })
	if pi == len(s.pages) { // after every value: the end of the last chunk
		pi = len(s.pages) - 1
		ci = len(s.pages[pi].chunks) - 1
		j = len(s.pages[pi].chunks[ci].vals)
	} else if s.cmp(s.pages[pi].chunks[ci].vals[j], v) == 0 {
		return false
	}
	s.ownPages(w)
	p := s.ownPage(w, pi)
	c := p.ownChunk(w, ci)
	c.vals = slices.Insert(c.vals, j, v)
	p.n++
	s.n++
	if len(c.vals) <= chunkMax {
		return true
	}
	half := len(c.vals) / 2
	right := &chunk[T]{gen: w.gen, vals: append(make([]T, 0, chunkMax/2+2), c.vals[half:]...)}
	clear(c.vals[half:])
	c.vals = c.vals[:half]
	p.chunks = slices.Insert(p.chunks, ci+1, right)
	if len(p.chunks) <= pageMax {
		return true
	}
	halfPage := len(p.chunks) / 2
	rp := &page[T]{gen: w.gen, chunks: append(make([]*chunk[T], 0, pageMax/2+2), p.chunks[halfPage:]...)}
	for _, c := range rp.chunks {
		rp.n += len(c.vals)
	}
	clear(p.chunks[halfPage:])
	p.chunks = p.chunks[:halfPage]
	p.n -= rp.n
	s.pages = slices.Insert(s.pages, pi+1, rp)
	return true
}

// delete removes the value equal to v from w's version of the set; it
// reports false, changing nothing, if there is none.
func (s *sortedSet[T]) delete(w *tx, v T) bool {
	pi, ci, j := s.seek(func(x T) bool { return s.cmp(x, v) >= 0 })
	if pi == len(s.pages) || s.cmp(s.pages[pi].chunks[ci].vals[j], v) != 0 {
		return false
	}
	s.ownPages(w)
	s.n--
	if s.pages[pi].n == 1 {
		s.pages = slices.Delete(s.pages, pi, pi+1)
		return true
	}
	p := s.ownPage(w, pi)
	p.n--
	if len(p.chunks[ci].vals) == 1 {
		p.chunks = slices.Delete(p.chunks, ci, ci+1)
		return true
	}
	c := p.ownChunk(w, ci)
	c.vals = slices.Delete(c.vals, j, j+1)
	return true
}

// from yields the values in order, starting at the first one for which
// atOrAfter is true. atOrAfter must be monotonic in the set's order: false
// for a prefix of the values and true for the rest.
func (s *sortedSet[T]) from(atOrAfter func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		pi, ci, j := s.seek(atOrAfter)
		for ; pi < len(s.pages); pi, ci = pi+1, 0 {
			for _, c := range s.pages[pi].chunks[ci:] {
				for _, v := range c.vals[j:] {
					if !yield(v) {
						return
					}
				}
				j = 0
			}
		}
	}
}

// rank is the number of values before the first one for which atOrAfter
// is true (see from).
func (s *sortedSet[T]) rank(atOrAfter func(T) bool) int {
	pi, ci, j := s.seek(atOrAfter)
	n := j
	for _, p := range s.pages[:pi] {
		n += p.n
	}
	if pi < len(s.pages) {
		for _, c := range s.pages[pi].chunks[:ci] {
			n += len(c.vals)
		}
	}
	return n
}

// all yields every value in order.
func (s *sortedSet[T]) all() iter.Seq[T] {
	return s.from(func(T) bool { return true })
}
