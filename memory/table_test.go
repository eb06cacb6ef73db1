package memory

import (
	"cmp"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// version is one committed version of a table, a multimap and a sorted
// set, with what each must hold.
type version struct {
	tab      table[int, int]
	mm       multimap[int, int, int]
	set      sortedSet[int]
	wantTab  map[int]int
	wantMM   map[int]map[int]int
	wantSet  []int
	writerOf uint64
}

// TestCopyOnWriteKeepsEveryVersion writes through many transactions, each
// starting from the last committed version or (rolled back) dropped, and
// checks that every committed version still holds exactly what it held
// when it was committed: a write never changes what an earlier version,
// which a reader may hold, sees. Tables grow past several splits.
func TestCopyOnWriteKeepsEveryVersion(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cur := version{set: newSortedSet(cmp.Compare[int]), wantTab: map[int]int{}, wantMM: map[int]map[int]int{}}
	var kept []version
	for gen := uint64(1); gen <= 400; gen++ {
		w := &tx{writable: true, gen: gen}
		next := cur
		next.wantTab, next.wantMM = maps.Clone(cur.wantTab), map[int]map[int]int{}
		for k, s := range cur.wantMM {
			next.wantMM[k] = maps.Clone(s)
		}
		next.wantSet = slices.Clone(cur.wantSet)
		for range rng.IntN(60) + 1 {
			k, v := rng.IntN(5000), rng.Int()
			switch rng.IntN(4) {
			case 0:
				next.tab.remove(w, k)
				delete(next.wantTab, k)
				next.set.delete(w, k)
				if i, ok := slices.BinarySearch(next.wantSet, k); ok {
					next.wantSet = slices.Delete(next.wantSet, i, i+1)
				}
			default:
				next.tab.put(w, k, v)
				next.wantTab[k] = v
				next.set.insert(w, k)
				if i, ok := slices.BinarySearch(next.wantSet, k); !ok {
					next.wantSet = slices.Insert(next.wantSet, i, k)
				}
			}
			g, e := rng.IntN(20), rng.IntN(200)
			if rng.IntN(3) == 0 {
				next.mm.remove(w, g, e)
				if s := next.wantMM[g]; s != nil {
					delete(s, e)
					if len(s) == 0 {
						delete(next.wantMM, g)
					}
				}
			} else {
				next.mm.add(w, g, e, v)
				if next.wantMM[g] == nil {
					next.wantMM[g] = map[int]int{}
				}
				next.wantMM[g][e] = v
			}
		}
		next.writerOf = gen
		if rng.IntN(5) == 0 {
			continue // rolled back: next is dropped
		}
		cur = next
		kept = append(kept, cur)
	}
	if len(cur.wantTab) < 10*tableLeafMax {
		t.Fatalf("the table grew to only %d entries", len(cur.wantTab))
	}
	for _, v := range kept {
		checkVersion(t, v)
	}
}

func checkVersion(t *testing.T, v version) {
	t.Helper()
	if v.tab.len() != len(v.wantTab) {
		t.Fatalf("version %d: table len %d, want %d", v.writerOf, v.tab.len(), len(v.wantTab))
	}
	got := maps.Collect(v.tab.all())
	if !maps.Equal(got, v.wantTab) {
		t.Fatalf("version %d: table holds %d entries that differ from the %d written", v.writerOf, len(got), len(v.wantTab))
	}
	for k, want := range v.wantTab {
		if g, ok := v.tab.get(k); !ok || g != want {
			t.Fatalf("version %d: get(%d) = %d, %v; want %d", v.writerOf, k, g, ok, want)
		}
	}
	for k := range 5000 {
		if _, ok := v.wantTab[k]; !ok && v.tab.has(k) {
			t.Fatalf("version %d: has(%d) of a key never written or removed", v.writerOf, k)
		}
	}
	if v.mm.sets.len() != len(v.wantMM) {
		t.Fatalf("version %d: multimap has %d keys, want %d", v.writerOf, v.mm.sets.len(), len(v.wantMM))
	}
	for k, want := range v.wantMM {
		if got := maps.Collect(v.mm.of(k).all()); !maps.Equal(got, want) {
			t.Fatalf("version %d: set of %d is %v, want %v", v.writerOf, k, got, want)
		}
	}
	if got := slices.Collect(v.set.all()); !slices.Equal(got, v.wantSet) || v.set.Len() != len(v.wantSet) {
		t.Fatalf("version %d: sorted set holds %d values (Len %d), want %d", v.writerOf, len(got), v.set.Len(), len(v.wantSet))
	}
}

// TestTableWriteCopiesOnlyItsPath checks that a write to a big table made
// by an earlier transaction copies the nodes on the path to one leaf, not
// the table: every other leaf is shared with the earlier version.
func TestTableWriteCopiesOnlyItsPath(t *testing.T) {
	var tab table[int, int]
	w1 := &tx{writable: true, gen: 1}
	for i := range 100_000 {
		tab.put(w1, i, i)
	}
	next := tab
	next.put(&tx{writable: true, gen: 2}, 42, -1)
	var leaves, copied int
	var walk func(n *tableNode[int, int])
	walk = func(n *tableNode[int, int]) {
		if n == nil {
			return
		}
		if n.kids == nil {
			leaves++
			if n.gen == 2 {
				copied++
			}
			return
		}
		for _, c := range n.kids {
			walk(c)
		}
	}
	walk(next.root)
	if copied != 1 || leaves < 1000 {
		t.Fatalf("the write copied %d of %d leaves; want 1", copied, leaves)
	}
	if tab.at(42) != 42 || next.at(42) != -1 || next.len() != tab.len() {
		t.Fatalf("old version sees %d, new %d; lengths %d and %d", tab.at(42), next.at(42), tab.len(), next.len())
	}
}

// TestSortedSetSplitsAndEmptiesPages grows a sorted set past many page
// splits in random order and empties it again, checking order, Len and
// rank throughout, and that a version kept from before is untouched.
func TestSortedSetSplitsAndEmptiesPages(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 3 * chunkMax * pageMax
	s := newSortedSet(cmp.Compare[int])
	w := &tx{writable: true, gen: 1}
	for _, v := range rng.Perm(n) {
		if !s.insert(w, 2*v) {
			t.Fatalf("insert of new value %d refused", 2*v)
		}
	}
	if len(s.pages) < 4 {
		t.Fatalf("%d values fill only %d pages", n, len(s.pages))
	}
	kept := s
	w = &tx{writable: true, gen: 2}
	check := func(s *sortedSet[int], want []int) {
		t.Helper()
		got := slices.Collect(s.all())
		if !slices.Equal(got, want) || s.Len() != len(want) {
			t.Fatalf("set holds %d values (Len %d), want %d, or out of order", len(got), s.Len(), len(want))
		}
		for _, probe := range []int{-1, 0, 1, n / 3, n, 2*n - 2, 2 * n} {
			wantRank, _ := slices.BinarySearch(want, probe)
			if r := s.rank(func(v int) bool { return v >= probe }); r != wantRank {
				t.Fatalf("rank(%d) = %d, want %d", probe, r, wantRank)
			}
		}
		for _, p := range s.pages {
			m := 0
			for _, c := range p.chunks {
				if len(c.vals) == 0 || len(c.vals) > chunkMax {
					t.Fatalf("a chunk holds %d values", len(c.vals))
				}
				m += len(c.vals)
			}
			if m != p.n || len(p.chunks) > pageMax {
				t.Fatalf("a page of %d chunks counts %d values and holds %d", len(p.chunks), p.n, m)
			}
		}
	}
	all := make([]int, n)
	for i := range all {
		all[i] = 2 * i
	}
	check(&s, all)
	if s.insert(w, 2) || s.delete(w, 3) {
		t.Fatal("a duplicate insert or a delete of a missing value changed the set")
	}
	want := slices.Clone(all)
	for _, v := range rng.Perm(n) {
		if !s.delete(w, 2*v) {
			t.Fatalf("delete of %d refused", 2*v)
		}
		i, _ := slices.BinarySearch(want, 2*v)
		want = slices.Delete(want, i, i+1)
		if len(want)%(n/7) == 0 {
			check(&s, want)
		}
	}
	check(&s, nil)
	check(&kept, all)
}
