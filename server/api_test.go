package server

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/refdata"
)

func getJSON(t *testing.T, f *fixture, path string, out any) *http.Response {
	t.Helper()
	resp, err := http.Get(f.http.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if out != nil && len(body) > 0 {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, body)
		}
	}
	return resp
}

func TestSearchHealthInEastJava(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	resp := getJSON(t, f, "/api/v1/search?q=pelayanan+kesehatan&province=35", &res)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if res.Total == 0 || len(res.Hits) == 0 {
		t.Fatal("no hits for pelayanan kesehatan in Jawa Timur")
	}
	for _, h := range res.Hits {
		if h.Region == nil || h.Region.ProvinceCode != "35" {
			t.Errorf("hit %s outside province 35: %+v", h.ID, h.Region)
		}
	}
	if len(res.Facets["sector"]) == 0 || len(res.Facets["province"]) == 0 {
		t.Fatalf("facets missing: %v", res.Facets)
	}
	// The province facet is disjunctive: it shows other provinces too.
	if len(res.Facets["province"]) < 2 {
		t.Errorf("province facet not disjunctive: %v", res.Facets["province"])
	}
	// Regencies shown are those of the selected province.
	for _, v := range res.Facets["region"] {
		if !strings.HasPrefix(v.Value, "35.") {
			t.Errorf("region facet value %s outside the selected province", v.Value)
		}
	}
	// Counted over the hits, the province facet holds the province alone,
	// with every hit.
	var hits searchResponse
	getJSON(t, f, "/api/v1/search?q=pelayanan+kesehatan&province=35&facet_counts=hits", &hits)
	if p := hits.Facets["province"]; len(p) != 1 || p[0].Value != "35" || uint64(p[0].Count) != hits.Total || hits.Total != res.Total {
		t.Errorf("facet_counts=hits: province facet %v, total %d (default %d)", p, hits.Total, res.Total)
	}
}

func TestQueryUnderstanding(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	// A province, a sector and a year that demo records have together:
	// all three are filters.
	getJSON(t, f, "/api/v1/search?q="+url.QueryEscape("inovasi kesehatan kalimantan barat 2017"), &res)
	got := map[string]string{}
	for _, a := range res.Applied {
		got[a.Facet] = strings.Join(a.Values, ",")
	}
	if got["province"] != "61" || got["sector"] != "kesehatan" || got["year"] != "2017" || len(res.Boosts) != 0 {
		t.Fatalf("applied filters %+v, boosts %+v", res.Applied, res.Boosts)
	}
	if res.Total == 0 {
		t.Fatal("no results")
	}
	for _, h := range res.Hits {
		if h.Region == nil || h.Region.ProvinceCode != "61" || h.Sector == nil || h.Sector.Slug != "kesehatan" || h.Year != 2017 {
			t.Errorf("hit %s does not satisfy the understood filters", h.ID)
		}
	}
	// A question that names a place records have is filtered as the
	// keywords are ("inovasi apa saja di …" wants that place's records).
	getJSON(t, f, "/api/v1/search?q="+url.QueryEscape("apa inovasi kesehatan di kalimantan barat?"), &res)
	got = map[string]string{}
	for _, a := range res.Applied {
		got[a.Facet] = strings.Join(a.Values, ",")
	}
	if got["province"] != "61" || res.Total == 0 {
		t.Fatalf("question: applied %+v boosts %+v total %d", res.Applied, res.Boosts, res.Total)
	}
	for _, h := range res.Hits {
		if h.Region == nil || h.Region.ProvinceCode != "61" {
			t.Errorf("question: hit %s is not from Kalimantan Barat", h.ID)
		}
	}
	// A place no record holding the question's words has is not: it only
	// ranks higher, and the question keeps its results.
	getJSON(t, f, "/api/v1/search?q="+url.QueryEscape("bagaimana cara membuat akta kelahiran di bali?"), &res)
	if len(res.Applied) != 0 || res.Total == 0 {
		t.Fatalf("question with a place lacking the subject: applied %+v boosts %+v total %d", res.Applied, res.Boosts, res.Total)
	}
	// Short forms, and removing one understood filter.
	getJSON(t, f, "/api/v1/search?q=sampah+jatim&no_understand=province", &res)
	if len(res.Applied)+len(res.Boosts) != 0 {
		t.Errorf("no_understand ignored: %+v %+v", res.Applied, res.Boosts)
	}
	getJSON(t, f, "/api/v1/search?q=sampah+jatim", &res)
	if len(res.Applied) != 1 || res.Applied[0].Values[0] != "35" {
		t.Errorf("jatim not understood: %+v", res.Applied)
	}
}

