package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests drive Debian's headless Chromium through the website.
// They fail when Chromium is missing (CI must install it); set
// JIPPNAS_SKIP_BROWSER=1 to skip them in a quick local run.

const artifactDir = "testdata/artifacts"

type browser struct {
	t      *testing.T
	ctx    context.Context
	base   string
	mu     sync.Mutex
	errors []string // console errors, exceptions and CSP reports
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromium is the one headless Chromium the browser tests of this package
// share: each test gets its own browser context (cookies, storage, cache)
// and tab in it, which costs far less than a browser of its own.
var chromium struct {
	once   sync.Once
	root   context.Context // the browser's first tab; tests open theirs beside it
	err    error
	cancel func()
}

func sharedChromium(exe string) (context.Context, error) {
	chromium.once.Do(func() {
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe),
			chromedp.Flag("headless", true),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("mute-audio", true),
			chromedp.UserDataDir(filepath.Join(os.TempDir(), fmt.Sprintf("jippnas-chromium-%d", os.Getpid()))),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		root, cancelRoot := chromedp.NewContext(actx)
		chromium.root, chromium.cancel = root, func() { cancelRoot(); cancelAlloc() }
		chromium.err = chromedp.Do(root)
	})
	return chromium.root, chromium.err
}

// closeChromium stops the shared browser (TestMain, after the tests).
func closeChromium() {
	if chromium.cancel != nil {
		chromium.cancel()
		os.RemoveAll(filepath.Join(os.TempDir(), fmt.Sprintf("jippnas-chromium-%d", os.Getpid())))
	}
}

func newBrowser(t *testing.T, f *fixture, width, height int) *browser {
	t.Helper()
	if os.Getenv("JIPPNAS_SKIP_BROWSER") == "1" {
		t.Skip("JIPPNAS_SKIP_BROWSER=1")
	}
	exe := chromiumPath()
	if exe == "" {
		t.Fatal("chromium not found: install it (apt-get install -y chromium) or set JIPPNAS_SKIP_BROWSER=1")
	}
	root, err := sharedChromium(exe)
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelCtx := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx() })
	b := &browser{t: t, ctx: ctx, base: f.http.URL}
	// Subscribe before the first page so that no message is lost; CSP
	// violations and failed loads arrive here as errors too.
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.addError(m.String() + " " + m.URL)
			}
		}
	}()
	b.do("start chromium", chromedp.EmulateViewport(int64(width), int64(height)))
	return b
}

func (b *browser) addError(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errors = append(b.errors, s)
}

// do runs actions and fails the test on error, with a screenshot.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.screenshot("failed-" + strings.ReplaceAll(b.t.Name(), "/", "-"))
		b.t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action that returns a value.
func get[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.screenshot("failed-" + strings.ReplaceAll(b.t.Name(), "/", "-"))
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// screenshot saves a full-page PNG into testdata/artifacts.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	return b.save(name, chromedp.FullScreenshot(100))
}

// viewportShot saves what the visitor sees without scrolling.
func (b *browser) viewportShot(name string) string {
	b.t.Helper()
	return b.save(name, chromedp.CaptureScreenshot())
}

func (b *browser) save(name string, shot chromedp.Action[[]byte]) string {
	b.t.Helper()
	// Encoding a full page costs Chromium about as much CPU as the test's
	// own steps: artifacts are taken on request or when a step fails.
	if os.Getenv("JIPPNAS_SCREENSHOTS") != "1" && !strings.HasPrefix(name, "failed-") {
		return ""
	}
	buf, err := chromedp.Run(b.ctx, shot)
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	if err := os.MkdirAll(artifactDir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	p := filepath.Join(artifactDir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
	return p
}

// waitIdle waits until a live search update has replaced the results and
// cond holds.
func (b *browser) waitIdle(cond string) {
	b.t.Helper()
	get(b, "wait for "+cond, chromedp.Poll[bool](`(function(){var r=document.querySelector('[data-search-root]');
		return !!r && !r.classList.contains('loading') && (`+cond+`);})()`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)))
}

func (b *browser) noErrors() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		b.t.Errorf("browser error: %s", e)
	}
}

func (b *browser) location() string {
	return get(b, "location", chromedp.Location())
}

// facetState reads the search page as a visitor sees it.
type facetState struct {
	Total     int            `json:"total"`
	Items     int            `json:"items"`
	Checked   map[string]int `json:"checked"`   // facet → number of ticked values
	CountSum  map[string]int `json:"countSum"`  // facet → sum of the ticked values' counts
	Unchecked map[string]int `json:"unchecked"` // facet → number of visible unticked values
}

const facetStateJS = `(function(){
  var s = {total: +document.querySelector('.results-count').dataset.total,
           items: document.querySelectorAll('li.hit').length, checked: {}, countSum: {}, unchecked: {}};
  document.querySelectorAll('fieldset[data-facet]').forEach(function(fs){
    var name = fs.dataset.facet;
    s.checked[name] = 0; s.countSum[name] = 0; s.unchecked[name] = 0;
    fs.querySelectorAll('input[type=checkbox]').forEach(function(cb){
      var c = cb.parentElement.querySelector('.count');
      if (cb.checked) { s.checked[name]++; s.countSum[name] += +(c ? c.dataset.count : 0); }
      else { s.unchecked[name]++; }
    });
  });
  return s;
})()`

