package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"jippnas/content/store"
)

func TestNormalizeQuery(t *testing.T) {
	for in, want := range map[string]string{
		"Puskesmas":                       "puskesmas",
		"  PUSKESMAS   keliling!! ":       "puskesmas keliling",
		"“akta kelahiran”, KK & KIA?":     "akta kelahiran kk kia",
		"inovasi jatim 2022":              "inovasi jatim 2022",
		"NIK 3578012345678901 akta":       "nik [angka] akta",
		"hubungi 0812-3456-7890":          "hubungi [angka]",
		"budi.santoso@example.go.id izin": "[surel] izin",
		"e-ktp":                           "e-ktp",
		"--- ... !!!":                     "",
		"Ｐｕｓｋｅｓｍａｓ":                       "puskesmas", // full-width, NFKC
		strings.Repeat("kata ", 40):       strings.TrimSpace(strings.Repeat("kata ", 20)),
	} {
		if got := normalizeQuery(in); got != want {
			t.Errorf("normalizeQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalizeQuery(f *testing.F) {
	for _, s := range []string{"puskesmas", "NIK 3578012345678901", "a@b.c", "１２３４５", "x\u0000y", strings.Repeat("é", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalizeQuery(s)
		if !utf8.ValidString(n) || utf8.RuneCountInString(n) > insightMaxRunes || strings.Contains(n, "@") {
			t.Fatalf("normalizeQuery(%q) = %q", s, n)
		}
		if normalizeQuery(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, normalizeQuery(n))
		}
		run := 0
		for _, r := range n {
			if unicode.IsDigit(r) {
				run++
			} else if r == ' ' {
				run = 0
			}
			if run >= 5 {
				t.Fatalf("normalizeQuery(%q) = %q keeps a long number", s, n)
			}
		}
	})
}

// insightServer is a server with its own store and a clock the test moves.
func insightServer(t *testing.T) (*fixture, *Server, *httptest.Server, *atomic.Pointer[time.Time]) {
	t.Helper()
	f := buildFixture(t)
	var clock atomic.Pointer[time.Time]
	start := time.Date(2025, 3, 5, 9, 0, 0, 0, wib) // a Wednesday
	clock.Store(&start)
	srv := New(Config{AdminToken: testToken, InsightFlush: time.Hour, InsightRetention: 30 * 24 * time.Hour,
		Now: func() time.Time { return *clock.Load() }}, f.store, f.index)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return f, srv, hs, &clock
}

func visit(t *testing.T, base, path, referer string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) uji-agen")
	if referer != "" {
		req.Header.Set("Referer", base+referer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d", path, resp.StatusCode)
	}
}

func beacon(t *testing.T, base, q string) {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/insight/click", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"q": {q}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("beacon: %d", resp.StatusCode)
	}
}

func getReport(t *testing.T, base, query string) insightReport {
	t.Helper()
	status, body := asAdmin(t, http.MethodGet, base+"/api/v1/insight?"+query, nil)
	if status != 200 {
		t.Fatalf("insight %s: %d %s", query, status, body)
	}
	// The answer is what the OpenAPI document promises.
	d := loadOpenAPI(t)
	var val any
	json.Unmarshal(body, &val)
	for _, e := range (validator{d.Components.Schemas}).validate(map[string]any{"$ref": "#/components/schemas/InsightReport"}, val, "$") {
		t.Error(e)
	}
	var rep insightReport
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

func statOf(list []queryStat, q string) (queryStat, bool) {
	for _, s := range list {
		if s.Query == q {
			return s, true
		}
	}
	return queryStat{}, false
}

func TestSearchInsight(t *testing.T) {
	t.Parallel()
	f, srv, hs, clock := insightServer(t)
	before := storeRecords(t, f.store)

	// Four searches for the same words, written four ways, from the site
	// and the API; one finds nothing; refinements and later pages of the
	// same search are not new searches.
	visit(t, hs.URL, "/cari?q=Puskesmas", "")
	visit(t, hs.URL, "/cari?q=puskesmas!", "/")
	visit(t, hs.URL, "/api/v1/search?q=%20PUSKESMAS%20", "")
	visit(t, hs.URL, "/api/v1/search?q=puskesmas&size=3", "")
	visit(t, hs.URL, "/cari?q=puskesmas&province=35", "/cari?q=puskesmas")
	visit(t, hs.URL, "/cari?q=puskesmas&page=2", "/cari?q=puskesmas")
	visit(t, hs.URL, "/api/v1/search?q=puskesmas&page=2", "")
	visit(t, hs.URL, "/cari?q=xqzzvkk", "")
	visit(t, hs.URL, "/cari?q=xqzzvkk", "")
	visit(t, hs.URL, "/cari?q=sampah", "")
	visit(t, hs.URL, "/cari?q=akta+3578012345678901", "")
	visit(t, hs.URL, "/cari?q=budi%40example.go.id", "")
	visit(t, hs.URL, "/cari", "") // no words: nothing to count
	beacon(t, hs.URL, "Puskesmas")
	beacon(t, hs.URL, "rahasia yang tidak pernah dicari") // not searched: not stored

	rep := getReport(t, hs.URL, "period=day")
	if rep.From != "2025-03-05" || rep.Period != "day" || len(rep.Series) != 14 {
		t.Errorf("report period %s %s, %d days", rep.Period, rep.From, len(rep.Series))
	}
	if p, ok := statOf(rep.Popular, "puskesmas"); !ok || p.Searches != 4 || p.Clicks != 1 || p.ZeroResults != 0 || rep.Popular[0].Query != "puskesmas" {
		t.Errorf("popular: %+v", rep.Popular)
	}
	if z, ok := statOf(rep.ZeroResults, "xqzzvkk"); !ok || z.Searches != 2 || z.ZeroResults != 2 {
		t.Errorf("zero results: %+v", rep.ZeroResults)
	}
	if _, ok := statOf(rep.NotOpened, "sampah"); !ok {
		t.Errorf("sampah found results nobody opened: %+v", rep.NotOpened)
	}
	if _, ok := statOf(rep.NotOpened, "puskesmas"); ok {
		t.Error("puskesmas was opened, yet listed as not opened")
	}
	if _, ok := statOf(rep.NotOpened, "xqzzvkk"); ok {
		t.Error("a query without results is not a query whose results were not opened")
	}
	if rep.Totals.Searches != 9 || rep.Totals.Clicks != 1 || rep.Totals.Queries != 5 {
		t.Errorf("totals %+v", rep.Totals)
	}

	// The next day counts separately; the week adds both.
	next := clock.Load().Add(24 * time.Hour)
	clock.Store(&next)
	visit(t, hs.URL, "/cari?q=puskesmas", "")
	beacon(t, hs.URL, "xqzzvkk") // searched yesterday: counts for yesterday
	week := getReport(t, hs.URL, "period=week&date=2025-03-06")
	if week.From != "2025-03-03" || week.To != "2025-03-09" || len(week.Series) != 8 || week.Series[7].Period != "2025-W10" {
		t.Errorf("week %s–%s, series %+v", week.From, week.To, week.Series)
	}
	if p, _ := statOf(week.Popular, "puskesmas"); p.Searches != 5 {
		t.Errorf("week: puskesmas %+v", p)
	}
	day1 := getReport(t, hs.URL, "period=day&date=2025-03-05")
	if z, _ := statOf(day1.ZeroResults, "xqzzvkk"); z.Clicks != 1 {
		t.Errorf("late click not counted for the day of the search: %+v", z)
	}

	// Everything reaches the store at shutdown, as aggregates only.
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	// The searches wrote nothing but the two days' aggregates (the hub's
	// accounts and workflow records were there before).
	records := storeRecords(t, f.store)
	for k, v := range before {
		if records[k] == v {
			delete(records, k)
		}
	}
	if len(records) != 2 || records["insight/day/2025-03-05"] == "" || records["insight/day/2025-03-06"] == "" {
		t.Fatalf("records the searches wrote: %v", keysOf(records))
	}
	var day insightDay
	if err := json.Unmarshal([]byte(records["insight/day/2025-03-05"]), &day); err != nil {
		t.Fatal(err)
	}
	if c := day.Queries["puskesmas"]; c != (queryCounts{Searches: 4, Clicks: 1}) {
		t.Errorf("stored puskesmas %+v", c)
	}
	if c := day.Queries["akta [angka]"]; c.Searches != 1 {
		t.Errorf("the NIK search is not stored redacted: %v", keysOf(day.Queries))
	}
	for k, v := range records {
		for _, bad := range []string{"127.0.0.1", "3578012345678901", "example.go.id", "@", "Mozilla", "uji-agen", "rahasia"} {
			if strings.Contains(v, bad) || strings.Contains(k, bad) {
				t.Errorf("record %s holds %q: %s", k, bad, v)
			}
		}
	}
	// The report after a restart reads the same from the store.
	srv2 := New(Config{AdminToken: testToken, Now: func() time.Time { return *clock.Load() }}, f.store, f.index)
	hs2 := httptest.NewServer(srv2.Handler())
	defer hs2.Close()
	again := getReport(t, hs2.URL, "period=week&date=2025-03-06")
	if p, _ := statOf(again.Popular, "puskesmas"); p.Searches != 5 || p.Clicks != 1 {
		t.Errorf("after restart: %+v", p)
	}
}

func TestSearchInsightRetentionAndLimits(t *testing.T) {
	t.Parallel()
	f, srv, hs, clock := insightServer(t)
	visit(t, hs.URL, "/cari?q=puskesmas", "")
	if err := srv.insight.flush(); err != nil {
		t.Fatal(err)
	}
	// 31 days later the first day is past the 30-day retention.
	later := clock.Load().AddDate(0, 0, 31)
	clock.Store(&later)
	visit(t, hs.URL, "/cari?q=sampah", "")
	if err := srv.insight.flush(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	f.store.View(func(tx *store.Tx) error {
		return tx.Each(insightPrefix, func(k string, _ []byte) error { keys = append(keys, k); return nil })
	})
	if len(keys) != 1 || keys[0] != insightPrefix+"2025-04-05" {
		t.Errorf("after retention: %v", keys)
	}

	// Past the daily limit of distinct queries, new ones share one bucket.
	for i := range insightMaxQueries + 10 {
		srv.insight.search("kata"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+itoa(i), 1)
	}
	srv.insight.mu.Lock()
	n := len(srv.insight.known["2025-04-05"])
	other := srv.insight.pending["2025-04-05"][insightOther]
	srv.insight.mu.Unlock()
	if n != insightMaxQueries+1 || other == nil || other.Searches != 11 {
		t.Errorf("%d known queries, other bucket %+v", n, other)
	}
}

func TestSearchInsightAccess(t *testing.T) {
	f := sharedFixture(t)
	for _, path := range []string{"/api/v1/insight", "/wawasan"} {
		resp, err := http.Get(f.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || strings.Contains(string(body), "Kata kunci terpopuler") {
			t.Errorf("%s without token: %d", path, resp.StatusCode)
		}
	}
	status, body := asAdmin(t, http.MethodGet, f.http.URL+"/wawasan?period=day", nil)
	if status != 200 || !strings.Contains(string(body), "Kata kunci terpopuler") || !strings.Contains(string(body), `name="robots" content="noindex"`) {
		t.Errorf("/wawasan with token: %d", status)
	}
	for _, bad := range []string{"period=month", "date=kemarin", "limit=0"} {
		if status, _ := asAdmin(t, http.MethodGet, f.http.URL+"/api/v1/insight?"+bad, nil); status != 400 {
			t.Errorf("%s: %d", bad, status)
		}
	}
	resp, _ := http.Post(f.http.URL+"/api/v1/insight/click", "application/json", strings.NewReader(`{"q":`))
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("malformed beacon: %d", resp.StatusCode)
	}
	_, privacy := getPage(t, f.http.URL, "/privasi")
	for _, want := range []string{"180 hari", "alamat IP", "[angka]", "Pelindungan Data Pribadi"} {
		if !strings.Contains(privacy, want) {
			t.Errorf("/privasi lacks %q", want)
		}
	}
}

// storeRecords reads every record (not document) of the store.
func storeRecords(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := st.View(func(tx *store.Tx) error {
		return tx.Each("", func(k string, v []byte) error {
			out[k] = string(v)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