func TestSearchStemmingAndAcronyms(t *testing.T) {
	f := sharedFixture(t)
	ids := func(q string) map[string]bool {
		var res searchResponse
		getJSON(t, f, "/api/v1/search?size=100&facets=none&q="+url.QueryEscape(q), &res)
		m := map[string]bool{}
		for _, h := range res.Hits {
			m[h.ID] = true
		}
		return m
	}
	// Every document that says "kartu tanda penduduk" is found by "KTP",
	// and the other way round.
	ktp, long := ids("KTP"), ids("kartu tanda penduduk")
	if len(ktp) == 0 {
		t.Fatal("KTP finds nothing")
	}
	for id := range long {
		if !ktp[id] {
			t.Errorf("%s found by 'kartu tanda penduduk' but not by 'KTP'", id)
		}
	}
	for id := range ktp {
		if !long[id] {
			t.Errorf("%s found by 'KTP' but not by 'kartu tanda penduduk'", id)
		}
	}
	a, b := ids("pelayanan"), ids("melayani")
	if len(a) == 0 || len(a) != len(b) {
		t.Errorf("pelayanan finds %d, melayani %d: the stem should join them", len(a), len(b))
	}
}

func TestSearchBadParameters(t *testing.T) {
	f := sharedFixture(t)
	cases := []struct{ query, param string }{
		{"page=abc", "page"},
		{"page=0", "page"},
		{"size=-1", "size"},
		{"year=20x", "year"},
		{"province=99", "province"},
		{"province=35.78", "province"},
		{"region=35", "region"},
		{"sector=astronomi", "sector"},
		{"type=blog", "type"},
		{"sort=random", "sort"},
		{"year_from=2023&year_to=2020", "year_from"},
		{"facets=warna", "facets"},
		{"highlight=ya", "highlight"},
		{"understand=maybe", "understand"},
		{"relax=perhaps", "relax"},
		{"facet_counts=some", "facet_counts"},
		{"q=" + strings.Repeat("a", 600), "q"},
	}
	for _, c := range cases {
		var p problem
		resp := getJSON(t, f, "/api/v1/search?"+c.query, &p)
		if resp.StatusCode != 400 || p.Param != c.param || p.Status != 400 {
			t.Errorf("%s: status %d param %q (%+v)", c.query, resp.StatusCode, p.Param, p)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: content type %q", c.query, ct)
		}
	}
	// Malformed query syntax degrades to words, never a 500.
	for _, q := range []string{`"unterminated`, `OR OR`, `-`, `--x`, `(((`, `*`, `"""`, `-"" OR`, `\x00`} {
		resp := getJSON(t, f, "/api/v1/search?q="+url.QueryEscape(q), nil)
		if resp.StatusCode != 200 {
			t.Errorf("q=%q: status %d", q, resp.StatusCode)
		}
	}
	// Too large a size is a 400 that names it, as on every endpoint.
	if resp := getJSON(t, f, "/api/v1/search?size=1000", nil); resp.StatusCode != 400 {
		t.Errorf("size=1000: status %d, want 400", resp.StatusCode)
	}
}

