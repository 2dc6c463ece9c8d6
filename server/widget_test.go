package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// hostSite is another organisation's site (a second server, another
// origin) with a strict CSP that allows JIPPNAS and nothing inline.
type hostSite struct {
	http  *httptest.Server
	jipp  atomic.Pointer[string]
	pages map[string]string
}

func newHostSite(t *testing.T) *hostSite {
	h := &hostSite{pages: map[string]string{}}
	h.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jipp := *h.jipp.Load()
		if r.URL.Path == "/favicon.ico" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.URL.Path == "/tema.css" {
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, ".jippnas-widget { --jippnas-primary: #7a0019; }\nbody { font-family: serif; }\n")
			return
		}
		body, ok := h.pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src "+jipp+"; style-src 'self' "+jipp+
			"; connect-src "+jipp+"; frame-src "+jipp+"; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Portal Provinsi Jawa Timur</title>
<link rel="stylesheet" href="/tema.css"></head><body><h1>Portal Pemerintah Provinsi Jawa Timur</h1>%s</body></html>`,
			strings.ReplaceAll(body, "JIPP", jipp))
	}))
	t.Cleanup(h.http.Close)
	return h
}

// embedFixture is JIPPNAS (over the demo data) that lets the host site in.
func embedFixture(t *testing.T, host *hostSite) (*Server, *httptest.Server) {
	f := sharedFixture(t)
	// Its insight days are its own: other servers over the shared store
	// count today's searches.
	day := time.Date(2031, 1, 2, 10, 0, 0, 0, wib).Add(time.Duration(embedServers.Add(1)) * 24 * time.Hour)
	srv := New(Config{AdminToken: testToken, CORSOrigins: []string{host.http.URL}, Now: func() time.Time { return day }}, f.store, f.index)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	host.jipp.Store(&hs.URL)
	return srv, hs
}

var embedServers atomic.Int64

// shadow is a JS path into the widget's shadow root.
func shadow(sel string) chromedp.JSPath {
	return chromedp.JSPath(fmt.Sprintf(`document.querySelector(".jippnas-widget").shadowRoot.querySelector(%q)`, sel))
}

// waitClicks polls the insight counts until a click of q is in.
func waitClicks(t *testing.T, srv *Server, q string) queryStat {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rep, err := srv.insight.report("day", srv.cfg.Now(), 100)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := statOf(rep.Popular, q)
		if st.Clicks > 0 || time.Now().After(deadline) {
			return st
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserWidgetScript(t *testing.T) {
	t.Parallel()
	host := newHostSite(t)
	host.pages["/skrip"] = `<p>Cari inovasi di bawah ini.</p><script src="JIPP/sematkan/widget.js" data-province="35" async></script><p>Kaki halaman portal.</p>`
	srv, jipp := embedFixture(t, host)
	b := newBrowser(t, &fixture{http: host.http}, 1000, 1000)

	b.do("host page", chromedp.Navigate(b.base+"/skrip"))
	first := `(function(){var h=document.querySelector(".jippnas-widget");return !!h&&!!h.shadowRoot&&h.shadowRoot.querySelectorAll(".jw-results li").length>0})()`
	get(b, "newest innovations", chromedp.Poll[bool](first, chromedp.WithPollingTimeout(20*time.Second)))
	scope := get(b, "scope", chromedp.Text(shadow(".jw-scope")))
	if !strings.Contains(scope, "Jawa Timur") {
		t.Errorf("scope %q", scope)
	}
	// Accessible: the input has its label, the results a live status.
	label := get(b, "label", chromedp.Evaluate[string](`(function(){var r=document.querySelector(".jippnas-widget").shadowRoot;
		var i=r.querySelector("input[type=search]");return r.querySelector('label[for="'+i.id+'"]').textContent})()`))
	if !strings.Contains(label, "Cari inovasi") {
		t.Errorf("input label %q", label)
	}
	if live := get(b, "live", chromedp.AttributeValue(shadow(".jw-status"), "aria-live")).Value; live != "polite" {
		t.Errorf("status aria-live %q", live)
	}
	// Themed by the host's stylesheet through a CSS variable.
	bg := get(b, "button colour", chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".jippnas-widget").shadowRoot.querySelector(".jw-button")).backgroundColor`))
	if bg != "rgb(122, 0, 25)" {
		t.Errorf("button colour %s, want the host's #7a0019", bg)
	}

	// Search with the keyboard.
	b.do("type", chromedp.Focus(shadow("input")), chromedp.KeyEvent("sampah"), chromedp.KeyEvent(kb.Enter))
	get(b, "results", chromedp.Poll[bool](`document.querySelector(".jippnas-widget").shadowRoot.querySelector(".jw-status").textContent.indexOf("sampah") >= 0`,
		chromedp.WithPollingTimeout(20*time.Second)))
	metas := get(b, "metas", chromedp.Evaluate[[]string](`Array.from(document.querySelector(".jippnas-widget").shadowRoot.querySelectorAll(".jw-meta")).map(function(e){return e.textContent})`))
	if len(metas) == 0 {
		t.Fatal("no results for sampah in East Java")
	}
	for _, m := range metas {
		if !strings.Contains(m, "Jawa Timur") {
			t.Errorf("result outside the preset province: %q", m)
		}
	}
	b.screenshot("widget-skrip")

	// Open a result: the visitor lands on the JIPPNAS profile.
	title := get(b, "title", chromedp.Text(shadow(".jw-title")))
	b.do("open", chromedp.Click(shadow(".jw-title")), chromedp.WaitVisible(chromedp.CSS("h1")))
	if loc := b.location(); !strings.HasPrefix(loc, jipp.URL+"/inovasi/") {
		t.Fatalf("result opened %s", loc)
	}
	if h1 := b.text("h1"); strings.TrimSpace(h1) != strings.TrimSpace(title) {
		t.Errorf("profile %q, result %q", h1, title)
	}
	// The search and the opened result were counted, from another origin.
	if st := waitClicks(t, srv, "sampah"); st.Searches != 1 || st.Clicks != 1 {
		t.Errorf("insight for the widget search: %+v", st)
	}
	b.noErrors()
}

