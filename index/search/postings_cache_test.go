package search

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

func decodedOf(n int) *decodedPostings {
	d := &decodedPostings{docs: make([]uint32, n), freqs: make([]uint8, n), norms: make([]uint16, n), normVals: []float32{0.5}}
	for i := range d.docs {
		d.docs[i] = uint32(2 * i)
	}
	return d
}

// TestPostingsCacheBound: the cache never holds more bytes than its
// budget, evicts the least recently used list first, and keeps no list
// larger than the whole budget.
func TestPostingsCacheBound(t *testing.T) {
	key := func(term string) postingsKey { return postingsKey{field: "text", term: term} }
	one := decodedOf(1000).bytes() + int64(len("text")+len("t0")) + entryOverhead
	c := newPostingsCache(3*one+10, 1)
	for i := 0; i < 3; i++ {
		c.put(key(fmt.Sprint("t", i)), decodedOf(1000))
	}
	if n, b := c.stats(); n != 3 || b != 3*one {
		t.Fatalf("after 3 puts: %d entries, %d bytes, want 3, %d", n, b, 3*one)
	}
	if c.get(key("t0")) == nil { // t0 is now the most recent, t1 the oldest
		t.Fatal("t0 missing")
	}
	c.put(key("t3"), decodedOf(1000))
	if c.get(key("t1")) != nil || c.get(key("t0")) == nil || c.get(key("t2")) == nil || c.get(key("t3")) == nil {
		t.Fatal("the least recently used entry (t1) should have been the one evicted")
	}
	c.put(key("huge"), decodedOf(10000))
	if c.get(key("huge")) != nil {
		t.Fatal("a list larger than the budget was kept")
	}
	if n, b := c.stats(); n != 3 || b > c.budget {
		t.Fatalf("%d entries, %d bytes over a budget of %d", n, b, c.budget)
	}
	// Positions added to a kept list count, and make room by evicting
	// the least recently used list (t0 since the gets above), not it.
	d := c.get(key("t3"))
	f := &smallInts{v: make([]uint16, 1000)}
	d.firsts.Store(f)
	c.grow(key("t3"), d, f.bytes())
	if n, b := c.stats(); n != 2 || b != 3*one+f.bytes()-one || c.get(key("t3")) == nil || c.get(key("t0")) != nil {
		t.Fatalf("after growing t3: %d entries, %d bytes", n, b)
	}
	// Many lists of mixed sizes from several goroutines: the bound holds.
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				k := key(fmt.Sprint("g", g, "-", i%37))
				if c.get(k) == nil {
					c.put(k, decodedOf(100+(i*7919)%2000))
				}
			}
		}()
	}
	wg.Wait()
	if _, b := c.stats(); b > c.budget || b < 0 {
		t.Fatalf("%d bytes over a budget of %d", b, c.budget)
	}
	if newPostingsCache(-1, 0) != nil {
		t.Fatal("a negative budget should turn the cache off")
	}
	if c := newPostingsCache(0, 0); c.budget != defaultPostingsCacheBytes || c.wants(defaultPostingsCacheMin-1) || !c.wants(defaultPostingsCacheMin) {
		t.Fatal("zero values should take the defaults")
	}
}

// TestDecodedPostingsSearch: galloping finds the first document at or
// after the target from any start, and deleted documents are passed.
func TestDecodedPostingsSearch(t *testing.T) {
	d := decodedOf(300) // documents 0, 2, 4 … 598
	for start := 0; start < 300; start += 17 {
		for doc := uint64(0); doc < 610; doc += 3 {
			want := start
			for want < 300 && uint64(d.docs[want]) < doc {
				want++
			}
			if got := d.search(start, doc); got != want {
				t.Fatalf("search(%d, %d) = %d, want %d", start, doc, got, want)
			}
		}
	}
	c := newCachedCursor(d, nil, false)
	if hit, _ := c.seek(7); hit || c.doc != 8 {
		t.Fatalf("seek(7): hit %v at %d, want no hit at 8", hit, c.doc)
	}
	if hit, _ := c.seek(598); !hit {
		t.Fatal("seek(598) should hit")
	}
	if hit, _ := c.seek(599); hit || !c.done {
		t.Fatal("seek past the end should be done")
	}
	c = newCachedCursor(d, roaring.BitmapOf(8, 10, 596, 598), false)
	if hit, _ := c.seek(8); hit || c.doc != 12 {
		t.Fatalf("seek(8) with 8 and 10 deleted: hit %v at %d, want no hit at 12", hit, c.doc)
	}
	if hit, _ := c.seek(595); hit || !c.done {
		t.Fatal("seek(595) with the last two deleted should be done")
	}
}

// TestPostingsCacheAdmission: lists read in turn, more than fit, keep a
// stable part of them cached (LRU alone would evict each before its next
// use), and a list asked for more often than the kept ones takes a place.
func TestPostingsCacheAdmission(t *testing.T) {
	key := func(term string) postingsKey { return postingsKey{field: "text", term: term} }
	size := decodedOf(1000).bytes() + int64(len("text")+len("t0")) + entryOverhead
	c := newPostingsCache(2*size+10, 1)
	read := func(term string) bool {
		d, admit := c.lookup(key(term), size)
		if d == nil && admit {
			c.put(key(term), decodedOf(1000))
		}
		return d != nil
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
	if _, b := c.stats(); b > c.budget {
		t.Fatalf("%d bytes over a budget of %d", b, c.budget)
	}
}

// TestPostingsCacheConcurrentSearches: searches sharing a small cache from
// several goroutines (run with -race) find what a searcher without the
// cache finds.
func TestPostingsCacheConcurrentSearches(t *testing.T) {
	_, ix, cached := demoSearcher(t, Config{PostingsCacheMin: 1, PostingsCacheBytes: 16 << 10})
	plain := New(ix, Config{PostingsCacheBytes: -1})
	queries := []string{"pelayanan kesehatan", "akta kelahiran", "inovasi desa", "sampah", "pelayanan publik online",
		"kesehatan ibu anak", "bagaimana cara mengurus akta kelahiran", "aplikasi -sampah", "desa digital", "pendidikan"}
	want := map[string][]string{}
	for _, q := range queries {
		res, err := plain.Search(context.Background(), Request{Query: q, Size: 10, NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		want[q] = hitIDs(res)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 60; i++ {
				q := queries[(i*7+g)%len(queries)]
				res, err := cached.Search(context.Background(), Request{Query: q, Size: 10, NoCache: true})
				if err != nil {
					errs <- err
					return
				}
				if got := hitIDs(res); !slices.Equal(got, want[q]) {
					errs <- fmt.Errorf("%q: %v, want %v", q, got, want[q])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n, b := cached.direct.postings.stats(); n == 0 || b > 16<<10 {
		t.Fatalf("postings cache: %d entries, %d bytes", n, b)
	}
}

// get returns a kept list (for tests).
func (c *postingsCache) get(key postingsKey) *decodedPostings {
	d, _ := c.lookup(key, c.budget+1)
	return d
}

// stats returns the entries held and their bytes (for tests).
func (c *postingsCache) stats() (entries int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.used
}
