package search

import (
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