func TestDocumentEndpoints(t *testing.T) {
	f := sharedFixture(t)
	d := f.docs[0]
	var got documentJSON
	resp := getJSON(t, f, "/api/v1/documents/"+d.ID, &got)
	if resp.StatusCode != 200 || got.ID != d.ID || got.Title != d.Title {
		t.Fatalf("status %d doc %+v", resp.StatusCode, got.Document)
	}
	etag := resp.Header.Get("ETag")
	if etag == "" || resp.Header.Get("Cache-Control") == "" {
		t.Fatal("no ETag or Cache-Control")
	}
	req, _ := http.NewRequest("GET", f.http.URL+"/api/v1/documents/"+d.ID, nil)
	req.Header.Set("If-None-Match", etag)
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d", r2.StatusCode)
	}
	if resp := getJSON(t, f, "/api/v1/documents/tidak-ada", nil); resp.StatusCode != 404 {
		t.Errorf("unknown id: %d", resp.StatusCode)
	}
	if resp := getJSON(t, f, "/api/v1/documents/BAD%20ID", nil); resp.StatusCode != 400 {
		t.Errorf("malformed id: %d", resp.StatusCode)
	}
	var regions struct {
		Provinces []struct {
			Code      string           `json:"code"`
			Regencies []refdata.Region `json:"regencies"`
		} `json:"provinces"`
	}
	getJSON(t, f, "/api/v1/regions", &regions)
	n := 0
	for _, p := range regions.Provinces {
		n += len(p.Regencies)
	}
	if len(regions.Provinces) != 38 || n != 514 {
		t.Errorf("regions: %d provinces, %d regencies", len(regions.Provinces), n)
	}
	var sectors struct{ Sectors []refdata.Sector }
	getJSON(t, f, "/api/v1/sectors", &sectors)
	if len(sectors.Sectors) < 40 {
		t.Errorf("%d sectors", len(sectors.Sectors))
	}
	if resp := getJSON(t, f, "/healthz", nil); resp.StatusCode != 200 {
		t.Errorf("healthz %d", resp.StatusCode)
	}
	if resp := getJSON(t, f, "/api/v1/nothing", nil); resp.StatusCode != 404 {
		t.Errorf("unknown API path: %d", resp.StatusCode)
	}
}

func TestPagesAPI(t *testing.T) {
	f := sharedFixture(t)
	var list struct {
		Total uint64            `json:"total"`
		Pages []pageSummaryJSON `json:"pages"`
	}
	getJSON(t, f, "/api/v1/pages?type=news&size=50", &list)
	if list.Total < 20 || len(list.Pages) == 0 {
		t.Fatalf("news: total %d", list.Total)
	}
	for i := 1; i < len(list.Pages); i++ {
		if list.Pages[i].Published > list.Pages[i-1].Published {
			t.Fatalf("news not newest first: %s after %s", list.Pages[i].Published, list.Pages[i-1].Published)
		}
	}
	getJSON(t, f, "/api/v1/pages?type=guide&size=50", &list)
	if list.Total < 12 {
		t.Fatalf("guides: %d", list.Total)
	}
	var page pageJSON
	resp := getJSON(t, f, "/api/v1/pages/"+list.Pages[0].Slug, &page)
	if resp.StatusCode != 200 || page.HTML == "" || len(page.TOC) == 0 {
		t.Fatalf("page: status %d toc %d", resp.StatusCode, len(page.TOC))
	}
	if resp := getJSON(t, f, "/api/v1/pages?type=blog", nil); resp.StatusCode != 400 {
		t.Errorf("bad type: %d", resp.StatusCode)
	}
	if resp := getJSON(t, f, "/api/v1/pages/tidak-ada", nil); resp.StatusCode != 404 {
		t.Errorf("unknown page: %d", resp.StatusCode)
	}
	// A search reaches guide sections, with their anchors.
	var res searchResponse
	getJSON(t, f, "/api/v1/search?type=guide&q=bukti+dukung&facets=none", &res)
	found := false
	for _, h := range res.Hits {
		if h.Section != nil && h.Section.Anchor != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("no guide hit with a section anchor: %+v", res.Hits)
	}
}

