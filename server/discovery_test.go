package server

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"jippnas/content"
)

// local is the path of an absolute link of the fixture's site (its public
// URL is set: absolute links come from it only).
func local(u string) string { return strings.TrimPrefix(u, testPublicURL) }

func getPage(t *testing.T, base, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + local(path))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b)
}

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// ldTypes parses the JSON-LD of a page and returns every @type in it,
// nested objects included, with the objects by type.
func ldTypes(t *testing.T, page string) map[string][]map[string]any {
	t.Helper()
	m := ldScript.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD on the page")
	}
	var v any
	if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ctx := v.(map[string]any)["@context"]; ctx != "https://schema.org" {
		t.Errorf("@context %v", ctx)
	}
	out := map[string][]map[string]any{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if typ, ok := v["@type"].(string); ok {
				out[typ] = append(out[typ], v)
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(v)
	return out
}

func TestJSONLD(t *testing.T) {
	f := sharedFixture(t)
	inn := firstInnovation(f)
	var guide, news content.Document
	for _, d := range f.docs {
		switch {
		case d.Type == content.TypeGuide && guide.ID == "":
			guide = d
		case d.Type == content.TypeNews && news.ID == "" && len(d.Authors) > 0:
			news = d
		}
	}
	for _, c := range []struct {
		path  string
		types []string
		check func(map[string][]map[string]any)
	}{
		{inn.Path(), []string{"WebPage", "GovernmentService", "GovernmentOrganization", "AdministrativeArea", "BreadcrumbList", "ListItem"},
			func(ld map[string][]map[string]any) {
				svc := ld["GovernmentService"][0]
				if svc["name"] != inn.Title || local(svc["url"].(string)) != inn.Path() || svc["identifier"] != inn.ID {
					t.Errorf("service %v", svc)
				}
				if p := svc["provider"].(map[string]any); p["name"] != inn.Institution {
					t.Errorf("provider %v", p)
				}
				area := svc["areaServed"].(map[string]any)
				if area["identifier"] != inn.RegionCode || area["containedInPlace"].(map[string]any)["identifier"] != inn.ProvinceCode() {
					t.Errorf("area %v", area)
				}
			}},
		{guide.Path(), []string{"Article", "BreadcrumbList"}, func(ld map[string][]map[string]any) {
			a := ld["Article"][0]
			if a["name"] != guide.Title || a["inLanguage"] != "id" || a["publisher"] == nil || a["author"] == nil {
				t.Errorf("article %v", a)
			}
		}},
		{news.Path(), []string{"NewsArticle", "BreadcrumbList"}, func(ld map[string][]map[string]any) {
			a := ld["NewsArticle"][0]
			if a["datePublished"] != news.Published || a["author"].([]any)[0].(map[string]any)["name"] != news.Authors[0] {
				t.Errorf("news article %v", a)
			}
		}},
		{"/", []string{"WebSite", "SearchAction", "EntryPoint"}, func(ld map[string][]map[string]any) {
			tpl, _ := ld["EntryPoint"][0]["urlTemplate"].(string)
			if local(tpl) != "/cari?q={search_term_string}" {
				t.Errorf("search action template %v", tpl)
			}
		}},
	} {
		status, page := getPage(t, f.http.URL, c.path)
		if status != 200 {
			t.Fatalf("%s: %d", c.path, status)
		}
		ld := ldTypes(t, page)
		for _, typ := range c.types {
			if len(ld[typ]) == 0 {
				t.Errorf("%s: no %s in JSON-LD (types: %v)", c.path, typ, keysOf(ld))
			}
		}
		c.check(ld)
	}
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// publicPages are the website's pages, one of each kind.
func publicPages(f *fixture) []string {
	pages := []string{"/", "/cari", "/cari?q=puskesmas&province=35", "/panduan", "/berita", "/berita?page=2", "/statistik", "/api",
		"/data", "/sematkan", "/privasi", "/sematkan/bingkai?province=35", "/tidak-ada-halaman-ini", "/inovasi/tidak-ada"}
	seen := map[string]bool{}
	for _, d := range f.docs {
		if !seen[d.Type] {
			seen[d.Type] = true
			pages = append(pages, d.Path())
		}
	}
	return pages
}

func TestOpenSearchLinkedFromEveryPage(t *testing.T) {
	f := sharedFixture(t)
	link := `<link rel="search" type="application/opensearchdescription+xml" title="JIPPNAS" href="/opensearch.xml">`
	for _, p := range publicPages(f) {
		status, page := getPage(t, f.http.URL, p)
		if want := 200; strings.Contains(p, "tidak-ada") {
			if status != 404 {
				t.Errorf("%s: %d", p, status)
			}
		} else if status != want {
			t.Errorf("%s: %d", p, status)
		}
		if !strings.Contains(page, link) {
			t.Errorf("%s does not link the OpenSearch description", p)
		}
	}
	resp, err := http.Get(f.http.URL + "/opensearch.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d struct {
		XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
		ShortName string   `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/opensearchdescription+xml") {
		t.Errorf("content type %q", ct)
	}
	if err := xml.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatalf("OpenSearch description: %v", err)
	}
	if d.ShortName != "JIPPNAS" || len(d.ShortName) > 16 {
		t.Errorf("short name %q", d.ShortName)
	}
	html := false
	for _, u := range d.URLs {
		if u.Type == "text/html" {
			html = true
			// The template really searches.
			st, page := getPage(t, f.http.URL, strings.ReplaceAll(u.Template, "{searchTerms}", "puskesmas"))
			if st != 200 || !strings.Contains(page, "Hasil pencarian untuk") {
				t.Errorf("template %s: status %d", u.Template, st)
			}
		}
	}
	if !html {
		t.Error("no text/html template")
	}
}

func TestSitemapListsNewPages(t *testing.T) {
	f := sharedFixture(t)
	_, body := getPage(t, f.http.URL, "/sitemap.xml")
	for _, p := range []string{"/data</loc>", "/sematkan</loc>", "/privasi</loc>", "/statistik</loc>"} {
		if !strings.Contains(body, p) {
			t.Errorf("sitemap lacks %s", p)
		}
	}
	n := strings.Count(body, "<url>")
	inst := len(f.server.hub.PublishedByInstitution()) // their /instansi/{kode} pages
	if n != len(staticPages)+len(f.docs)+inst {
		t.Errorf("%d sitemap entries for %d pages, %d documents and %d institutions", n, len(staticPages), len(f.docs), inst)
	}
}