func (b *browser) state() facetState {
	return get(b, "read facets", chromedp.Evaluate[facetState](facetStateJS))
}

// tick clicks the first visible unticked checkbox of a facet (the values
// are sorted by count, so it is the largest) and returns its value.
func (b *browser) tick(facet string) string {
	b.t.Helper()
	sel := chromedp.CSS(fmt.Sprintf(`fieldset[data-facet=%q] > ul input[type=checkbox]:not(:checked)`, facet))
	b.do("find "+facet, chromedp.WaitVisible(sel))
	value := get(b, "value of "+facet, chromedp.Value(sel))
	b.do("tick "+facet, chromedp.Click(sel))
	return value
}

func (b *browser) count(sel string) int {
	return get(b, "count "+sel, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
}

func (b *browser) text(sel string) string {
	return get(b, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func TestBrowserSearchFlow(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	b := newBrowser(t, f, 1280, 900)

	// Search from the home page; the form works without script too.
	b.do("home", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(chromedp.ID("q-beranda")))
	b.screenshot("home-desktop")
	b.do("search", chromedp.SendKeys(chromedp.ID("q-beranda"), "layanan"), chromedp.Submit(chromedp.ID("q-beranda")),
		chromedp.WaitVisible(chromedp.CSS(".results-count")))
	if u := b.location(); !strings.Contains(u, "/cari?q=layanan") {
		t.Fatalf("search went to %s", u)
	}
	start := b.state()
	if start.Total == 0 || start.Unchecked["province"] < 2 || start.Unchecked["sector"] < 1 {
		t.Fatalf("search for layanan: %+v", start)
	}

	// Two provinces, then a sector: the results update in place.
	p1 := b.tick("province")
	b.waitIdle(`document.querySelectorAll('fieldset[data-facet=province] input:checked').length === 1`)
	after1 := b.state()
	p2 := b.tick("province")
	b.waitIdle(`document.querySelectorAll('fieldset[data-facet=province] input:checked').length === 2`)
	after2 := b.state()
	sec := b.tick("sector")
	b.waitIdle(`document.querySelectorAll('fieldset[data-facet=sector] input:checked').length === 1`)
	end := b.state()
	b.screenshot("search-two-provinces-and-sector")

	u, err := url.Parse(b.location())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	provs := strings.Join(q["province"], ",")
	if q.Get("q") != "layanan" || len(q["province"]) != 2 || q.Get("sector") != sec ||
		!strings.Contains(provs, p1) || !strings.Contains(provs, p2) {
		t.Errorf("URL does not hold the state: %s (provinces %s %s, sector %s)", u, p1, p2, sec)
	}
	// Counts agree: one province narrows, a second widens, a sector narrows;
	// the ticked values' counts add up to the total (a document has one
	// province and one sector), and the page lists min(total, 10) items.
	if !(after1.Total <= start.Total && after2.Total >= after1.Total && end.Total <= after2.Total && end.Total > 0) {
		t.Errorf("totals do not move consistently: %d → %d → %d → %d", start.Total, after1.Total, after2.Total, end.Total)
	}
	for _, st := range []facetState{after1, after2, end} {
		if st.CountSum["province"] != st.Total {
			t.Errorf("province counts %d, total %d", st.CountSum["province"], st.Total)
		}
		if st.Items != min(st.Total, 10) {
			t.Errorf("%d items listed for total %d", st.Items, st.Total)
		}
	}
	if end.CountSum["sector"] != end.Total {
		t.Errorf("sector count %d, total %d", end.CountSum["sector"], end.Total)
	}
	// Reloading the URL gives the same page: the state is all in the URL.
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".results-count")))
	if again := b.state(); again.Total != end.Total || again.Checked["province"] != 2 || again.Checked["sector"] != 1 {
		t.Errorf("after reload %+v, before %+v", again, end)
	}

	// Open a profile, then a similar innovation, then a related guide.
	title := b.text(".hit-title a")
	b.do("open profile", chromedp.Click(chromedp.CSS(".hit-title a")), chromedp.WaitVisible(chromedp.ID("inovasi-serupa")))
	profile := b.location()
	if h1 := b.text("h1"); !strings.Contains(profile, "/inovasi/") || strings.TrimSpace(h1) != strings.TrimSpace(title) {
		t.Errorf("profile %s has title %q, hit was %q", profile, h1, title)
	}
	b.screenshot("profile")
	if b.count(".similar-list a") == 0 {
		t.Fatalf("no similar innovations on %s", profile)
	}
	b.do("open similar", chromedp.Click(chromedp.CSS(".similar-list a")), chromedp.WaitVisible(chromedp.ID("panduan-terkait")))
	if other := b.location(); other == profile || !strings.Contains(other, "/inovasi/") {
		t.Errorf("similar link went to %s", other)
	}
	b.screenshot("profile-similar")
	if b.count(".guide-list a") == 0 {
		t.Fatalf("no related guides on %s", b.location())
	}
	b.do("open guide", chromedp.Click(chromedp.CSS(".guide-list a")), chromedp.WaitVisible(chromedp.CSS(".prose")))
	if g := b.location(); !strings.Contains(g, "/panduan/") {
		t.Errorf("related guide link went to %s", g)
	}
	b.screenshot("guide")
	b.noErrors()
}

