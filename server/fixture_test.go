package server

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"jippnas/content"
	"jippnas/content/demo"
	"jippnas/content/pages"
	"jippnas/content/store"
	"jippnas/index"
)

// fixture is a server over the embedded demo data, on a loopback port.
type fixture struct {
	store  *store.Store
	index  *index.Index
	server *Server
	http   *httptest.Server
	docs   []content.Document
}

const testToken = "test-admin-token"

func buildFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(store.Config{InMemory: true})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := demo.Load(st, nil); err != nil {
		tb.Fatal(err)
	}
	pgs, errs := pages.Load(demo.Pages(), false)
	if len(errs) > 0 {
		tb.Fatalf("demo pgs: %v", errs)
	}
	if _, err := pages.Sync(st, pgs); err != nil {
		tb.Fatal(err)
	}
	ix, err := index.Open(ctx, index.Config{InMemory: true}, st)
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{store: st, index: ix}
	f.server = New(Config{AdminToken: testToken, CORSOrigins: []string{"https://portal.example.go.id"}}, st, ix)
	f.http = httptest.NewServer(f.server.Handler())
	if _, err := st.Each(ctx, func(d content.Document) error { f.docs = append(f.docs, d); return nil }); err != nil {
		tb.Fatal(err)
	}
	return f
}

var (
	sharedOnce sync.Once
	shared     *fixture
)

// sharedFixture is read-only: tests that write build their own.
func sharedFixture(tb testing.TB) *fixture {
	sharedOnce.Do(func() { shared = buildFixture(tb) })
	return shared
}
