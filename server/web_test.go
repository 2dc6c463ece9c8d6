package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jippnas/content"
)

type webResp struct {
	status int
	header http.Header
	body   string
}

func webGet(t *testing.T, f *fixture, path string, hdr ...string) webResp {
	t.Helper()
	resp, b := doRequest(t, http.DefaultClient, http.MethodGet, f.http.URL+path, "", hdr...)
	return webResp{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// firstOf returns a demo document of the given type.
func firstOf(t *testing.T, f *fixture, typ string) content.Document {
	t.Helper()
	for _, d := range f.docs {
		if d.Type == typ {
			return d
		}
	}
	t.Fatalf("no demo document of type %s", typ)
	return content.Document{}
}

func TestWebPages(t *testing.T) {
	f := sharedFixture(t)
	inn := firstOf(t, f, content.TypeInnovation)
	guide := firstOf(t, f, content.TypeGuide)
	news := firstOf(t, f, content.TypeNews)
	tests := []struct {
		name    string
		path    string
		status  int
		want    []string
		notWant []string
	}{
		{"home", "/", 200, []string{`<html lang="id">`, "Temukan inovasi", "inovasi</span>", "instansi</span>",
			"provinsi</span>", "Inovasi terbaru", "Berita terbaru", "Panduan berinovasi", `href="/panduan"`,
			`data-suggest`, `<meta name="description"`, `property="og:title"`, `class="skip-link"`}, nil},
		{"understood", "/cari?q=inovasi+kesehatan+2019", 200, []string{"Hasil pencarian untuk “<span class=\"q\">inovasi kesehatan 2019</span>”",
			"kami menerapkan filter", "Bidang: Kesehatan", "Tahun: 2019", "no_understand=sector", "no_understand=year", `name="q" value=""`,
			`name="sector" value="kesehatan" checked`, `name="year" value="2019" checked`}, nil},
		{"understood region", "/cari?q=puskesmas+jawa+timur", 200, []string{`name="q" value="puskesmas"`,
			`name="province" value="35" checked`, "Provinsi: Jawa Timur", "<mark>"}, nil},
		{"search", "/cari?q=puskesmas", 200, []string{"Hasil pencarian untuk “<span class=\"q\">puskesmas</span>”",
			"<mark>", `name="province"`, `name="sector"`, `name="year_from"`, `name="year_to"`, `id="sort"`,
			"Terapkan filter", `<meta name="robots" content="noindex">`}, nil},
		{"search all paginates", "/cari", 200, []string{"Berikutnya", `rel="next"`, "Cari inovasi pelayanan publik"}, nil},
		{"search page 2", "/cari?page=2", 200, []string{"Sebelumnya", `aria-current="page">2<`}, nil},
		{"hostile query script", "/cari?q=" + url.QueryEscape("<script>alert(1)</script>"), 200,
			[]string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script>alert(1)"}},
		{"hostile query attribute", "/cari?q=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`), 200,
			[]string{"&lt;img src=x onerror=alert(1)&gt;"}, []string{"<img src=x", `"><img`}},
		{"hostile filter value", "/cari?award=" + url.QueryEscape("<script>alert(1)</script>"), 200,
			[]string{"Penghargaan: &lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script>alert(1)"}},
		{"no results", "/cari?q=qxzvwq", 200, []string{"Tidak ada hasil", "Saran pencarian", "Periksa ejaan"}, nil},
		{"relaxed", "/cari?q=puskesmas+qxzvwq", 200, []string{"Menampilkan hasil sebagian"}, nil},
		{"fuzzy", "/cari?q=puskesmaz", 200, []string{"mungkin salah ketik"}, nil},
		{"province facet", "/cari?type=innovation&province=35", 200, []string{"Kabupaten/Kota", "Provinsi: Jawa Timur",
			"Hapus semua filter"}, nil},
		{"bad year", "/cari?year_from=abc", 400, []string{"Permintaan tidak dapat diproses", "harus berupa angka", `<html lang="id">`}, nil},
		{"bad province", "/cari?province=99", 400, []string{"“provinsi” tidak dikenal"}, nil},
		{"bad range", "/cari?year_from=2022&year_to=2019", 400, []string{"Tahun awal tidak boleh"}, nil},
		{"bad sort", "/cari?sort=%3Cscript%3E", 400, []string{"urutan"}, []string{"<script>"}},
		{"innovation", "/inovasi/" + inn.ID, 200, []string{"Inovasi serupa dari daerah lain", "Panduan terkait",
			"Data inovasi", "Terakhir diperbarui", "Validasi", `property="og:type" content="article"`}, nil},
		{"unknown innovation", "/inovasi/tidak-ada-inovasi-ini", 404, []string{"tidak ditemukan", `<html lang="id">`}, nil},
		{"malformed innovation id", "/inovasi/" + url.PathEscape("<b>X"), 404, []string{"tidak ditemukan"}, []string{"<b>X"}},
		{"guides", "/panduan", 200, []string{"Panduan berinovasi", guide.Path()}, nil},
		{"guide", guide.Path(), 200, []string{"Daftar isi", `class="prose"`}, nil},
		{"unknown guide", "/panduan/tidak-ada", 404, []string{"Panduan yang Anda cari tidak ditemukan"}, nil},
		{"news list", "/berita", 200, []string{"<h1>Berita</h1>", news.Path()}, nil},
		{"news", news.Path(), 200, []string{`class="prose"`, "Terbit"}, nil},
		{"news past last page", "/berita?page=99", 404, []string{"Halaman berita ini tidak ada"}, nil},
		{"stats", "/statistik", 200, []string{"<svg", "Inovasi per provinsi", "Inovasi per bidang urusan",
			"Inovasi per tahun", "Inovasi per sumber data", "/cari?province=", "year_from=", "Tampilkan sebagai tabel"}, nil},
		{"api", "/api", 200, []string{"/api/v1/openapi.json", "curl", "&#34;hits&#34;", "year_from"}, nil},
		{"unknown page", "/halaman-yang-tidak-ada", 404, []string{"Halaman tidak ditemukan"}, nil},
	}
	inlineScript := regexp.MustCompile(`<script(\s[^>]*)?>[^<]`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := webGet(t, f, tt.path)
			if r.status != tt.status {
				t.Fatalf("%s: status %d, want %d\n%.2000s", tt.path, r.status, tt.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s: missing %q", tt.path, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.body, w) {
					t.Errorf("%s: must not contain %q", tt.path, w)
				}
			}
			// The CSP forbids inline code and styles: none may be emitted.
			// JSON-LD is data, which no browser runs.
			code := ldScript.ReplaceAllString(r.body, "")
			if inlineScript.MatchString(code) || strings.Contains(r.body, " style=") || strings.Contains(r.body, "<style") {
				t.Errorf("%s: inline script or style", tt.path)
			}
			if !strings.Contains(r.body, "<title>") || !strings.Contains(r.body, `<link rel="canonical"`) {
				t.Errorf("%s: no title or canonical link", tt.path)
			}
		})
	}
}

func TestWebOtherRoutes(t *testing.T) {
	f := sharedFixture(t)
	r := webGet(t, f, "/sitemap.xml")
	if r.status != 200 || !strings.Contains(r.body, "<urlset") || !strings.Contains(r.body, "/inovasi/") ||
		!strings.Contains(r.body, "/panduan/") || !strings.Contains(r.body, "/statistik</loc>") {
		t.Errorf("sitemap: %d %.500s", r.status, r.body)
	}
	// Every document, the fixed pages, and the institutions with verified
	// innovations.
	want := len(f.docs) + len(staticPages) + len(f.hub.PublishedByInstitution())
	if n := strings.Count(r.body, "<url>"); n != want || !strings.Contains(r.body, "/instansi/63.71</loc>") {
		t.Errorf("sitemap has %d urls, want %d", n, want)
	}
	r = webGet(t, f, "/robots.txt")
	if r.status != 200 || !strings.Contains(r.body, "Sitemap: "+testPublicURL+"/sitemap.xml") {
		t.Errorf("robots: %d %s", r.status, r.body)
	}
	// The API keeps its JSON errors and the health check its route.
	r = webGet(t, f, "/api/v1/tidak-ada")
	if r.status != 404 || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
		t.Errorf("api 404: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r = webGet(t, f, "/healthz"); r.status != 200 || !strings.Contains(r.body, `"status"`) {
		t.Errorf("healthz: %d %s", r.status, r.body)
	}
	// A guide id under /inovasi/ is redirected to its page.
	guide := firstOf(t, f, content.TypeGuide)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(f.http.URL + "/inovasi/" + guide.ID)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != guide.Path() {
		t.Errorf("guide id under /inovasi/: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// HTML pages carry the security headers and an ETag.
	r = webGet(t, f, "/")
	if !strings.Contains(r.header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("CSP missing: %v", r.header)
	}
	if et := r.header.Get("ETag"); et == "" {
		t.Error("no ETag on /")
	} else if r2 := webGet(t, f, "/", "If-None-Match", et); r2.status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", r2.status)
	}
	// POST to a page is not allowed.
	resp, err = http.Post(f.http.URL+"/cari", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /cari: %d", resp.StatusCode)
	}
}

func TestWebStatic(t *testing.T) {
	f := sharedFixture(t)
	for _, name := range []string{"site.css", "site.js", "favicon.svg"} {
		u := assets.url(name)
		if !strings.Contains(u, "?v=") {
			t.Fatalf("%s: unversioned url %s", name, u)
		}
		r := webGet(t, f, u)
		if r.status != 200 || r.body == "" {
			t.Fatalf("%s: %d", u, r.status)
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", u, cc)
		}
		et := r.header.Get("ETag")
		if et == "" {
			t.Fatalf("%s: no ETag", u)
		}
		if r2 := webGet(t, f, "/static/"+name, "If-None-Match", et); r2.status != http.StatusNotModified {
			t.Errorf("%s: If-None-Match gave %d", name, r2.status)
		}
		if r3 := webGet(t, f, "/static/"+name); !strings.Contains(r3.header.Get("Cache-Control"), "max-age=3600") {
			t.Errorf("%s unversioned: Cache-Control %q", name, r3.header.Get("Cache-Control"))
		}
	}
	if r := webGet(t, f, "/static/tidak-ada.css"); r.status != 404 {
		t.Errorf("missing asset: %d", r.status)
	}
	if r := webGet(t, f, "/static/site.css"); !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("css content type %q", r.header.Get("Content-Type"))
	}
}

var (
	totalRe = regexp.MustCompile(`data-total="(\d+)"`)
	// A checked facet option: its input, then its count.
	checkedRe = regexp.MustCompile(`name="(\w+)" value="([^"]*)" checked>\s*<label[^>]*>[^<]*<span class="count" data-count="(\d+)"`)
	hitRe     = regexp.MustCompile(`<li class="hit">`)
)

// TestWebFacetCountsConsistent checks, on the HTML, what the browser test
// checks in Chromium: with two provinces and a sector selected, the total
// equals the sector's count and the sum of the provinces' counts.
func TestWebFacetCountsConsistent(t *testing.T) {
	f := sharedFixture(t)
	res, err := f.server.search.FacetCounts(t.Context(), map[string][]string{"type": {content.TypeInnovation}}, "province")
	if err != nil || len(res) < 2 {
		t.Fatalf("province counts: %v %v", res, err)
	}
	p1, p2 := res[0].Value, res[1].Value
	secs, err := f.server.search.FacetCounts(t.Context(), map[string][]string{"type": {content.TypeInnovation}, "province": {p1, p2}}, "sector")
	if err != nil || len(secs) == 0 {
		t.Fatalf("sector counts: %v %v", secs, err)
	}
	sec := secs[0].Value
	r := webGet(t, f, "/cari?type=innovation&province="+p1+"&province="+p2+"&sector="+sec)
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	m := totalRe.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no total")
	}
	total, _ := strconv.Atoi(m[1])
	if total != secs[0].Count {
		t.Errorf("total %d, sector count was %d", total, secs[0].Count)
	}
	sums := map[string]int{}
	for _, c := range checkedRe.FindAllStringSubmatch(r.body, -1) {
		n, _ := strconv.Atoi(c[3])
		sums[c[1]] += n
	}
	if sums["province"] != total || sums["sector"] != total || sums["type"] != total {
		t.Errorf("checked counts %v, total %d", sums, total)
	}
	if hits := len(hitRe.FindAllString(r.body, -1)); hits != min(total, 10) {
		t.Errorf("%d result items for total %d", hits, total)
	}
}

func TestWebHelpers(t *testing.T) {
	for in, want := range map[string]string{"2025-01-02": "2 Januari 2025", "2024-12-31T23:00:00Z": "31 Desember 2024", "x": "x"} {
		if got := dateID(in); got != want {
			t.Errorf("dateID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -4500: "-4.500"} {
		if got := numID(in); got != want {
			t.Errorf("numID(%d) = %q, want %q", in, got, want)
		}
	}
	if got := truncate("satu dua tiga empat", 12); got != "satu dua …" {
		t.Errorf("truncate: %q", got)
	}
	q := url.Values{"province": {"35,32"}, "q": {"x"}}
	if got := without(q, "province", "35").Encode(); got != "province=32&q=x" {
		t.Errorf("without: %s", got)
	}
	if w := titleWords("SI BAYI LAHIR: Satu Paket Akta Kelahiran dari Fasilitas", 4); strings.Join(w, " ") != "bayi lahir satu paket" {
		t.Errorf("titleWords: %v", w)
	}
}
