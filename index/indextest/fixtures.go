// Package indextest provides what tests and benchmarks of the index rooms
// share: stores and indexes loaded with the demo data, and a deterministic
// synthetic corpus (Synth) for benchmarks. Production code never imports
// it.
package indextest

import (
	"context"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"jippnas/content"
	"jippnas/content/demo"
	"jippnas/content/pages"
	"jippnas/content/store"
	"jippnas/index"
)

// DemoStore opens a store with the demo data: in memory when dir is "",
// else on disk in dir (loaded only if empty). The caller closes it.
func DemoStore(tb testing.TB, dir string) *store.Store {
	tb.Helper()
	st, err := store.Open(store.Config{InMemory: dir == "", Dir: dir})
	if err != nil {
		tb.Fatal(err)
	}
	if n, _ := st.Count(); n == 0 {
		if _, err := demo.Load(st, nil); err != nil {
			st.Close()
			tb.Fatal(err)
		}
	}
	return st
}

// DemoIndex opens an in-memory store with the demo data and its index,
// both closed when the test ends.
func DemoIndex(tb testing.TB) (*store.Store, *index.Index) {
	tb.Helper()
	return Index(tb, DemoStore(tb, ""), index.Config{InMemory: true})
}

// Index opens an index over st with cfg; both are closed when the test
// ends.
func Index(tb testing.TB, st *store.Store, cfg index.Config) (*store.Store, *index.Index) {
	tb.Helper()
	ix, err := index.Open(context.Background(), cfg, st)
	if err != nil {
		st.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ix.Close()
		st.Close()
	})
	return st, ix
}

// WithPages adds the embedded guides and news to st, as the portal serves
// them, and returns st.
func WithPages(tb testing.TB, st *store.Store) *store.Store {
	tb.Helper()
	pgs, errs := pages.Load(demo.Pages(), false)
	if len(errs) > 0 {
		tb.Fatalf("demo pages: %v", errs)
	}
	if _, err := pages.Sync(st, pgs); err != nil {
		tb.Fatal(err)
	}
	return st
}

// Docs returns every document of st and the plain text of each, by id.
func Docs(tb testing.TB, st *store.Store) ([]content.Document, map[string]string) {
	tb.Helper()
	var docs []content.Document
	var ids []string
	if _, err := st.Each(context.Background(), func(d content.Document) error {
		docs, ids = append(docs, d), append(ids, d.ID)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	texts, err := st.Texts(ids)
	if err != nil {
		tb.Fatal(err)
	}
	return docs, texts
}

// Reader opens a reader of ix's current Bleve index, released when the
// test ends.
func Reader(tb testing.TB, ix *index.Index) bindex.IndexReader {
	tb.Helper()
	v := ix.Acquire()
	adv, err := v.Bleve().Advanced()
	if err != nil {
		v.Release()
		tb.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		v.Release()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		r.Close()
		v.Release()
	})
	return r
}
