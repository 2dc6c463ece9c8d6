package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"jippnas/content"
	"jippnas/content/refdata"
	"jippnas/content/store"
	"jippnas/index/facet"
	"jippnas/index/search"
)

// Atom feeds (RFC 4287) of new and updated innovations and of news, with
// the search's filters: /feed/inovasi.atom?province=35&sector=kesehatan.
//
// Links are absolute when --public-url is set and relative otherwise (a
// feed reader resolves them against the feed's own address); they are
// never built from the Host header, because feeds are cached publicly.
// Entry ids are tag URIs, so they stay the same whatever address the site
// is served on.

const (
	feedPathInnovations = "/feed/inovasi.atom"
	feedPathNews        = "/feed/berita.atom"
	feedDefaultSize     = 50
	// feedScanChanges bounds how far back the change log is read for
	// recently updated innovations that match the filters.
	feedScanChanges = 5000
	// tagAuthority mints the ids of entries and feeds (RFC 4151).
	tagAuthority = "tag:jippnas.menpan.go.id,2025:"
	atomMIME     = "application/atom+xml"
)

// feedLink is a <link rel="alternate"> in a page head.
type feedLink struct {
	Title string
	URL   string
}

// linkURL makes a site path absolute with the configured public URL, and
// leaves it relative when none is configured.
func (s *Server) linkURL(path string) string {
	if s.cfg.PublicURL == "" {
		return path
	}
	return strings.TrimRight(s.cfg.PublicURL, "/") + path
}

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Rights    string      `xml:"rights"`
	Icon      string      `xml:"icon"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Authors    []atomPerson   `xml:"author"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
	Categories []atomCategory `xml:"category"`
}

// feedParams are the search parameters a feed honours; the rest (paging,
// sorting, facets) mean nothing for a feed.
var feedParams = append([]string{"q", "year_from", "year_to"}, filterParams...)

// feedRequest reads a feed's filters with the search's own parser, so that
// a bad value gets the same 400 as on /api/v1/search.
func (s *Server) feedRequest(r *http.Request, typ string) (search.Request, url.Values, error) {
	q := url.Values{}
	for _, k := range feedParams {
		if k == facet.Type {
			continue // the feed decides the type
		}
		for _, v := range r.URL.Query()[k] {
			if v = strings.TrimSpace(v); v != "" {
				q.Add(k, v)
			}
		}
	}
	req, err := s.parseSearch(q)
	if err != nil {
		return req, q, err
	}
	req.Filters[facet.Type] = []string{typ}
	req.Size, err = intParam(r.URL.Query(), "size", feedDefaultSize, 1, search.MaxSize)
	if err == nil && r.URL.Query().Has("size") {
		q.Set("size", strconv.Itoa(req.Size))
	}
	req.Sort, req.Page, req.NoFacets = search.SortNewest, 1, true
	return req, q, err
}

// feedSearch runs a feed's search, newest first.
func (s *Server) feedSearch(r *http.Request, typ string) (search.Request, url.Values, *search.Result, error) {
	req, q, err := s.feedRequest(r, typ)
	if err != nil {
		return req, q, nil, err
	}
	res, err := s.searchIn(r.Context(), req)
	return req, q, res, err
}

// feedInnovations lists the innovations added or changed most recently:
// the recent change log, filtered like the search, plus the newest by
// publication date from the index (which also serves a feed with a query).
func (s *Server) feedInnovations(w http.ResponseWriter, r *http.Request) {
	req, q, res, err := s.feedSearch(r, content.TypeInnovation)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	var docs []content.Document
	if req.Query == "" {
		if docs, err = s.recentlyChanged(req, req.Size); err != nil {
			s.writeProblem(w, r, err)
			return
		}
	}
	// The change log's documents come first: among equal timestamps (one
	// second apart at most) its order is the true one.
	docs = newestUpdated(append(docs, docsOf(res)...), req.Size)

	title := "Inovasi baru dan diperbarui"
	if label := s.filterLabel(req); label != "" {
		title += " — " + label
	}
	alt := url.Values{}
	for k, v := range q {
		alt[k] = v
	}
	alt.Set("type", content.TypeInnovation)
	alt.Set("sort", search.SortNewest)
	f := s.newFeed(feedPathInnovations, q, title, "Inovasi pelayanan publik yang baru ditambahkan atau diperbarui di JIPPNAS.", searchURL(alt))
	for _, d := range docs {
		e := s.feedEntry(d)
		summary := d.Summary
		if summary == "" {
			summary = d.Title
		}
		e.Summary = &atomText{Type: "text", Body: summary + " (" + d.Institution + ", " + s.regionLabel(d.RegionCode) + ")"}
		f.Entries = append(f.Entries, e)
	}
	s.writeFeed(w, r, f)
}