func TestCORS(t *testing.T) {
	f := sharedFixture(t)
	for _, c := range []struct {
		origin string
		allow  bool
	}{{"https://portal.example.go.id", true}, {"https://evil.example", false}} {
		req, _ := http.NewRequest("OPTIONS", f.http.URL+"/api/v1/search", nil)
		req.Header.Set("Origin", c.origin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("Access-Control-Allow-Origin") == c.origin
		if got != c.allow || resp.StatusCode != 204 {
			t.Errorf("origin %s: allowed=%v status %d", c.origin, got, resp.StatusCode)
		}
	}
}

// TestFacetCountsMatchBruteForce checks, over random filter combinations,
// that every facet count equals a count over the stored documents: the
// documents the query matches, filtered by every other facet's selection.
func TestFacetCountsMatchBruteForce(t *testing.T) {
	f := sharedFixture(t)
	rng := rand.New(rand.NewSource(7))
	values := map[string][]string{}
	for _, d := range f.docs {
		for name, vs := range docFacetValues(d) {
			for _, v := range vs {
				if !slices.Contains(values[name], v) {
					values[name] = append(values[name], v)
				}
			}
		}
	}
	queries := []string{"", "inovasi", "pelayanan kesehatan", "desa", "data"}
	checked := 0
	defer func() {
		if checked < 40 {
			t.Errorf("only %d rounds checked", checked)
		}
	}()
	for round := 0; round < 80; round++ {
		q := queries[rng.Intn(len(queries))]
		// size=1: the documents with every word are ranked whenever there
		// is one (all words first), which is what the brute force counts.
		params := url.Values{"understand": {"false"}, "size": {"1"}}
		disjunctive := rng.Intn(3) != 0
		if !disjunctive {
			params.Set("facet_counts", "hits")
		}
		if q != "" {
			params.Set("q", q)
		}
		selected := map[string][]string{}
		for _, name := range []string{"type", "province", "sector", "year", "source", "stage", "status"} {
			if rng.Intn(3) != 0 || len(values[name]) == 0 {
				continue
			}
			for k := 0; k < 1+rng.Intn(2); k++ {
				v := values[name][rng.Intn(len(values[name]))]
				if !slices.Contains(selected[name], v) {
					selected[name] = append(selected[name], v)
					params.Add(name, v)
				}
			}
		}
		// The documents that hold every word, without filters (each word
		// quoted: the query language requires every clause).
		matched := map[string]bool{}
		all := url.Values{"q": {quoteWords(q)}, "size": {"100"}, "facets": {"none"}, "understand": {"false"}}
		for page := 1; ; page++ {
			all.Set("page", strconv.Itoa(page))
			var res searchResponse
			getJSON(t, f, "/api/v1/search?"+all.Encode(), &res)
			for _, h := range res.Hits {
				matched[h.ID] = true
			}
			if len(res.Hits) < 100 {
				break
			}
		}
		var res searchResponse
		getJSON(t, f, "/api/v1/search?"+params.Encode(), &res)
		if res.Relaxed || res.Fuzzy {
			// Nothing matched every word under these filters; documents
			// with any word are another set.
			continue
		}
		checked++
		want := bruteForceFacets(f.docs, matched, selected, disjunctive)
		for _, name := range []string{"type", "province", "sector", "year", "source", "stage", "status"} {
			got := map[string]int{}
			for _, v := range res.Facets[name] {
				if v.Count > 0 {
					got[v.Value] = v.Count
				}
			}
			if fmt.Sprint(sortedCounts(got)) != fmt.Sprint(sortedCounts(want[name])) {
				t.Fatalf("round %d %s facet %s:\n got %v\nwant %v", round, params.Encode(), name, sortedCounts(got), sortedCounts(want[name]))
			}
		}
		total := 0
		for _, d := range f.docs {
			if matched[d.ID] && matchesAll(d, selected, "") {
				total++
			}
		}
		if int(res.Total) != total {
			t.Fatalf("round %d %s: total %d, brute force %d", round, params.Encode(), res.Total, total)
		}
	}
}

// quoteWords quotes every word of q.
func quoteWords(q string) string {
	var out []string
	for _, w := range strings.Fields(q) {
		out = append(out, `"`+w+`"`)
	}
	return strings.Join(out, " ")
}

func docFacetValues(d content.Document) map[string][]string {
	m := map[string][]string{"type": {d.Type}}
	if d.RegionCode != "" {
		m["province"] = []string{d.ProvinceCode()}
	}
	add := func(k, v string) {
		if v != "" {
			m[k] = []string{v}
		}
	}
	add("sector", d.Sector)
	if d.Year != 0 {
		add("year", strconv.Itoa(d.Year))
	}
	add("source", d.Source)
	add("stage", d.Stage)
	add("status", d.Status)
	return m
}

func matchesAll(d content.Document, selected map[string][]string, skip string) bool {
	vals := docFacetValues(d)
	for name, sel := range selected {
		if name == skip {
			continue
		}
		ok := false
		for _, v := range vals[name] {
			if slices.Contains(sel, v) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// bruteForceFacets counts each facet over the matched documents that pass
// every selected filter but the facet's own (disjunctive) or every one.
func bruteForceFacets(docs []content.Document, matched map[string]bool, selected map[string][]string, disjunctive bool) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, name := range []string{"type", "province", "sector", "year", "source", "stage", "status"} {
		out[name] = map[string]int{}
		skip := ""
		if disjunctive {
			skip = name
		}
		for _, d := range docs {
			if !matched[d.ID] || !matchesAll(d, selected, skip) {
				continue
			}
			for _, v := range docFacetValues(d)[name] {
				out[name][v]++
			}
		}
	}
	return out
}

func sortedCounts(m map[string]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+strconv.Itoa(v))
	}
	sort.Strings(out)
	return out
}

func TestDidYouMean(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	getJSON(t, f, "/api/v1/search?q=puskesmaz+keliling&facets=none", &res)
	if res.DidYouMean != "puskesmas keliling" {
		t.Fatalf("did_you_mean %q", res.DidYouMean)
	}
	resp, err := http.Get(f.http.URL + "/cari?q=puskesmaz+keliling")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Mungkin maksud Anda") || !strings.Contains(string(body), "q=puskesmas&#43;keliling") {
		t.Fatal("search page lacks the did-you-mean link")
	}
}

