package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/markdown"
	"jippnas/index/facet"
	"jippnas/index/search"
)

type pageSummaryJSON struct {
	Slug      string   `json:"slug"`
	Type      string   `json:"type"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary,omitempty"`
	Sector    string   `json:"sector,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	Published string   `json:"published,omitempty"`
	Updated   string   `json:"updated,omitempty"`
	URL       string   `json:"url"`
}

type pageJSON struct {
	pageSummaryJSON
	Authors []string           `json:"authors,omitempty"`
	HTML    string             `json:"html"`
	TOC     []markdown.Heading `json:"toc"`
	Related []hitJSON          `json:"related"`
}

func pageSummary(d content.Document) pageSummaryJSON {
	return pageSummaryJSON{Slug: d.PageSlug(), Type: d.Type, Title: d.Title, Summary: d.Summary, Sector: d.Sector,
		Tags: d.Tags, Published: d.Published, Updated: d.Updated, URL: d.Path()}
}

// apiPages lists guides or news, newest first.
func (s *Server) apiPages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typ := q.Get("type")
	if typ == "" {
		typ = content.TypeGuide
	}
	if typ != content.TypeGuide && typ != content.TypeNews {
		s.writeProblem(w, r, badParam("type", "must be guide or news"))
		return
	}
	page, err := intParam(q, "page", 1, 1, s.cfg.Limits.MaxPage)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	size, err := intParam(q, "size", 20, 1, s.cfg.Limits.PageSize)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	res, err := s.search.Search(ctx, search.Request{Filters: facet.Filters{facet.Type: {typ}}, Sort: search.SortNewest,
		Page: page, Size: size, NoFacets: true})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	items := make([]pageSummaryJSON, 0, len(res.Hits))
	for _, h := range res.Hits {
		items = append(items, pageSummary(h.Doc))
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"total": res.Total, "page": page, "size": size, "pages": items}, true)
}

// loadPage finds a guide or news item by slug.
func (s *Server) loadPage(slug string, types ...content.PageType) (content.Document, error) {
	if !content.ValidSlug(slug) {
		return content.Document{}, badParam("slug", "malformed page slug")
	}
	for _, t := range types {
		d, err := s.store.Get(content.PageID(t, slug))
		if err == nil {
			return d, nil
		}
	}
	return content.Document{}, fmt.Errorf("page %q: %w", slug, content.ErrNotFound)
}

func (s *Server) apiPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadPage(mux.Vars(r)["slug"], content.PageGuide, content.PageNews)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	rendered, err := s.cfg.Renderer.Render([]byte(d.Body))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	pj := pageJSON{pageSummaryJSON: pageSummary(d), Authors: d.Authors, HTML: rendered.HTML, TOC: rendered.TOC, Related: []hitJSON{}}
	if pj.TOC == nil {
		pj.TOC = []markdown.Heading{}
	}
	related, err := s.store.GetMany(d.Related)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	for _, rd := range related {
		pj.Related = append(pj.Related, s.hitJSON(rd))
	}
	s.writeJSON(w, r, http.StatusOK, pj, true)
}
