package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jippnas/content/store"
	"jippnas/index"
)

// These tests hold the findings of issue 16, each through the real HTTP
// handler on a loopback port.

type apiResp struct {
	status int
	header http.Header
	body   string
	prob   problem
}

func send(t *testing.T, method, url, body string, hdr ...string) apiResp {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := apiResp{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
		json.Unmarshal(b, &r.prob)
	}
	return r
}

var admin = []string{"Authorization", "Bearer " + testToken}

// Finding 1: an acknowledged write is on disk, and concurrent writers
// share fsyncs.
func TestFindingDurableAcknowledgement(t *testing.T) {
	t.Parallel()
	st, err := store.Open(store.Config{Dir: filepath.Join(t.TempDir(), "store")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(context.Background(), index.Config{InMemory: true}, st)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv := httptest.NewServer(New(Config{AdminToken: testToken, Limits: Limits{Rate: -1}}, st, ix).Handler())
	defer srv.Close()
	const writers = 16
	var wg sync.WaitGroup
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("durable-%d", i)
			r := send(t, "PUT", srv.URL+"/api/v1/documents/"+id,
				`{"type":"innovation","title":"Inovasi tahan lama","institution":"Dinas Uji","region_code":"35.78"}`, admin...)
			if r.status != http.StatusCreated {
				t.Errorf("PUT %s: %d %s", id, r.status, r.body)
			}
		}()
	}
	wg.Wait()
	ss := st.SyncStats()
	if ss.Acks < writers || ss.Syncs == 0 {
		t.Fatalf("%d acknowledged writes, %d syncs: writes were acknowledged without a sync", ss.Acks, ss.Syncs)
	}
	t.Logf("%d concurrent PUTs, %d fsyncs", writers, ss.Syncs)
	m := send(t, "GET", srv.URL+"/metrics", "")
	if m.status != http.StatusNotFound {
		t.Errorf("/metrics open on the public listener without a token: %d", m.status)
	}
}