// TestSearchWithoutHighlights: highlight=false answers the same hits,
// total and facets with empty highlights; the default still marks words.
func TestSearchWithoutHighlights(t *testing.T) {
	f := sharedFixture(t)
	for _, q := range []string{"pelayanan", "akta kelahiran", "cara mengurus ktp"} {
		var full, bare searchResponse
		getJSON(t, f, "/api/v1/search?q="+url.QueryEscape(q), &full)
		getJSON(t, f, "/api/v1/search?highlight=false&q="+url.QueryEscape(q), &bare)
		if full.Total == 0 || full.Total != bare.Total || len(full.Hits) != len(bare.Hits) || !reflect.DeepEqual(full.Facets, bare.Facets) {
			t.Fatalf("%q: total %d/%d, hits %d/%d; want the same answer without highlights", q, full.Total, bare.Total, len(full.Hits), len(bare.Hits))
		}
		marked := 0
		for i, h := range bare.Hits {
			if h.ID != full.Hits[i].ID || h.Title != full.Hits[i].Title || h.URL != full.Hits[i].URL {
				t.Errorf("%q hit %d: %s, want %s", q, i, h.ID, full.Hits[i].ID)
			}
			if len(h.Highlights) != 0 || h.Section != nil {
				t.Errorf("%q hit %s: highlights %v, want none", q, h.ID, h.Highlights)
			}
			marked += len(full.Hits[i].Highlights)
		}
		if marked == 0 {
			t.Errorf("%q: the default answer marks nothing", q)
		}
	}
}

// TestHighlightThroughStems: the snippet marks the words that matched
// through stemming (acronyms: index/highlight_test.go).
func TestHighlightThroughStems(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	getJSON(t, f, "/api/v1/search?q=pelayanan&size=100&facets=none", &res)
	other := false
	for _, h := range res.Hits {
		for _, s := range h.Highlights {
			for _, w := range []string{"<mark>melayani</mark>", "<mark>layanan</mark>", "<mark>dilayani</mark>", "<mark>Layanan</mark>"} {
				if strings.Contains(s, w) {
					other = true
				}
			}
		}
	}
	if !other {
		t.Error("no snippet marks another form of the stem of 'pelayanan'")
	}
}

