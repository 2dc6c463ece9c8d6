package server

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"jippnas/content"
	"jippnas/index"
)

// fixture is a server over the embedded demo data, on a loopback port.
type fixture struct {
	store  *content.Store
	index  *index.Index
	server *Server
	http   *httptest.Server
	docs   []content.Document
}

const testToken = "test-admin-token"

func buildFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	st, err := content.OpenStore(content.StoreConfig{InMemory: true})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := content.LoadDemo(st, nil); err != nil {
		tb.Fatal(err)
	}
	pages, errs := content.LoadPages(content.DemoPages(), false)
	if len(errs) > 0 {
		tb.Fatalf("demo pages: %v", errs)
	}
	if _, err := content.SyncPages(st, pages); err != nil {
		tb.Fatal(err)
	}
	ix, err := index.Open(ctx, index.Config{InMemory: true}, st, nil)
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
