package postings

import (
	"fmt"
	"sync"
	"testing"
)

func listOf(n int) *List {
	l := &List{docs: make([]uint32, n), freqs: make([]uint8, n), norms: make([]uint16, n), normVals: []float32{0.5}}
	for i := range l.docs {
		l.docs[i] = uint32(2 * i)
	}
	return l
}

func textKey(term string) key { return key{field: "text", term: term} }

// entryOf is the entry Load would make of l.
func entryOf(term string, l *List) *entry {
	return &entry{key: textKey(term), list: l, size: l.bytes() + int64(len("text")+len(term)) + entryOverhead}
}

// get returns a kept list.
func (c *Cache) get(k key) *List {
	e, _ := c.lookup(k, c.budget+1)
	if e == nil {
		return nil
	}
	return e.list
}

// TestCacheBound: the cache never holds more bytes than its budget,
// evicts the least recently used list first, and keeps no list larger
// than the whole budget.
func TestCacheBound(t *testing.T) {
	one := entryOf("t0", listOf(1000)).size
	c := New(3*one + 10)
	for i := 0; i < 3; i++ {
		c.put(entryOf(fmt.Sprint("t", i), listOf(1000)))
	}
	if n, b := c.Stats(); n != 3 || b != 3*one {
		t.Fatalf("after 3 puts: %d entries, %d bytes, want 3, %d", n, b, 3*one)
	}
	if c.get(textKey("t0")) == nil { // t0 is now the most recent, t1 the oldest
		t.Fatal("t0 missing")
	}
	c.put(entryOf("t3", listOf(1000)))
	if c.get(textKey("t1")) != nil || c.get(textKey("t0")) == nil || c.get(textKey("t2")) == nil || c.get(textKey("t3")) == nil {
		t.Fatal("the least recently used entry (t1) should have been the one evicted")
	}
	c.put(entryOf("huge", listOf(10000)))
	if c.get(textKey("huge")) != nil {
		t.Fatal("a list larger than the budget was kept")
	}
	if n, b := c.Stats(); n != 3 || b > c.budget {
		t.Fatalf("%d entries, %d bytes over a budget of %d", n, b, c.budget)
	}
	// Positions added to a kept list count, and make room by evicting
	// the least recently used list (t0 since the gets above), not it.
	e, _ := c.lookup(textKey("t3"), 0)
	f := &Firsts{v: make([]uint16, 1000)}
	e.list.firsts.Store(f)
	c.grow(e, f.bytes())
	if n, b := c.Stats(); n != 2 || b != 3*one+f.bytes()-one || c.get(textKey("t3")) == nil || c.get(textKey("t0")) != nil {
		t.Fatalf("after growing t3: %d entries, %d bytes", n, b)
	}
	// Many lists of mixed sizes from several goroutines: the bound holds.
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				term := fmt.Sprint("g", g, "-", i%37)
				if c.get(textKey(term)) == nil {
					c.put(entryOf(term, listOf(100+(i*7919)%2000)))
				}
			}
		}()
	}
	wg.Wait()
	if _, b := c.Stats(); b > c.budget || b < 0 {
		t.Fatalf("%d bytes over a budget of %d", b, c.budget)
	}
	if New(-1) != nil || New(0) != nil {
		t.Fatal("a budget ≤ 0 should turn the cache off")
	}
}

// TestCacheAdmission: lists read in turn, more than fit, keep a stable
// part of them cached (LRU alone would evict each before its next use),
// and a list asked for more often than the kept ones takes a place.
func TestCacheAdmission(t *testing.T) {
	size := entryOf("t0", listOf(1000)).size
	c := New(2*size + 10)
	read := func(term string) bool {
		e, admit := c.lookup(textKey(term), size)
		if e == nil && admit {
			c.put(entryOf(term, listOf(1000)))
		}
		return e != nil
	}
	hits := 0
	for round := 0; round < 20; round++ {
		for _, term := range []string{"t0", "t1", "t2"} {
			if read(term) && round >= 2 {
				hits++
			}
		}
	}
	if hits != 2*18 {
		t.Fatalf("%d hits in 18 rounds over 3 lists, 2 of which fit: want 36", hits)
	}
	for i := 0; i < 50; i++ {
		read("hot")
	}
	if !read("hot") {
		t.Fatal("a list asked for far more often than the kept ones was not admitted")
	}
	if _, b := c.Stats(); b > c.budget {
		t.Fatalf("%d bytes over a budget of %d", b, c.budget)
	}
}

// BenchmarkCacheLookup: a search asks the cache for every term in every
// segment; most of a short search's requests find a kept list.
func BenchmarkCacheLookup(b *testing.B) {
	c := New(1 << 30)
	var keys []key
	for i := range 2000 {
		e := entryOf(fmt.Sprint("kata", i), listOf(10))
		c.put(e)
		keys = append(keys, e.key)
	}
	for i := 0; b.Loop(); i++ {
		if e, _ := c.lookup(keys[i%len(keys)], 100); e == nil {
			b.Fatal("a kept list was not found")
		}
	}
}