// TestQuerySyntaxAndPaging: phrases, exclusion, OR, sorting and cursor
// paging through the real server.
func TestQuerySyntaxAndPaging(t *testing.T) {
	f := sharedFixture(t)
	search := func(q url.Values) searchResponse {
		var res searchResponse
		q.Set("facets", "none")
		q.Set("understand", "false")
		if resp := getJSON(t, f, "/api/v1/search?"+q.Encode(), &res); resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", q.Encode(), resp.StatusCode)
		}
		return res
	}
	all := func(q string) map[string]bool {
		m := map[string]bool{}
		for _, h := range search(url.Values{"q": {q}, "size": {"100"}}).Hits {
			m[h.ID] = true
		}
		return m
	}
	// Every word required: each quoted. A keyword query of several words
	// ranks the same documents when they fill the first page.
	sampah, bank := all("sampah"), all(`"sampah" "bank"`)
	minusBank := all("sampah -bank")
	if both := search(url.Values{"q": {"sampah bank"}, "size": {"1"}}); both.Total != uint64(len(bank)) || both.Relaxed {
		t.Errorf("sampah bank, first page of one: %d documents (relaxed %v), %d hold both words", both.Total, both.Relaxed, len(bank))
	}
	// A page larger than the documents with both words: relaxed to those
	// with either, unless relax=false (asked second: the result cache
	// must tell the two apart).
	if len(bank) >= 100 {
		t.Fatalf("fixture: %d documents hold sampah and bank; the relax check needs fewer than a page of 100", len(bank))
	}
	wide := search(url.Values{"q": {"sampah bank"}, "size": {"100"}})
	if !wide.Relaxed || wide.Total <= uint64(len(bank)) {
		t.Errorf("sampah bank, page of 100: %d documents (relaxed %v), want more than the %d with both", wide.Total, wide.Relaxed, len(bank))
	}
	strict := search(url.Values{"q": {"sampah bank"}, "size": {"100"}, "relax": {"false"}})
	if strict.Relaxed || strict.Total != uint64(len(bank)) || len(strict.Hits) != len(bank) {
		t.Errorf("sampah bank, relax=false: %d documents (relaxed %v), want the %d with both", strict.Total, strict.Relaxed, len(bank))
	}
	for _, h := range strict.Hits {
		if !bank[h.ID] {
			t.Errorf("relax=false: %s lacks a word", h.ID)
		}
	}
	for id := range minusBank {
		if bank[id] {
			t.Errorf("%s matches 'sampah bank' but came back for 'sampah -bank'", id)
		}
	}
	if len(minusBank)+len(bank) != len(sampah) {
		t.Errorf("sampah %d != sampah -bank %d + sampah bank %d", len(sampah), len(minusBank), len(bank))
	}
	phrase := all(`"bank sampah"`)
	if len(phrase) == 0 || len(phrase) > len(bank) {
		t.Errorf("phrase finds %d, both words %d", len(phrase), len(bank))
	}
	or, akta, ktp := all("akta OR ktp"), all("akta"), all("ktp")
	for id := range akta {
		if !or[id] {
			t.Errorf("%s has akta but not in 'akta OR ktp'", id)
		}
	}
	for id := range ktp {
		if !or[id] {
			t.Errorf("%s has ktp but not in 'akta OR ktp'", id)
		}
	}
	// Newest first, and a cursor walks the same order without repeats.
	first := search(url.Values{"sort": {"newest"}, "size": {"7"}})
	if first.NextCursor == "" || first.Total <= 14 {
		t.Fatalf("no cursor (total %d)", first.Total)
	}
	seen := map[string]bool{}
	var order []string
	res := first
	for page := 0; page < 200 && len(res.Hits) > 0; page++ {
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Fatalf("%s repeated on cursor page %d", h.ID, page)
			}
			seen[h.ID] = true
			order = append(order, h.ID)
		}
		if res.NextCursor == "" {
			break
		}
		res = search(url.Values{"sort": {"newest"}, "size": {"7"}, "cursor": {res.NextCursor}})
	}
	if uint64(len(order)) != first.Total {
		t.Fatalf("cursor paging gave %d documents of %d", len(order), first.Total)
	}
	byPage := search(url.Values{"sort": {"newest"}, "size": {"7"}, "page": {"3"}})
	for i, h := range byPage.Hits {
		if order[14+i] != h.ID {
			t.Fatalf("page 3 item %d is %s, cursor order has %s", i, h.ID, order[14+i])
		}
	}
	for _, sort := range []string{"relevance", "year"} {
		q := url.Values{"q": {"desa"}, "sort": {sort}, "size": {"9"}}
		res := search(q)
		n, total := 0, res.Total
		seen := map[string]bool{}
		for page := 0; page < 100 && len(res.Hits) > 0; page++ {
			for _, h := range res.Hits {
				if seen[h.ID] {
					t.Fatalf("sort %s: %s repeated", sort, h.ID)
				}
				seen[h.ID] = true
				n++
			}
			if res.NextCursor == "" {
				break
			}
			q.Set("cursor", res.NextCursor)
			res = search(q)
		}
		if uint64(n) != total {
			t.Errorf("sort %s: cursor paging gave %d of %d", sort, n, total)
		}
	}
	if resp := getJSON(t, f, "/api/v1/search?cursor=not-a-cursor", nil); resp.StatusCode != 400 {
		t.Errorf("bad cursor: status %d", resp.StatusCode)
	}
}
