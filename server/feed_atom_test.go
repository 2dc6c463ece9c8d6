package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"jippnas/content"
)

const atomNS = "http://www.w3.org/2005/Atom"

// parsedFeed is an Atom document as a reader sees it, namespaces checked.
type parsedFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Links   []parsedLink `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID        string       `xml:"http://www.w3.org/2005/Atom id"`
		Title     string       `xml:"http://www.w3.org/2005/Atom title"`
		Updated   string       `xml:"http://www.w3.org/2005/Atom updated"`
		Published string       `xml:"http://www.w3.org/2005/Atom published"`
		Links     []parsedLink `xml:"http://www.w3.org/2005/Atom link"`
		Authors   []struct {
			Name string `xml:"http://www.w3.org/2005/Atom name"`
		} `xml:"http://www.w3.org/2005/Atom author"`
		Summary *struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"http://www.w3.org/2005/Atom summary"`
		Content *struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"http://www.w3.org/2005/Atom content"`
		Categories []struct {
			Term   string `xml:"term,attr"`
			Scheme string `xml:"scheme,attr"`
		} `xml:"http://www.w3.org/2005/Atom category"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

type parsedLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

func linkOf(links []parsedLink, rel string) string {
	for _, l := range links {
		if l.Rel == rel || (rel == "alternate" && l.Rel == "") {
			return l.Href
		}
	}
	return ""
}

// fetchFeed gets and parses a feed and checks what RFC 4287 requires of
// it: feed id, title, updated and author (or an author in every entry), a
// self link; entry id, title, updated and an alternate link; ids unique;
// dates in RFC 3339.
func fetchFeed(t *testing.T, base, path string, hdr ...string) (parsedFeed, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			req.Host = hdr[i+1]
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("%s: status %d, type %q: %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var f parsedFeed
	if err := xml.Unmarshal(body, &f); err != nil {
		t.Fatalf("%s: not Atom: %v", path, err)
	}
	if f.ID == "" || f.Title == "" || linkOf(f.Links, "self") == "" {
		t.Errorf("%s: feed lacks id, title or self link: %+v", path, f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("%s: feed updated %q: %v", path, f.Updated, err)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || linkOf(e.Links, "alternate") == "" {
			t.Errorf("%s: entry lacks id, title or link: %+v", path, e)
		}
		if !strings.HasPrefix(e.ID, "tag:") && !strings.Contains(e.ID, "://") {
			t.Errorf("%s: entry id %q is not an absolute IRI", path, e.ID)
		}
		if ids[e.ID] {
			t.Errorf("%s: entry id %s twice", path, e.ID)
		}
		ids[e.ID] = true
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("%s: entry updated %q: %v", path, e.Updated, err)
		}
		if e.Published != "" {
			if _, err := time.Parse(time.RFC3339, e.Published); err != nil {
				t.Errorf("%s: entry published %q: %v", path, e.Published, err)
			}
		}
		if len(f.Authors) == 0 && len(e.Authors) == 0 {
			t.Errorf("%s: entry %s has no author and neither has the feed", path, e.ID)
		}
	}
	return f, string(body)
}

func TestAtomFeedInnovationsFiltered(t *testing.T) {
	f := sharedFixture(t)
	feed, _ := fetchFeed(t, f.http.URL, "/feed/inovasi.atom?province=35&sector=lingkungan-hidup,kesehatan")
	if len(feed.Entries) == 0 {
		t.Fatal("no entries for East Java")
	}
	want := 0
	for _, d := range f.docs {
		if d.Type == content.TypeInnovation && d.ProvinceCode() == "35" && (d.Sector == "lingkungan-hidup" || d.Sector == "kesehatan") {
			want++
		}
	}
	if len(feed.Entries) != want {
		t.Errorf("%d entries, the store has %d matching innovations", len(feed.Entries), want)
	}
	for _, e := range feed.Entries {
		id := strings.TrimPrefix(local(linkOf(e.Links, "alternate")), "/inovasi/")
		d, err := f.store.Get(id)
		if err != nil {
			t.Fatalf("entry %s links to %s: %v", e.ID, linkOf(e.Links, "alternate"), err)
		}
		if d.ProvinceCode() != "35" || (d.Sector != "lingkungan-hidup" && d.Sector != "kesehatan") {
			t.Errorf("entry %s does not match the filters: province %s sector %s", id, d.ProvinceCode(), d.Sector)
		}
		if e.Summary == nil || e.Summary.Text == "" || len(e.Authors) == 0 || e.Authors[0].Name != d.Institution {
			t.Errorf("entry %s: summary %+v authors %+v", id, e.Summary, e.Authors)
		}
	}
	if !strings.Contains(feed.Title, "Jawa Timur") {
		t.Errorf("feed title %q does not name its filter", feed.Title)
	}
	// A query narrows the feed as it narrows the search.
	q, _ := fetchFeed(t, f.http.URL, "/feed/inovasi.atom?q=sampah&size=3")
	if len(q.Entries) == 0 || len(q.Entries) > 3 {
		t.Errorf("%d entries for q=sampah size=3", len(q.Entries))
	}
}

func TestAtomFeedNews(t *testing.T) {
	f := sharedFixture(t)
	feed, _ := fetchFeed(t, f.http.URL, "/feed/berita.atom")
	news := 0
	for _, d := range f.docs {
		if d.Type == content.TypeNews {
			news++
		}
	}
	if len(feed.Entries) != min(news, feedDefaultSize) {
		t.Errorf("%d entries for %d news", len(feed.Entries), news)
	}
	prev := "9999"
	for _, e := range feed.Entries {
		if !strings.HasPrefix(local(linkOf(e.Links, "alternate")), "/berita/") {
			t.Errorf("news entry links to %s", linkOf(e.Links, "alternate"))
		}
		if e.Content == nil || e.Content.Type != "html" || !strings.Contains(e.Content.Text, "<p>") {
			t.Errorf("news entry %s has no HTML content", e.ID)
		}
		if e.Published > prev {
			t.Errorf("news not newest first: %s after %s", e.Published, prev)
		}
		prev = e.Published
	}
}

func TestAtomFeedErrorsAndCaching(t *testing.T) {
	f := sharedFixture(t)
	resp, err := http.Get(f.http.URL + "/feed/inovasi.atom?province=99")
	if err != nil {
		t.Fatal(err)
	}
	var p problem
	json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if resp.StatusCode != 400 || p.Param != "province" {
		t.Errorf("bad province: %d %+v", resp.StatusCode, p)
	}
	resp, _ = http.Get(f.http.URL + "/feed/berita.atom?size=500")
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("size=500: %d", resp.StatusCode)
	}
	resp, _ = http.Get(f.http.URL + "/feed/berita.atom")
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	req, _ := http.NewRequest(http.MethodGet, f.http.URL+"/feed/berita.atom", nil)
	req.Header.Set("If-None-Match", etag)
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional feed request: etag %q, status %d", etag, resp.StatusCode)
	}
}

