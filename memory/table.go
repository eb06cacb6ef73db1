package memory

import (
	"hash/maphash"
	"iter"
	"maps"
)

// The shape of a table: a leaf holds at most tableLeafMax entries in a Go
// map before it splits into tableFan children, picked by the next
// tableBits bits of the key's hash. Below tableMaxDepth levels leaves no
// longer split (the hash has no bits left).
const (
	tableBits     = 5
	tableFan      = 1 << tableBits
	tableLeafMax  = 64
	tableMaxDepth = 64/tableBits - 1
)

var tableSeed = maphash.MakeSeed()

// table is a map from K to V that a write transaction changes by copying
// only what it touches: a hash trie whose leaves are small Go maps. A
// write copies the path from the root to one leaf (a few arrays of
// tableFan pointers and at most tableLeafMax entries) unless the
// transaction made those nodes itself, in which case it changes them in
// place. Nodes a committed state points to are never changed, so a reader
// holding that state needs no lock.
//
// The zero value is an empty table. Read methods take the table by value,
// write methods by pointer (the field of the transaction's own copy of the
// state) with the transaction, whose generation tells the nodes it owns.
type table[K comparable, V any] struct {
	root *tableNode[K, V]
	n    int
}

// tableNode is a leaf (kids nil, entries in m) or an inner node. gen is
// the generation of the write transaction that made it: only that
// transaction may change it.
type tableNode[K comparable, V any] struct {
	gen  uint64
	kids *[tableFan]*tableNode[K, V]
	m    map[K]V
}

func hashKey[K comparable](k K) uint64 { return maphash.Comparable(tableSeed, k) }

// get returns the value of k and whether there is one.
func (t table[K, V]) get(k K) (V, bool) {
	n := t.root
	if n != nil && n.kids != nil {
		h := hashKey(k)
		for n != nil && n.kids != nil {
			n = n.kids[h&(tableFan-1)]
			h >>= tableBits
		}
	}
	if n == nil {
		var zero V
		return zero, false
	}
	v, ok := n.m[k]
	return v, ok
}

// at returns the value of k, or the zero value if there is none.
func (t table[K, V]) at(k K) V {
	v, _ := t.get(k)
	return v
}

// has reports whether k has a value.
func (t table[K, V]) has(k K) bool {
	_, ok := t.get(k)
	return ok
}

// len is the number of entries.
func (t table[K, V]) len() int { return t.n }

// all yields every entry, in no particular order. Entries the transaction
// writes while the loop runs may or may not be yielded.
func (t table[K, V]) all() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) { t.root.each(yield) }
}

// keys yields every key, in no particular order (see all).
func (t table[K, V]) keys() iter.Seq[K] {
	return func(yield func(K) bool) {
		t.root.each(func(k K, _ V) bool { return yield(k) })
	}
}

func (n *tableNode[K, V]) each(yield func(K, V) bool) bool {
	if n == nil {
		return true
	}
	if n.kids == nil {
		for k, v := range n.m {
			if !yield(k, v) {
				return false
			}
		}
		return true
	}
	for _, c := range n.kids {
		if !c.each(yield) {
			return false
		}
	}
	return true
}

// put sets the value of k to v in w's version of the table.
func (t *table[K, V]) put(w *tx, k K, v V) {
	slot := &t.root
	var h uint64
	for depth := 0; ; depth++ {
		if *slot == nil {
			*slot = &tableNode[K, V]{gen: w.gen, m: make(map[K]V, 1)}
		}
		n := owned(w, slot)
		if n.kids == nil {
			_, had := n.m[k]
			if had || len(n.m) < tableLeafMax || depth >= tableMaxDepth {
				if !had {
					t.n++
				}
				n.m[k] = v
				return
			}
			n.split(depth)
		}
		if depth == 0 {
			h = hashKey(k)
		}
		slot = &n.kids[(h>>(depth*tableBits))&(tableFan-1)]
	}
}

// remove deletes k from w's version of the table; it copies nothing when
// there is no k.
func (t *table[K, V]) remove(w *tx, k K) {
	if !t.has(k) {
		return
	}
	t.n--
	if t.n == 0 {
		t.root = nil
		return
	}
	n := owned(w, &t.root)
	h := hashKey(k)
	for n.kids != nil {
		n = owned(w, &n.kids[h&(tableFan-1)])
		h >>= tableBits
	}
	delete(n.m, k)
}

// owned returns the node *slot points to, first replacing it by a copy
// that w owns if w did not make it. The slot itself must belong to w.
func owned[K comparable, V any](w *tx, slot **tableNode[K, V]) *tableNode[K, V] {
	n := *slot
	if n.gen == w.gen {
		return n
	}
	c := &tableNode[K, V]{gen: w.gen}
	if n.kids != nil {
		kids := *n.kids
		c.kids = &kids
	} else {
		c.m = maps.Clone(n.m)
		if c.m == nil {
			c.m = map[K]V{}
		}
	}
	*slot = c
	return c
}

// split turns the leaf n, which its transaction owns, at the given depth
// into an inner node whose children share out its entries.
func (n *tableNode[K, V]) split(depth int) {
	kids := new([tableFan]*tableNode[K, V])
	for k, v := range n.m {
		i := (hashKey(k) >> (depth * tableBits)) & (tableFan - 1)
		if kids[i] == nil {
			kids[i] = &tableNode[K, V]{gen: n.gen, m: map[K]V{}}
		}
		kids[i].m[k] = v
	}
	n.kids, n.m = kids, nil
}

// multimap maps a key to a set of elements, each with a value (struct{}
// when there is nothing to say): the indexes from one record to many. An
// element set emptied by remove is removed with its key.
type multimap[K, E comparable, V any] struct {
	sets table[K, table[E, V]]
}

// of is the set of k (empty if there is none).
func (m multimap[K, E, V]) of(k K) table[E, V] { return m.sets.at(k) }

// add puts e with v into the set of k.
func (m *multimap[K, E, V]) add(w *tx, k K, e E, v V) {
	s := m.sets.at(k)
	s.put(w, e, v)
	m.sets.put(w, k, s)
}

// remove takes e out of the set of k.
func (m *multimap[K, E, V]) remove(w *tx, k K, e E) {
	s, ok := m.sets.get(k)
	if !ok || !s.has(e) {
		return
	}
	s.remove(w, e)
	if s.len() == 0 {
		m.sets.remove(w, k)
		return
	}
	m.sets.put(w, k, s)
}

// removeAll drops the set of k.
func (m *multimap[K, E, V]) removeAll(w *tx, k K) { m.sets.remove(w, k) }
