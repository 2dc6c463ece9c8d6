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

// testPublicURL is the public URL of the fixture's server.
const testPublicURL = "https://jippnas.example.go.id"

func buildFixture(tb testing.TB) *fixture { return buildFixtureWith(tb, nil) }

// buildFixtureWith builds a fixture whose server config is changed by
// configure. Rate limiting is off unless configure turns it on: every test
// client shares 127.0.0.1.
func buildFixtureWith(tb testing.TB, configure func(*Config)) *fixture {
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
	ix, err := index.Open(ctx, index.Config{InMemory: true}, st, nil)
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{store: st, index: ix}
	cfg := Config{AdminToken: testToken, CORSOrigins: []string{"https://portal.example.go.id"}, PublicURL: testPublicURL,
		Limits: Limits{Rate: -1}}
	if configure != nil {
		configure(&cfg)
	}
	f.server = New(cfg, st, ix)
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