// feedNews lists the newest news by publication date, with their text.
func (s *Server) feedNews(w http.ResponseWriter, r *http.Request) {
	_, q, res, err := s.feedSearch(r, content.TypeNews)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	// Search hits carry no bodies; the feed gives each item's whole text.
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Doc.ID
	}
	docs, err := s.store.GetMany(ids)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	f := s.newFeed(feedPathNews, q, "Berita JIPPNAS", "Berita terbaru seputar kompetisi, penghargaan, dan replikasi inovasi pelayanan publik.", "/berita")
	for _, d := range docs {
		e := s.feedEntry(d)
		if d.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: d.Summary}
		}
		if rd, err := s.cfg.Renderer.Render([]byte(d.Body)); err == nil {
			e.Content = &atomText{Type: "html", Body: string(rd.HTML)}
		}
		f.Entries = append(f.Entries, e)
	}
	s.writeFeed(w, r, f)
}

func (s *Server) newFeed(path string, q url.Values, title, subtitle, alternate string) *atomFeed {
	self := path
	if len(q) > 0 {
		self += "?" + q.Encode()
	}
	return &atomFeed{Lang: "id", ID: tagAuthority + self, Title: title, Subtitle: subtitle,
		Links: []atomLink{
			{Rel: "self", Type: atomMIME, Href: s.linkURL(self)},
			{Rel: "alternate", Type: "text/html", Href: s.linkURL(alternate)},
		},
		Author:    atomPerson{Name: "JIPPNAS — Kementerian PANRB"},
		Generator: "jippnas",
		Rights:    "Data JIPPNAS, CC BY 4.0",
		Icon:      s.linkURL(assets.url("favicon.svg")),
	}
}

// feedEntry is the part of an entry every document type shares.
func (s *Server) feedEntry(d content.Document) atomEntry {
	e := atomEntry{ID: tagAuthority + d.Path(), Title: d.Title, Updated: d.UpdatedAt,
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: s.linkURL(d.Path())}}}
	if d.Published != "" {
		e.Published = d.Published + "T00:00:00+07:00"
		if e.Updated == "" {
			e.Updated = e.Published
		}
	}
	if e.Updated == "" {
		e.Updated = startTime.UTC().Format(time.RFC3339)
	}
	switch {
	case d.Type == content.TypeInnovation && d.Institution != "":
		e.Authors = []atomPerson{{Name: d.Institution}}
	case len(d.Authors) > 0:
		for _, a := range d.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: a})
		}
	}
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		e.Categories = append(e.Categories, atomCategory{Term: sec.Slug, Scheme: s.linkURL("/api/v1/sectors"), Label: sec.Name})
	}
	if p, ok := s.regions.ProvinceOf(d.RegionCode); ok {
		e.Categories = append(e.Categories, atomCategory{Term: p.Code, Scheme: s.linkURL("/api/v1/regions"), Label: p.ShortName()})
	}
	return e
}