func TestBrowserWidgetFrame(t *testing.T) {
	t.Parallel()
	host := newHostSite(t)
	host.pages["/bingkai"] = `<iframe src="JIPP/sematkan/bingkai?province=35&amp;primary=%237a0019" title="Pencarian inovasi JIPPNAS" width="640" height="800"></iframe>`
	srv, jipp := embedFixture(t, host)
	b := newBrowser(t, &fixture{http: host.http}, 1000, 1000)

	b.do("host page", chromedp.Navigate(b.base+"/bingkai"), chromedp.WaitVisible(chromedp.CSS("iframe")))
	frame := func() *chromedp.Node {
		nodes := get(b, "iframe", chromedp.Nodes(chromedp.CSS("iframe")))
		return nodes[0]
	}
	in := func() chromedp.QueryOption { return chromedp.FromNode(frame()) }
	b.do("frame results", chromedp.WaitVisible(chromedp.CSS(".jw-results li"), in()))
	b.do("search in the frame", chromedp.SendKeys(chromedp.CSS("input[name=q]"), "sampah", in()),
		chromedp.Submit(chromedp.CSS("input[name=q]"), in()))
	var status string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if st, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(".jw-status"), in())); err == nil && strings.Contains(st, "sampah") {
			status = st
			break
		}
	}
	if !strings.Contains(status, "ditemukan") {
		t.Fatalf("frame status %q", status)
	}
	metas := get(b, "metas", chromedp.Nodes(chromedp.CSSAll(".jw-meta"), in()))
	if len(metas) == 0 {
		t.Fatal("no results in the frame")
	}
	b.screenshot("widget-bingkai")
	title := get(b, "title", chromedp.Text(chromedp.CSS(".jw-title"), in()))
	b.do("open", chromedp.Click(chromedp.CSS(".jw-title"), in()))
	// The whole window goes to JIPPNAS (the link targets _top).
	loc := ""
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && !strings.Contains(loc, "/inovasi/"); time.Sleep(100 * time.Millisecond) {
		loc, _ = chromedp.Run(b.ctx, chromedp.Location())
	}
	b.do("profile", chromedp.WaitVisible(chromedp.CSS("#inovasi-serupa")))
	if !strings.HasPrefix(loc, jipp.URL+"/inovasi/") {
		t.Fatalf("result opened %s, want the whole window on JIPPNAS", loc)
	}
	if h1 := b.text("h1"); strings.TrimSpace(h1) != strings.TrimSpace(title) {
		t.Errorf("profile %q, result %q", h1, title)
	}
	if st := waitClicks(t, srv, "sampah"); st.Searches != 1 || st.Clicks != 1 {
		t.Errorf("insight for the frame search: %+v", st)
	}
	b.noErrors()
}

// TestEmbedHeaders: only the iframe page may be framed, and only by the
// allowed origins; the widget's files load from anywhere.
func TestEmbedHeaders(t *testing.T) {
	f := sharedFixture(t)
	resp, err := http.Get(f.http.URL + "/sematkan/bingkai?province=35")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'self' https://portal.example.go.id") || resp.Header.Get("X-Frame-Options") != "" ||
		strings.Contains(csp, "unsafe-inline") {
		t.Errorf("frame page: CSP %q, X-Frame-Options %q", csp, resp.Header.Get("X-Frame-Options"))
	}
	for _, p := range []string{"/", "/sematkan", "/cari?q=a"} {
		resp, _ := http.Get(f.http.URL + p)
		resp.Body.Close()
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s may be framed", p)
		}
	}
	for _, p := range []string{"/sematkan/widget.js", "/sematkan/widget.css"} {
		resp, _ := http.Get(f.http.URL + p)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" || resp.Header.Get("ETag") == "" {
			t.Errorf("%s: %d %v", p, resp.StatusCode, resp.Header)
		}
	}
	// "*" in --cors lets any site frame it; a malformed origin is left out.
	srv := New(Config{CORSOrigins: []string{"https://a.go.id", "bad origin; script-src *"}}, f.store, f.index)
	if got := srv.frameAncestors(); got != "'self' https://a.go.id" {
		t.Errorf("frame-ancestors %q", got)
	}
	if got := New(Config{CORSOrigins: []string{"*"}}, f.store, f.index).frameAncestors(); got != "*" {
		t.Errorf("frame-ancestors with * %q", got)
	}
	// Bad presets are refused with a clear message.
	for _, p := range []string{"/sematkan?province=99", "/sematkan/bingkai?sector=bukan", "/sematkan?primary=red", "/sematkan/bingkai?size=50"} {
		resp, _ := http.Get(f.http.URL + p)
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	_, page := getPage(t, f.http.URL, "/sematkan?region=35.78&sector=kesehatan&primary=%237A0019")
	for _, want := range []string{`data-province="35" data-region="35.78" data-sector="kesehatan" data-size="5" async`, "Kota Surabaya, bidang Kesehatan",
		"/sematkan/bingkai?primary=%237a0019&amp;amp;province=35&amp;amp;region=35.78&amp;amp;sector=kesehatan", "--jippnas-primary: #7a0019"} {
		if !strings.Contains(page, want) {
			t.Errorf("/sematkan lacks %q", want)
		}
	}
}
