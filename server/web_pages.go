package server

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/markdown"
	"jippnas/content/refdata"
	"jippnas/index/facet"
	"jippnas/index/search"
)

type guideListView struct {
	Guides []content.Document
}

type pageView struct {
	Doc       content.Document
	Kind      string // "panduan" or "berita"
	KindLabel string
	Body      template.HTML
	TOC       []markdown.Heading
	Published string
	Updated   string
	Sector    string
	SectorURL string
	Related   []similarView
}

type newsListView struct {
	News    []content.Document
	Pages   []pageLink
	PrevURL string
	NextURL string
	Total   uint64
}

func (s *Server) webGuides(w http.ResponseWriter, r *http.Request) {
	var v guideListView
	if _, err := s.store.EachPrefix(content.PageGuide.Folder()+":", func(d content.Document) error {
		v.Guides = append(v.Guides, d)
		return nil
	}); err != nil {
		s.webFail(w, r, err)
		return
	}
	sort.SliceStable(v.Guides, func(i, j int) bool {
		return strings.ToLower(v.Guides[i].Title) < strings.ToLower(v.Guides[j].Title)
	})
	s.render(w, r, http.StatusOK, "guides", page{Title: "Panduan berinovasi",
		Description: "Panduan praktis untuk merancang, menerapkan, mengukur, dan mereplikasi inovasi pelayanan publik.",
		Nav:         "panduan", Data: v})
}

func (s *Server) webGuide(w http.ResponseWriter, r *http.Request) {
	s.webPage(w, r, content.PageGuide)
}

func (s *Server) webNews(w http.ResponseWriter, r *http.Request) {
	s.webPage(w, r, content.PageNews)
}

// webPage shows one guide or news item.
func (s *Server) webPage(w http.ResponseWriter, r *http.Request, typ content.PageType) {
	slug := mux.Vars(r)["slug"]
	notFound := "Panduan yang Anda cari tidak ditemukan. Lihat daftar semua panduan."
	if typ == content.PageNews {
		notFound = "Berita yang Anda cari tidak ditemukan. Lihat daftar semua berita."
	}
	if !content.ValidSlug(slug) {
		s.webError(w, r, http.StatusNotFound, notFound)
		return
	}
	d, err := s.store.Get(content.PageID(typ, slug))
	if errors.Is(err, content.ErrNotFound) {
		s.webError(w, r, http.StatusNotFound, notFound)
		return
	}
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v := pageView{Doc: d, Kind: typ.Folder(), Published: dateID(d.Published)}
	if d.Updated != "" && d.Updated != d.Published {
		v.Updated = dateID(d.Updated)
	}
	nav := "panduan"
	v.KindLabel = "Panduan"
	if typ == content.PageNews {
		nav, v.KindLabel = "berita", "Berita"
	}
	if sec, ok := refdata.SectorBySlug(d.Sector); ok {
		v.Sector = sec.Name
		v.SectorURL = searchURL(url.Values{"type": {content.TypeInnovation}, "sector": {sec.Slug}})
	}
	rd, err := s.cfg.Renderer.Render([]byte(d.Body))
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.Body = template.HTML(rd.HTML) // goldmark with raw HTML off and unsafe links dropped
	v.TOC = tocOf(rd.TOC)
	if len(d.Related) > 0 {
		rel, err := s.store.GetMany(d.Related)
		if err != nil {
			s.webFail(w, r, err)
			return
		}
		for _, rd := range rel {
			v.Related = append(v.Related, similarView{Doc: rd, Region: s.regionLabel(rd.RegionCode)})
		}
	}
	desc := d.Summary
	if desc == "" {
		desc = d.Title
	}
	var feeds []feedLink
	if typ == content.PageNews {
		feeds = []feedLink{newsFeedLink}
	}
	s.render(w, r, http.StatusOK, "page", page{Title: d.Title, Description: truncate(desc, 300), OGType: "article",
		Nav: nav, Feeds: feeds, JSONLD: s.ldPage(d, v.KindLabel, "/"+typ.Folder()), Data: v})
}

const newsPerPage = 10

func (s *Server) webNewsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, err := intParam(q, "page", 1, 1, s.cfg.Limits.MaxPage)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	res, err := s.searchIn(r.Context(), search.Request{Filters: facet.Filters{facet.Type: {content.TypeNews}},
		Sort: search.SortNewest, Page: n, Size: newsPerPage, NoFacets: true})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v := newsListView{News: docsOf(res), Total: res.Total}
	last := int((res.Total + newsPerPage - 1) / newsPerPage)
	if n > 1 && n > last {
		s.webError(w, r, http.StatusNotFound, "Halaman berita ini tidak ada.")
		return
	}
	link := func(i int) string {
		if i == 1 {
			return "/berita"
		}
		return "/berita?page=" + strconv.Itoa(i)
	}
	if last > 1 {
		for i := 1; i <= last; i++ {
			v.Pages = append(v.Pages, pageLink{N: i, URL: link(i), Current: i == n})
		}
		if n > 1 {
			v.PrevURL = link(n - 1)
		}
		if n < last {
			v.NextURL = link(n + 1)
		}
	}
	title := "Berita"
	if n > 1 {
		title += " — halaman " + strconv.Itoa(n)
	}
	s.render(w, r, http.StatusOK, "news", page{Title: title,
		Description: "Berita terbaru seputar kompetisi, penghargaan, dan replikasi inovasi pelayanan publik.",
		Nav:         "berita", Feeds: []feedLink{newsFeedLink}, Data: v})
}
