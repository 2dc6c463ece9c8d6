package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"jippnas/content/demo"
	"jippnas/content/pages"
	"jippnas/content/store"
	"jippnas/index"
)

// BenchmarkSearchPage measures server-side generation of a search page with
// its facet sidebar on the demo data: search, facet counts, template. The
// index is on disk (scorch), as in production: the in-memory index of the
// other tests uses a different, slower engine for match-all queries.
func BenchmarkSearchPage(b *testing.B) {
	st, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(st, nil); err != nil {
		b.Fatal(err)
	}
	pgs, _ := pages.Load(demo.Pages(), false)
	if _, err := pages.Sync(st, pgs); err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(context.Background(), index.Config{Dir: b.TempDir()}, st)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	h := New(Config{Limits: Limits{Rate: -1}}, st, ix).Handler()
	for _, bc := range []struct{ name, path string }{
		{"query", "/cari?q=layanan+kesehatan"},
		{"query+filters", "/cari?q=layanan&province=35&province=32&sector=kesehatan&year_from=2015"},
		{"browse", "/cari?type=innovation&sort=newest"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, bc.path, nil)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", bc.path, rec.Code)
				}
			}
		})
	}
}
