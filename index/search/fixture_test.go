package search

import (
	"context"
	"testing"

	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/indextest"
)

// demoSearcher is a searcher over an in-memory index of the demo data.
func demoSearcher(t testing.TB, cfg Config) (*store.Store, *index.Index, *Searcher) {
	t.Helper()
	st, ix := indextest.DemoIndex(t)
	return st, ix, New(ix, cfg)
}

// searchBoth runs req on got's searcher and on want's, the reference.
func searchBoth(t testing.TB, got, want *Searcher, req Request) (g, w *Result) {
	t.Helper()
	var err error
	if w, err = want.Search(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if g, err = got.Search(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	return g, w
}
