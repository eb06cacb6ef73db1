package memory

import (
	"iter"
	"slices"
	"sort"
)

// chunkMax is the most values one chunk of a sortedSet holds before it is
// split in two.
const chunkMax = 512

// sortedSet keeps distinct values in the order of cmp. The values are held
// in chunks of at most chunkMax, so an insert or delete moves at most a
// chunk's worth of values while a seek is two binary searches.
type sortedSet[T any] struct {
	cmp    func(a, b T) int
	chunks [][]T
	n      int
}

func newSortedSet[T any](cmp func(a, b T) int) *sortedSet[T] {
	return &sortedSet[T]{cmp: cmp}
}

// Len is the number of values in the set.
func (s *sortedSet[T]) Len() int { return s.n }

// chunkOf is the index of the first chunk whose last value is not before v,
// or len(s.chunks) if there is none.
func (s *sortedSet[T]) chunkOf(v T) int {
	return sort.Search(len(s.chunks), func(i int) bool {
		c := s.chunks[i]
		return s.cmp(c[len(c)-1], v) >= 0
	})
}

// insert adds v; it reports false, changing nothing, if an equal value is
// already in the set.
func (s *sortedSet[T]) insert(v T) bool {
	if len(s.chunks) == 0 {
		s.chunks = [][]T{{v}}
		s.n = 1
		return true
	}
	i := s.chunkOf(v)
	if i == len(s.chunks) {
		i--
	}
	c := s.chunks[i]
	j, found := slices.BinarySearchFunc(c, v, s.cmp)
	if found {
		return false
	}
	c = slices.Insert(c, j, v)
	if len(c) > chunkMax {
		half := len(c) / 2
		right := slices.Grow(slices.Clone(c[half:]), chunkMax/2)
		s.chunks = slices.Insert(s.chunks, i+1, right)
		c = c[:half]
	}
	s.chunks[i] = c
	s.n++
	return true
}

// delete removes the value equal to v; it reports false if there is none.
func (s *sortedSet[T]) delete(v T) bool {
	i := s.chunkOf(v)
	if i == len(s.chunks) {
		return false
	}
	c := s.chunks[i]
	j, found := slices.BinarySearchFunc(c, v, s.cmp)
	if !found {
		return false
	}
	c = slices.Delete(c, j, j+1)
	if len(c) == 0 {
		s.chunks = slices.Delete(s.chunks, i, i+1)
	} else {
		s.chunks[i] = c
	}
	s.n--
	return true
}

// from yields the values in order, starting at the first one for which
// atOrAfter is true. atOrAfter must be monotonic in the set's order: false
// for a prefix of the values and true for the rest.
func (s *sortedSet[T]) from(atOrAfter func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		i := sort.Search(len(s.chunks), func(i int) bool {
			c := s.chunks[i]
			return atOrAfter(c[len(c)-1])
		})
		if i == len(s.chunks) {
			return
		}
		c := s.chunks[i]
		j := sort.Search(len(c), func(j int) bool { return atOrAfter(c[j]) })
		for ; i < len(s.chunks); i, j = i+1, 0 {
			for _, v := range s.chunks[i][j:] {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// rank is the number of values before the first one for which atOrAfter
// is true (see from).
func (s *sortedSet[T]) rank(atOrAfter func(T) bool) int {
	i := sort.Search(len(s.chunks), func(i int) bool {
		c := s.chunks[i]
		return atOrAfter(c[len(c)-1])
	})
	n := 0
	for _, c := range s.chunks[:i] {
		n += len(c)
	}
	if i < len(s.chunks) {
		c := s.chunks[i]
		n += sort.Search(len(c), func(j int) bool { return atOrAfter(c[j]) })
	}
	return n
}

// all yields every value in order.
func (s *sortedSet[T]) all() iter.Seq[T] {
	return s.from(func(T) bool { return true })
}
