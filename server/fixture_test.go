package server

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"jippnas/content"
	"jippnas/content/demo"
	"jippnas/content/hub"
	"jippnas/content/pages"
	"jippnas/content/store"
	"jippnas/index"
)

// fixture is a server over the embedded demo data, on a loopback port.
type fixture struct {
	store  *store.Store
	hub    *hub.Hub
	index  *index.Index
	server *Server
	http   *httptest.Server
	docs   []content.Document
	// Hub accounts by role name (admin, editor, editor2, verifier,
	// verifier2) and their API tokens.
	accounts map[string]hub.Account
	tokens   map[string]string
}

const testToken = "test-admin-token"

// testArgon2 keeps password hashing cheap in the server's tests; the hub's
// own tests use the production costs.
var testArgon2 = hub.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// testPublicURL is the public URL of the fixture's server.
const testPublicURL = "https://jippnas.example.go.id"

func buildFixture(tb testing.TB) *fixture { return buildFixtureWith(tb, nil) }

// buildFixtureWith builds a fixture whose server config is changed by
// configure (nil: none). Rate limiting is off unless configure turns it
// on: every test client shares 127.0.0.1. The hub and the throttles run on
// configure's Config.Now, if it sets one. The demo innovations are
// published through the hub.
func buildFixtureWith(tb testing.TB, configure func(*Config)) *fixture {
	cfg := Config{AdminToken: testToken, CORSOrigins: []string{"https://portal.example.go.id"}, PublicURL: testPublicURL,
		Limits: Limits{Rate: -1}}
	if configure != nil {
		configure(&cfg)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(store.Config{InMemory: true, Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := hub.NewRegistry(st.Regions())
	if err != nil {
		tb.Fatal(err)
	}
	h, err := hub.Open(st, hub.Config{Registry: reg, Now: now, Argon2: testArgon2})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := demo.LoadWith(st, h.ImportOptions(hub.SystemActor("Data demo", hub.ViaSystem), nil, store.ImportOptions{})); err != nil {
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
	f := &fixture{store: st, hub: h, index: ix}
	f.addHubAccounts(tb)
	cfg.Hub, cfg.Now = h, now
	if os.Getenv("JIPPNAS_TEST_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	} else if cfg.Logger == nil {
		// Warnings and errors, shown when the test fails: a background
		// task's failure (a duplicate scan) is otherwise only logged.
		logs := &syncBuffer{}
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
		tb.Cleanup(func() {
			if tb.Failed() && logs.String() != "" {
				tb.Logf("server log (warnings and errors):\n%s", logs.String())
			}
		})
	}
	f.server = New(cfg, st, ix)
	f.http = httptest.NewServer(f.server.Handler())
	if _, err := st.Each(ctx, func(d content.Document) error { f.docs = append(f.docs, d); return nil }); err != nil {
		tb.Fatal(err)
	}
	return f
}

// fixtureOnce builds a fixture on first use.
type fixtureOnce struct {
	once sync.Once
	f    *fixture
}

func (o *fixtureOnce) get(tb testing.TB) *fixture {
	o.once.Do(func() { o.f = buildFixture(tb) })
	return o.f
}

var shared fixtureOnce

// sharedFixture is read-only: tests that write build their own, or use
// writableFixture.
func sharedFixture(tb testing.TB) *fixture { return shared.get(tb) }
