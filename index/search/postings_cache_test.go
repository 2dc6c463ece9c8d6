package search

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// TestPostingsCacheConfig: zero values take the defaults, a negative
// budget turns a cache off.
func TestPostingsCacheConfig(t *testing.T) {
	if e := newDirectExec(nil, nil, Config{}); e.postings == nil || e.postingsMin != defaultPostingsCacheMin {
		t.Fatal("zero values should take the defaults")
	}
	if e := newDirectExec(nil, nil, Config{PostingsCacheBytes: -1}); e.postings != nil || e.short != nil {
		t.Fatal("a negative budget should turn the caches off")
	}
	if e := newDirectExec(nil, nil, Config{}); e.short == nil {
		t.Fatal("the short lists' cache should be on by default")
	}
	if e := newDirectExec(nil, nil, Config{ShortPostingsCacheBytes: -1}); e.short != nil || e.postings == nil {
		t.Fatal("a negative short budget should turn off only the short lists' cache")
	}
}

// TestPostingsCacheConcurrentSearches: searches sharing a small cache, and
// the term lookups of their snapshot (termCache), from several goroutines
// (run with -race) find what a searcher without the cache finds.
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
	if n, b := cached.direct.postings.Stats(); n == 0 || b > 16<<10 {
		t.Fatalf("postings cache: %d entries, %d bytes", n, b)
	}
}
