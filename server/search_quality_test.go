package server

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The search-quality defects of issue 15, through the real server.

// TestShowcaseQueryUnderstood: "inovasi kesehatan jatim 2022" named a
// province, a sector and a year that no demo record has together; every
// word became a filter, the result was empty and so was the search box.
// Now the filters that would empty the result are given up (the year,
// then the sector) and rank as boosts instead, and the words not read as
// a filter stay in the box.
func TestShowcaseQueryUnderstood(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	getJSON(t, f, "/api/v1/search?q="+url.QueryEscape("inovasi kesehatan jatim 2022"), &res)
	if res.Total == 0 || len(res.Hits) == 0 {
		t.Fatalf("no results: %+v", res)
	}
	if len(res.Applied) != 1 || res.Applied[0].Facet != "province" || res.Applied[0].Values[0] != "35" {
		t.Errorf("applied filters %+v, want the province only", res.Applied)
	}
	var boosted []string
	for _, b := range res.Boosts {
		boosted = append(boosted, b.Facet+"="+strings.Join(b.Values, ","))
	}
	if !slices.Contains(boosted, "sector=kesehatan") || !slices.Contains(boosted, "year=2022") {
		t.Errorf("boosts %v, want the sector and the year", boosted)
	}
	for _, h := range res.Hits {
		if h.Region == nil || h.Region.ProvinceCode != "35" {
			t.Errorf("hit %s outside Jawa Timur", h.ID)
		}
	}
	r := webGet(t, f, "/cari?q="+url.QueryEscape("inovasi kesehatan jatim 2022"))
	for _, want := range []string{`name="q" value="kesehatan 2022"`, "Menampilkan 1–", "Provinsi: Jawa Timur", "kami utamakan",
		"Bidang: Kesehatan", "no_understand=province", "no_understand=sector", "no_understand=year", "data-words-only"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	if strings.Contains(r.body, `name="q" value=""`) {
		t.Error("search box emptied")
	}
	// The one-click way back searches the words only.
	getJSON(t, f, "/api/v1/search?q="+url.QueryEscape("inovasi kesehatan jatim 2022")+"&no_understand=province,sector,year", &res)
	if len(res.Applied)+len(res.Boosts) != 0 || res.Query != "inovasi kesehatan jatim 2022" {
		t.Errorf("words only: applied %+v boosts %+v query %q", res.Applied, res.Boosts, res.Query)
	}
}

// TestNoTypoNoticeForKnownWords: two correctly spelled words filtered to a
// province used to say "mungkin salah ketik" and add a fuzzy hit, because
// the filter left few results. Typo tolerance is for words the index
// does not know.
func TestNoTypoNoticeForKnownWords(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	getJSON(t, f, "/api/v1/search?q=pelayanan+kesehatan&province=35", &res)
	if res.Fuzzy || res.DidYouMean != "" {
		t.Errorf("fuzzy=%v did_you_mean=%q for correctly spelled words", res.Fuzzy, res.DidYouMean)
	}
	for _, h := range res.Hits {
		if len(h.Highlights) == 0 {
			t.Errorf("hit %s holds neither word", h.ID)
		}
	}
	r := webGet(t, f, "/cari?q=pelayanan+kesehatan&province=35")
	for _, bad := range []string{"mungkin salah ketik", "Mungkin maksud Anda"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("page says %q", bad)
		}
	}
	// A word the index lacks still gets both.
	getJSON(t, f, "/api/v1/search?q=puskesmaz&province=35", &res)
	if !res.Fuzzy || res.DidYouMean != "puskesmas" {
		t.Errorf("puskesmaz: fuzzy=%v did_you_mean=%q", res.Fuzzy, res.DidYouMean)
	}
}

// TestSynonymsOnlineDaring: the demo writes "daring" where users type
// "online"; the synonym table makes them one.
func TestSynonymsOnlineDaring(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	getJSON(t, f, "/api/v1/search?size=20&q="+url.QueryEscape("pengaduan masyarakat online"), &res)
	if !slices.ContainsFunc(res.Hits, func(h hitJSON) bool { return h.ID == "panrb-2015-jateng-aduan-media-sosial" }) {
		t.Errorf("pengaduan masyarakat online misses SAPA GUBERNUR: %d hits", len(res.Hits))
	}
	var online, daring searchResponse
	getJSON(t, f, "/api/v1/search?q=izin+online", &online)
	getJSON(t, f, "/api/v1/search?q=izin+daring", &daring)
	if online.Total == 0 || online.Total != daring.Total {
		t.Errorf("izin online finds %d, izin daring %d", online.Total, daring.Total)
	}
	// ektp, as typed without its hyphen, is the KTP elektronik too.
	var ektp, el searchResponse
	getJSON(t, f, "/api/v1/search?q=ektp", &ektp)
	getJSON(t, f, "/api/v1/search?q="+url.QueryEscape("ktp elektronik"), &el)
	if ektp.Total < 2 || ektp.Total != el.Total {
		t.Errorf("ektp finds %d, ktp elektronik %d", ektp.Total, el.Total)
	}
}