// writeFeed sends the feed with an ETag and a short public cache life.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, f *atomFeed) {
	f.Updated = startTime.UTC().Format(time.RFC3339)
	for i, e := range f.Entries {
		if i == 0 || e.Updated > f.Updated {
			f.Updated = e.Updated
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	buf.WriteByte('\n')
	s.writeCached(w, r, atomMIME+"; charset=utf-8", buf.Bytes(), 300)
}

// writeCached sends a generated document with an ETag (a hash of it) and
// a public cache life of maxAge seconds, and answers a matching
// If-None-Match with 304. Only documents that do not depend on the
// request's Host or cookies may be sent this way.
func (s *Server) writeCached(w http.ResponseWriter, r *http.Request, ctype string, body []byte, maxAge int) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
	if matchETag(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// recentlyChanged walks the change log back from its end and returns up to
// n current documents that match req's filters, reading at most
// feedScanChanges changes.
func (s *Server) recentlyChanged(req search.Request, n int) ([]content.Document, error) {
	const chunk = 500
	seen := map[string]bool{}
	var out []content.Document
	last := s.store.LastSeq()
	for hi := last; hi > 0 && len(out) < n && last-hi < feedScanChanges; {
		lo := hi - min(hi, chunk)
		var ids []string
		if _, err := s.store.Changes(lo, int(hi-lo), func(c store.Change) error {
			ids = append(ids, c.ID)
			return nil
		}); err != nil {
			return nil, err
		}
		hi = lo
		slices.Reverse(ids)
		var fresh []string
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				fresh = append(fresh, id)
			}
		}
		docs, err := s.store.GetMany(fresh)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]content.Document, len(docs))
		for _, d := range docs {
			byID[d.ID] = d
		}
		for _, id := range fresh {
			if d, ok := byID[id]; ok && matchesFilters(req, d) {
				out = append(out, d)
				if len(out) == n {
					break
				}
			}
		}
	}
	return out, nil
}

// matchesFilters applies a request's filters to one document, as the index
// would: OR within a filter, AND across filters.
func matchesFilters(req search.Request, d content.Document) bool {
	year := ""
	if d.Year != 0 {
		year = strconv.Itoa(d.Year)
	}
	region := ""
	if strings.Contains(d.RegionCode, ".") {
		region = d.RegionCode
	}
	values := map[string][]string{
		facet.Type: {d.Type}, facet.Province: {d.ProvinceCode()}, facet.Region: {region},
		facet.Sector: {d.Sector}, facet.Year: {year}, facet.Source: {d.Source},
		facet.Award: d.Awards, facet.Stage: {d.Stage}, facet.Status: {d.Status},
	}
	for name, want := range req.Filters {
		if !slices.ContainsFunc(values[name], func(v string) bool { return v != "" && slices.Contains(want, v) }) {
			return false
		}
	}
	if req.YearFrom > 0 && d.Year < req.YearFrom || req.YearTo > 0 && (d.Year == 0 || d.Year > req.YearTo) {
		return false
	}
	return true
}

// newestUpdated dedupes docs and keeps the n most recently updated.
func newestUpdated(docs []content.Document, n int) []content.Document {
	seen := map[string]bool{}
	out := docs[:0:0]
	for _, d := range docs {
		if !seen[d.ID] {
			seen[d.ID] = true
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b content.Document) int { return strings.Compare(b.UpdatedAt, a.UpdatedAt) })
	return out[:min(n, len(out))]
}

// filterLabel names a feed's filters in Indonesian ("Jawa Timur · Kesehatan").
func (s *Server) filterLabel(req search.Request) string {
	var parts []string
	if req.Query != "" {
		parts = append(parts, "“"+req.Query+"”")
	}
	for _, code := range req.Filters[facet.Province] {
		if p, ok := s.regions.Lookup(code); ok {
			parts = append(parts, p.ShortName())
		}
	}
	for _, code := range req.Filters[facet.Region] {
		parts = append(parts, s.regions.DisplayName(code))
	}
	for _, slug := range req.Filters[facet.Sector] {
		if sec, ok := refdata.SectorBySlug(slug); ok {
			parts = append(parts, sec.Name)
		}
	}
	for _, name := range []string{facet.Year, facet.Source, facet.Award, facet.Stage, facet.Status} {
		parts = append(parts, req.Filters[name]...)
	}
	return strings.Join(parts, " · ")
}

// innovationFeedLink is the feed of the innovations a search page lists.
func innovationFeedLink(q url.Values, label string) feedLink {
	fq := url.Values{}
	for _, k := range feedParams {
		if k != facet.Type && len(q[k]) > 0 {
			fq[k] = q[k]
		}
	}
	u := feedPathInnovations
	if len(fq) > 0 {
		u += "?" + fq.Encode()
	}
	title := "Inovasi baru dan diperbarui"
	if label != "" {
		title += " — " + label
	}
	return feedLink{Title: title, URL: u}
}

var newsFeedLink = feedLink{Title: "Berita JIPPNAS", URL: feedPathNews}