func TestBrowserTypeahead(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	resp, err := http.Get(f.http.URL + "/api/v1/suggest?q=pusk")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	hasSuggest := resp.StatusCode == http.StatusOK

	b := newBrowser(t, f, 1280, 800)
	input := chromedp.ID("q-beranda")
	b.do("home", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(input), chromedp.SendKeys(input, "pusk"))
	if hasSuggest {
		b.do("suggestions", chromedp.WaitVisible(chromedp.CSS("#q-beranda-saran li")))
		n := b.count("#q-beranda-saran li")
		text := b.text("#q-beranda-saran")
		expanded := get(b, "aria-expanded", chromedp.AttributeValue(input, "aria-expanded")).Value
		if n == 0 || !strings.Contains(strings.ToLower(text), "puskesmas") || expanded != "true" {
			t.Errorf("%d suggestions %q, aria-expanded %q", n, text, expanded)
		}
		// The keyboard moves through the list.
		b.do("arrow down", chromedp.SendKeys(input, kb.ArrowDown))
		selected := get(b, "aria-selected", chromedp.AttributeValue(chromedp.CSS("#q-beranda-saran li"), "aria-selected")).Value
		if selected != "true" {
			t.Errorf("first suggestion not selected by arrow down: %q", selected)
		}
		b.screenshot("typeahead")
		b.do("escape", chromedp.SendKeys(input, kb.Escape), chromedp.WaitNotVisible(chromedp.ID("q-beranda-saran")))
	} else {
		b.screenshot("typeahead")
	}
	if value := get(b, "value", chromedp.Value(input)); value != "pusk" {
		t.Errorf("input value %q", value)
	}
	// Enter without a chosen suggestion searches for the text typed.
	b.do("enter", chromedp.SendKeys(input, kb.Enter), chromedp.WaitVisible(chromedp.CSS(".results-count")))
	if u := b.location(); !strings.HasSuffix(u, "/cari?q=pusk") {
		t.Errorf("enter went to %s", u)
	}
	b.noErrors()
}

func TestBrowserStatistics(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	b := newBrowser(t, f, 1280, 900)
	b.do("statistics", chromedp.Navigate(b.base+"/statistik"), chromedp.WaitVisible(chromedp.CSS("svg.bar-chart")))
	bars := `#grafik-provinsi ~ svg a.bar-link`
	if charts, n := b.count("svg.bar-chart"), b.count(bars); charts != 4 || n == 0 {
		t.Fatalf("%d charts, %d province bars", charts, n)
	}
	b.screenshot("statistik")
	// A bar leads to the matching search, with as many results as it showed.
	count := get(b, "bar count", chromedp.TextContent(chromedp.CSS(bars+" .bar-count")))
	b.do("first bar", chromedp.Click(chromedp.CSS(bars+" .bar")), chromedp.WaitVisible(chromedp.CSS(".results-count")))
	u := b.location()
	if !strings.Contains(u, "/cari?") || !strings.Contains(u, "province=") {
		t.Fatalf("bar went to %s", u)
	}
	if st := b.state(); fmt.Sprint(st.Total) != strings.ReplaceAll(count, ".", "") {
		t.Errorf("bar showed %s, search found %d", count, st.Total)
	}
	b.noErrors()
}

func TestBrowserMobile(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	b := newBrowser(t, f, 390, 844)
	overflow := `document.documentElement.scrollWidth > window.innerWidth + 1`
	b.do("home", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(chromedp.ID("q-beranda")))
	if get(b, "overflow", chromedp.Evaluate[bool](overflow)) {
		t.Error("home page scrolls sideways on a phone")
	}
	b.screenshot("home-mobile")
	b.do("search", chromedp.Navigate(b.base+"/cari?q=puskesmas"), chromedp.WaitVisible(chromedp.CSS(".results-count")))
	if get(b, "overflow", chromedp.Evaluate[bool](overflow)) {
		t.Error("search page scrolls sideways on a phone")
	}
	b.viewportShot("search-mobile")
	// Keyboard users get the skip link first.
	b.do("tab", chromedp.KeyEvent(kb.Tab))
	if focused := get(b, "focus", chromedp.Evaluate[string](`document.activeElement.className`)); focused != "skip-link" {
		t.Errorf("first tab stop is %q, want the skip link", focused)
	}
	b.noErrors()
}