// TestAtomFeedFollowsUpdates: an old innovation that was just changed comes
// first, though the index would order it by its old publication date.
func TestAtomFeedFollowsUpdates(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	var old content.Document
	for _, d := range f.docs {
		if d.Type == content.TypeInnovation && d.ProvinceCode() == "33" && (old.ID == "" || d.Published < old.Published) {
			old = d
		}
	}
	old.Summary += " Diperbarui."
	if _, err := f.store.Put(old); err != nil {
		t.Fatal(err)
	}
	if err := f.index.CatchUp(); err != nil {
		t.Fatal(err)
	}
	feed, _ := fetchFeed(t, f.http.URL, "/feed/inovasi.atom?province=33&size=5")
	if len(feed.Entries) == 0 || local(linkOf(feed.Entries[0].Links, "alternate")) != old.Path() {
		t.Fatalf("updated innovation %s is not first: %+v", old.ID, feed.Entries)
	}
	// Deleted documents leave the feed.
	if err := f.store.Delete(old.ID); err != nil {
		t.Fatal(err)
	}
	f.index.CatchUp()
	feed, _ = fetchFeed(t, f.http.URL, "/feed/inovasi.atom?province=33&size=5")
	for _, e := range feed.Entries {
		if linkOf(e.Links, "alternate") == old.Path() {
			t.Error("deleted innovation still in the feed")
		}
	}
}

// TestAbsoluteLinksFromPublicURL: with --public-url, feeds, OpenSearch and
// JSON-LD use it; the Host header never gets into them.
func TestAbsoluteLinksFromPublicURL(t *testing.T) {
	f := sharedFixture(t)
	srv := New(Config{PublicURL: "https://jippnas.example.go.id/"}, f.store, f.index)
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	feed, body := fetchFeed(t, hs.URL, "/feed/inovasi.atom?size=3", "Host", "evil.example")
	if strings.Contains(body, "evil.example") {
		t.Error("Host header in the feed")
	}
	if self := linkOf(feed.Links, "self"); self != "https://jippnas.example.go.id/feed/inovasi.atom?size=3" {
		t.Errorf("self link %q", self)
	}
	for _, e := range feed.Entries {
		if !strings.HasPrefix(linkOf(e.Links, "alternate"), "https://jippnas.example.go.id/inovasi/") {
			t.Errorf("entry link %q", linkOf(e.Links, "alternate"))
		}
	}
	for _, p := range []string{"/opensearch.xml", "/inovasi/" + firstInnovation(f).ID} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, hs.URL+p, nil)
		req.Host = "evil.example"
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "evil.example") || !strings.Contains(string(b), "https://jippnas.example.go.id/") {
			t.Errorf("%s: absolute links do not come from the public URL", p)
		}
	}
}

func firstInnovation(f *fixture) content.Document {
	for _, d := range f.docs {
		if d.Type == content.TypeInnovation && d.Sector != "" && d.RegionCode != "" && strings.Contains(d.RegionCode, ".") {
			return d
		}
	}
	panic("no innovation in the demo data")
}

// TestFeedsLinkedFromPages: the pages a feed describes name it in their head.
func TestFeedsLinkedFromPages(t *testing.T) {
	f := sharedFixture(t)
	re := regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">`)
	for page, want := range map[string][]string{
		"/":          {"/feed/inovasi.atom", "/feed/berita.atom"},
		"/berita":    {"/feed/berita.atom"},
		"/statistik": {"/feed/inovasi.atom"},
		"/cari?province=35&sector=kesehatan&q=puskesmas&page=2": {"/feed/inovasi.atom?province=35&amp;q=puskesmas&amp;sector=kesehatan"},
	} {
		resp, err := http.Get(f.http.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got []string
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: feeds %q, want %q", page, got, want)
		}
	}
}
