package search

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"jippnas/index/facet"
)

func TestTermCacheServesOnlyItsSnapshot(t *testing.T) {
	var c termCache
	a, b := &scorch.IndexSnapshot{}, &scorch.IndexSnapshot{}
	tl := &termLists{df: 7}
	if c.get(a, "text\x00air") != nil {
		t.Fatal("empty cache served a term")
	}
	c.put(a, "text\x00air", tl)
	if got := c.get(a, "text\x00air"); got != tl {
		t.Fatalf("same snapshot: %v, want the lists put", got)
	}
	if got := c.get(b, "text\x00air"); got != nil {
		t.Fatal("another snapshot was served the first one's lists")
	}
	c.put(b, "text\x00bersih", &termLists{})
	if got := c.get(a, "text\x00air"); got != nil {
		t.Fatal("a new snapshot's term kept the old snapshot's lists")
	}
	for i := range termCacheSize + 10 {
		c.put(b, strconv.Itoa(i), &termLists{})
	}
	if n := len(c.lists); n > termCacheSize {
		t.Fatalf("%d terms kept, want at most %d", n, termCacheSize)
	}
}

// Searches running at once share the term lookups of their snapshot and
// each still gets what it gets alone.
func TestConcurrentSearchesShareTermLookups(t *testing.T) {
	_, _, s := demoSearcher(t, Config{})
	queries := []string{"pelayanan kesehatan", "akta kelahiran", "sampah desa", "inovasi pelayanan publik", "kesehatan ibu"}
	want := map[string]string{}
	for _, q := range queries {
		r, err := s.Search(context.Background(), Request{Query: q, Size: 10, Facets: facet.All, NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		want[q] = fmt.Sprint(r.Total, ids(r), r.Facets)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				q := queries[(g+i)%len(queries)]
				r, err := s.Search(context.Background(), Request{Query: q, Size: 10, Facets: facet.All, NoCache: true})
				if err != nil {
					errs <- err
					return
				}
				if got := fmt.Sprint(r.Total, ids(r), r.Facets); got != want[q] {
					errs <- fmt.Errorf("%q at once: %s, alone: %s", q, got, want[q])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