// TestDerivedFormsOutrankRoots: "pelayanan kesehatan" ranked a raft that
// checks the health of seaweed fifth.
func TestDerivedFormsOutrankRoots(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	getJSON(t, f, "/api/v1/search?size=5&q=pelayanan+kesehatan", &res)
	if len(res.Hits) < 5 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	for i, h := range res.Hits {
		if h.ID == "kemendagri-2020-lomboktimur-pendampingan-rumput-laut" {
			t.Errorf("the seaweed raft ranks %d for pelayanan kesehatan", i+1)
		}
	}
}

// TestInformalQueriesMatchFormal: people type the search box as they chat
// ("gmn cara bikin ktp", "yg", "utk"); the informal forms are read as the
// standard words, so a query finds what its formal form finds, and an
// informal question word makes a question.
func TestInformalQueriesMatchFormal(t *testing.T) {
	f := sharedFixture(t)
	for _, c := range []struct{ informal, formal string }{
		{"gmn cara bikin ktp", "bagaimana cara membuat ktp"},
		{"syarat ngurus akta lahir yg hilang", "syarat mengurus akta lahir yang hilang"},
		{"inovasi utk lansia", "inovasi untuk lansia"},
		{"pengaduan online dgn aplikasi", "pengaduan online dengan aplikasi"},
	} {
		var a, b searchResponse
		getJSON(t, f, "/api/v1/search?size=5&q="+url.QueryEscape(c.informal), &a)
		getJSON(t, f, "/api/v1/search?size=5&q="+url.QueryEscape(c.formal), &b)
		if a.Total == 0 || a.Total != b.Total || a.Relaxed != b.Relaxed || len(a.Hits) != len(b.Hits) {
			t.Errorf("%q: %d hits (relaxed %v), %q: %d (relaxed %v)", c.informal, a.Total, a.Relaxed, c.formal, b.Total, b.Relaxed)
			continue
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID {
				t.Errorf("%q hit %d is %s, %q's is %s", c.informal, i+1, a.Hits[i].ID, c.formal, b.Hits[i].ID)
			}
		}
	}
}

// TestNamedPlaceRanksWhenItWouldLoseTheSubject: "akta kelahiran bali"
// used to filter to Bali, where no record holds both words, and show
// whatever Bali record held one of them (a tourist care service first).
// The subject wins: the place ranks as a boost, the records about birth
// certificates are listed, and the page says so.
func TestNamedPlaceRanksWhenItWouldLoseTheSubject(t *testing.T) {
	f := sharedFixture(t)
	var res searchResponse
	getJSON(t, f, "/api/v1/search?size=5&q="+url.QueryEscape("akta kelahiran bali"), &res)
	if len(res.Applied) != 0 || len(res.Boosts) != 1 || res.Boosts[0].Facet != "province" || res.Boosts[0].Values[0] != "51" {
		t.Fatalf("applied %+v boosts %+v, want Bali as a boost", res.Applied, res.Boosts)
	}
	if res.Relaxed || len(res.Hits) < 3 {
		t.Fatalf("relaxed=%v, %d hits", res.Relaxed, len(res.Hits))
	}
	for _, h := range res.Hits {
		if !strings.Contains(strings.ToLower(h.Title+" "+h.Summary), "akta") {
			t.Errorf("hit %s (%s) is not about akta", h.ID, h.Title)
		}
	}
	r := webGet(t, f, "/cari?q="+url.QueryEscape("akta kelahiran bali"))
	for _, want := range []string{"Tidak ada hasil untuk", "Provinsi: Bali", "kami menampilkan hasil lain", "data-words-only"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	// A place that leaves records holding every word stays a filter.
	getJSON(t, f, "/api/v1/search?q="+url.QueryEscape("posyandu stunting jateng"), &res)
	if len(res.Applied) != 1 || res.Applied[0].Values[0] != "33" || res.Total == 0 {
		t.Errorf("posyandu stunting jateng: applied %+v, %d hits", res.Applied, res.Total)
	}
}

// TestTyposInAffixedWords: the index's text holds stems, and a typo in an
// affixed word has none close to it (kesehtan → htan, far from sehat), so
// "kesehtan" found nothing and proposed nothing. The close words of the
// titles, as written, now stand in by their stems.
func TestTyposInAffixedWords(t *testing.T) {
	f := sharedFixture(t)
	for _, c := range []struct{ q, want, hit string }{
		{"kesehtan", "kesehatan", "kesehatan"},
		{"akta kelahrian", "akta kelahiran", "akta"},
		{"pengaduaan masyarakat", "pengaduan masyarakat", "pengaduan"},
		{"perizinann", "perizinan", "izin"},
	} {
		var res searchResponse
		getJSON(t, f, "/api/v1/search?size=3&q="+url.QueryEscape(c.q), &res)
		if res.Total == 0 || !res.Fuzzy || res.DidYouMean != c.want {
			t.Errorf("%q: %d hits, fuzzy %v, did you mean %q (want %q)", c.q, res.Total, res.Fuzzy, res.DidYouMean, c.want)
			continue
		}
		if !strings.Contains(strings.ToLower(res.Hits[0].Title), c.hit) {
			t.Errorf("%q: first hit %q", c.q, res.Hits[0].Title)
		}
	}
}