// Finding 2: POST /similar cannot make the server hold many large bodies.
func TestFindingSimilarBodiesBounded(t *testing.T) {
	t.Parallel()
	f := buildFixtureWith(t, func(c *Config) {
		c.Limits.SimilarSlots, c.Limits.Queue, c.Limits.QueueWait = 1, 1, 2*time.Second
	})
	url := f.http.URL + "/api/v1/similar"
	big := `{"title":"Akta","body":"` + strings.Repeat("a", 1<<20) + `"}`
	// Declared too large: refused before anything is read.
	if r := send(t, "POST", url, big); r.status != http.StatusRequestEntityTooLarge || r.prob.Status != 413 {
		t.Errorf("1 MiB body: %d %s", r.status, r.body)
	}
	// Not declared (chunked): refused at the limit.
	resp, err := http.Post(url, "application/json", io.MultiReader(strings.NewReader(big)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked 1 MiB body: %d", resp.StatusCode)
	}
	// One slot, one place in the queue: a slow upload holds the slot, the
	// next request waits and gives up with 503, the one after is refused
	// at once.
	pr, pw := io.Pipe()
	slow := make(chan int)
	go func() {
		resp, err := http.Post(url, "application/json", pr)
		if err != nil {
			slow <- 0
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	pw.Write([]byte(`{"title":"Pelayanan akta`))
	waitFor(t, func() bool { return f.server.similarGate.inUse() == 1 })
	queued := make(chan apiResp)
	go func() { queued <- send(t, "POST", url, `{"title":"Akta kelahiran"}`) }()
	waitFor(t, func() bool { return f.server.similarGate.waiting.Load() == 1 })
	start := time.Now()
	full := send(t, "POST", url, `{"title":"Akta kelahiran"}`)
	// "At once": well within the queue's wait, even on a busy machine.
	if full.status != http.StatusServiceUnavailable || full.header.Get("Retry-After") == "" || time.Since(start) > time.Second {
		t.Errorf("queue full: %d Retry-After %q after %s", full.status, full.header.Get("Retry-After"), time.Since(start))
	}
	if r := <-queued; r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Errorf("queued past the wait: %d %s", r.status, r.body)
	}
	pw.Write([]byte(` kelahiran"}`))
	pw.Close()
	if code := <-slow; code != http.StatusOK {
		t.Errorf("the slow request: %d", code)
	}
	if r := send(t, "POST", url, `{"title":"Akta kelahiran"}`); r.status != http.StatusOK {
		t.Errorf("after the slot is free: %d", r.status)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not reached")
}

// Finding 3: per-client rate limits, 429 with Retry-After; behind a
// trusted proxy the client is the forwarded address, from anyone else the
// header is ignored.
func TestFindingRateLimit(t *testing.T) {
	t.Parallel()
	f := buildFixtureWith(t, func(c *Config) {
		c.Limits.Rate, c.Limits.RateBurst = 1, 3
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	get := func(path string, hdr ...string) apiResp { return send(t, "GET", f.http.URL+path, "", hdr...) }
	from := func(ip string) []string { return []string{"X-Forwarded-For", "203.0.113.7, " + ip} }
	for i := 0; i < 3; i++ {
		if r := get("/api/v1/regions", from("198.51.100.1")...); r.status != 200 {
			t.Fatalf("request %d within the burst: %d", i+1, r.status)
		}
	}
	r := get("/api/v1/regions", from("198.51.100.1")...)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || r.prob.Status != 429 {
		t.Fatalf("over the burst: %d Retry-After %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	if w := get("/panduan", from("198.51.100.1")...); w.status != http.StatusTooManyRequests || !strings.Contains(w.body, "Terlalu banyak permintaan") {
		t.Errorf("website over the limit: %d", w.status)
	}
	// Static assets and the health check are not counted.
	if s := get("/healthz", from("198.51.100.1")...); s.status != 200 {
		t.Errorf("healthz limited: %d", s.status)
	}
	// Another client behind the same proxy has its own bucket; the forged
	// left-most address does not make a client.
	if o := get("/api/v1/regions", from("198.51.100.2")...); o.status != 200 {
		t.Errorf("another client behind the proxy: %d", o.status)
	}
	// An IPv6 /64 is one client.
	for i := 0; i < 3; i++ {
		get("/api/v1/regions", from(fmt.Sprintf("2001:db8:1:2::%x", i+1))...)
	}
	if v6 := get("/api/v1/regions", from("2001:db8:1:2::ff")...); v6.status != http.StatusTooManyRequests {
		t.Errorf("fourth address of one /64: %d", v6.status)
	}

	// Not a trusted proxy: the header is ignored, the peer is the client.
	g := buildFixtureWith(t, func(c *Config) { c.Limits.Rate, c.Limits.RateBurst = 1, 2 })
	for i := 0; i < 2; i++ {
		send(t, "GET", g.http.URL+"/api/v1/sectors", "", "X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i))
	}
	if r := send(t, "GET", g.http.URL+"/api/v1/sectors", "", "X-Forwarded-For", "192.0.2.99"); r.status != http.StatusTooManyRequests {
		t.Errorf("forged X-Forwarded-For from an untrusted peer escaped the limit: %d", r.status)
	}
}

// Finding 5: the Host header never reaches a page.
func TestFindingHostHeader(t *testing.T) {
	t.Parallel()
	f := buildFixtureWith(t, func(c *Config) { c.PublicURL = "" })
	doc := firstOf(t, f, "innovation")
	for _, path := range []string{"/sitemap.xml", "/robots.txt", "/", doc.Path(), "/cari?q=akta", "/api"} {
		r := webGet(t, f, path, "Host", "evil.example", "X-Forwarded-Host", "evil2.example")
		if r.status != 200 || strings.Contains(r.body, "evil") {
			t.Errorf("%s with a forged Host: %d, mentions it: %v", path, r.status, strings.Contains(r.body, "evil"))
		}
	}
	if r := webGet(t, f, doc.Path()); !strings.Contains(r.body, `<link rel="canonical" href="`+doc.Path()+`">`) {
		t.Errorf("without a public URL the canonical link is not the path")
	}
	// With a public URL, every absolute link uses it.
	pub := sharedFixture(t)
	r := webGet(t, pub, doc.Path(), "Host", "evil.example")
	if !strings.Contains(r.body, `<meta property="og:url" content="`+testPublicURL+doc.Path()+`">`) || strings.Contains(r.body, "evil") {
		t.Errorf("og:url with a public URL: %.300s", r.body)
	}
	if s := webGet(t, pub, "/sitemap.xml", "Host", "evil.example"); !strings.Contains(s.body, "<loc>"+testPublicURL+"/</loc>") || strings.Contains(s.body, "evil") {
		t.Errorf("sitemap with a public URL: %.300s", s.body)
	}
}

// Finding 6: one strict rule for every JSON body; a PUT that creates
// answers 201 with Location.
func TestFindingStrictJSONAndCreate(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	put := f.http.URL + "/api/v1/documents/uji-json"
	good := `{"type":"news","title":"Kabar uji"}`
	for _, c := range []struct{ name, body, want string }{
		{"trailing data", good + ` {"x":1}`, "after the JSON object"},
		{"trailing garbage", good + ` x`, "after the JSON object"},
		{"NUL in a string", `{"type":"news","title":"Kabar\u0000uji"}`, "NUL"},
		{"invalid UTF-8", "{\"type\":\"news\",\"title\":\"Kabar \xff uji\"}", "UTF-8"},
		{"unknown field", `{"type":"news","title":"Kabar","judul":"x"}`, `unknown field "judul"`},
		{"wrong type", `{"type":"news","title":"Kabar","year":"2024"}`, `field "year"`},
		{"empty", ``, "empty body"},
		{"cut short", `{"type":"news","title":"Kab`, "ends in the middle"},
	} {
		for _, target := range []struct{ method, url string }{{"PUT", put}, {"POST", f.http.URL + "/api/v1/similar"}} {
			body := c.body
			if target.method == "POST" {
				body = strings.ReplaceAll(strings.ReplaceAll(body, `"type":"news",`, ""), `"year":"2024"`, `"sector":1`)
				if c.name == "wrong type" {
					c.want = `field "sector"`
				}
			}
			r := send(t, target.method, target.url, body, admin...)
			if r.status != 400 || !strings.Contains(r.prob.Detail+" "+r.prob.Param, c.want) {
				t.Errorf("%s %s: %d %s, want 400 saying %q", target.method, c.name, r.status, r.body, c.want)
			}
		}
	}
	r := send(t, "PUT", put, good, admin...)
	if r.status != http.StatusCreated || r.header.Get("Location") != "/api/v1/documents/uji-json" {
		t.Fatalf("create: %d Location %q", r.status, r.header.Get("Location"))
	}
	if g := send(t, "GET", f.http.URL+r.header.Get("Location"), ""); g.status != 200 {
		t.Errorf("GET Location: %d", g.status)
	}
	// An update names the version it was made from (the hub's rule).
	update := append(slices.Clone(admin), "If-Match", r.header.Get("ETag"))
	if u := send(t, "PUT", put, `{"type":"news","title":"Kabar uji diperbarui"}`, update...); u.status != http.StatusOK || u.header.Get("Location") != "" {
		t.Errorf("replace: %d Location %q", u.status, u.header.Get("Location"))
	}
}

// Finding 8: a size beyond the limit is a 400 naming it, on every
// endpoint.
func TestFindingSizeRule(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	id := firstOf(t, f, "innovation").ID
	for _, path := range []string{"/api/v1/search?size=101", "/api/v1/search?size=500", "/api/v1/pages?size=101",
		"/api/v1/suggest?q=pusk&size=21", "/api/v1/documents/" + id + "/similar?size=21", "/api/v1/search?page=1001",
		"/api/v1/search?page=101&size=100"} {
		r := send(t, "GET", f.http.URL+path, "")
		if r.status != 400 || (r.prob.Param != "size" && r.prob.Param != "page") {
			t.Errorf("%s: %d param %q", path, r.status, r.prob.Param)
		}
	}
	if r := send(t, "POST", f.http.URL+"/api/v1/similar?size=21", `{"title":"Akta"}`); r.status != 400 || r.prob.Param != "size" {
		t.Errorf("POST /similar?size=21: %d %s", r.status, r.body)
	}
	if r := webGet(t, f, "/cari?q=akta&size=500"); r.status != 400 {
		t.Errorf("website /cari?size=500: %d", r.status)
	}
	// The limits are configuration, and the API page says what they are.
	g := buildFixtureWith(t, func(c *Config) { c.Limits.PageSize, c.Limits.PageDepth = 20, 200 })
	if r := send(t, "GET", g.http.URL+"/api/v1/search?size=21", ""); r.status != 400 {
		t.Errorf("configured page size 20, size=21: %d", r.status)
	}
	if r := send(t, "GET", g.http.URL+"/api/v1/search?size=20&page=11", ""); r.status != 400 || !strings.Contains(r.prob.Detail, "200") {
		t.Errorf("configured depth 200, page 11 × 20: %d %s", r.status, r.body)
	}
	if r := webGet(t, g, "/api"); !strings.Contains(r.body, "maks. 20; page × size ≤ 200") {
		t.Errorf("the API page does not state the configured limits")
	}
}

// An API search that runs out of time is a 503 with Retry-After, not a
// 500; the website shows its busy page.
func TestTimeoutIsUnavailable(t *testing.T) {
	t.Parallel()
	f := buildFixtureWith(t, func(c *Config) { c.RequestTimeout = time.Nanosecond })
	r := send(t, "GET", f.http.URL+"/api/v1/search?q=pelayanan+kesehatan", "")
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Errorf("API search past its time: %d %s", r.status, r.body)
	}
	w := webGet(t, f, "/cari?q=pelayanan+kesehatan")
	if w.status != http.StatusServiceUnavailable || !strings.Contains(w.body, "Server sedang sibuk") {
		t.Errorf("website search past its time: %d", w.status)
	}
}

// Finding 9: metrics behind a token or on their own listener, per route
// template; HSTS only over TLS; a shutdown that says what it waited for.
func TestFindingOperations(t *testing.T) {
	t.Parallel()
	f := buildFixtureWith(t, func(c *Config) {
		c.MetricsToken = "metrics-secret"
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	doc := firstOf(t, f, "innovation")
	send(t, "GET", f.http.URL+"/api/v1/documents/"+doc.ID, "")
	send(t, "GET", f.http.URL+"/api/v1/search?q=akta", "")
	if r := send(t, "GET", f.http.URL+"/metrics", ""); r.status != http.StatusUnauthorized {
		t.Errorf("metrics without the token: %d", r.status)
	}
	m := send(t, "GET", f.http.URL+"/metrics", "", "Authorization", "Bearer metrics-secret")
	for _, want := range []string{
		`jippnas_http_requests_total{code="200",method="GET",route="/api/v1/documents/{id}"} 1`,
		`jippnas_http_request_duration_seconds_bucket{method="GET",route="/api/v1/search"`,
		`jippnas_documents{type="innovation"} `, `jippnas_index_high_water_mark `, `jippnas_index_generation_info{`,
		`jippnas_store_size_bytes{part="lsm"}`, `jippnas_store_syncs_total`, `jippnas_imports_running 0`,
		`jippnas_work_slots_in_use{kind="similar"}`, `go_goroutines `, `process_resident_memory_bytes `, `badger_put_num_user `,
	} {
		if !strings.Contains(m.body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(m.body, doc.ID) {
		t.Errorf("metrics name a raw path")
	}
	// HSTS: over TLS, or when the trusted proxy says https; not otherwise.
	if r := webGet(t, f, "/"); r.header.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS over plain HTTP")
	}
	if r := webGet(t, f, "/", "X-Forwarded-Proto", "https"); r.header.Get("Strict-Transport-Security") == "" {
		t.Errorf("no HSTS behind a TLS-terminating trusted proxy")
	}
	if r := webGet(t, sharedFixture(t), "/", "X-Forwarded-Proto", "https"); r.header.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS on an untrusted peer's word")
	}
	tlsSrv := httptest.NewTLSServer(f.server.Handler())
	defer tlsSrv.Close()
	resp, err := tlsSrv.Client().Get(tlsSrv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("no HSTS over direct TLS")
	}
}

// TestShutdownLogsWhatItWaitedFor: a slow request is in flight when the
// server is told to stop; the log names it and the wait.
func TestShutdownLogsWhatItWaitedFor(t *testing.T) {
	t.Parallel()
	shared := sharedFixture(t)
	var logs syncBuffer
	addr := freeLoopback(t)
	s := New(Config{Addr: addr, AdminToken: testToken, Limits: Limits{Rate: -1},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}, shared.store, shared.index)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.ListenAndServe(ctx) }()
	waitFor(t, func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	pr, pw := io.Pipe()
	answered := make(chan int)
	go func() {
		resp, err := http.Post("http://"+addr+"/api/v1/similar", "application/json", pr)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	pw.Write([]byte(`{"title":"Akta`))
	waitFor(t, func() bool { return s.similarGate.inUse() == 1 })
	cancel()
	time.Sleep(100 * time.Millisecond)
	pw.Write([]byte(` kelahiran"}`))
	pw.Close()
	if code := <-answered; code != http.StatusOK {
		t.Errorf("the request in flight was not let finish: %d", code)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{"shutting down", "requests=1", "POST /api/v1/similar", "HTTP server stopped", "requests_waited_for=1"} {
		if !strings.Contains(out, want) {
			t.Errorf("shutdown log lacks %q:\n%s", want, out)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeLoopback(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.Listener.Addr().String()
	srv.Close()
	return addr
}
