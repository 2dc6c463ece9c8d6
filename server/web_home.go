package server

import (
	"net/http"

	"jippnas/content"
	"jippnas/index/facet"
	"jippnas/index/search"
)

type homeView struct {
	Innovations  uint64
	Institutions int
	Provinces    int
	Latest       []content.Document
	News         []content.Document
	Guides       []content.Document
	Map          *provinceMap
}

func docsOf(res *search.Result) []content.Document {
	out := make([]content.Document, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.Doc)
	}
	return out
}

func (s *Server) webHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var v homeView
	inn, err := s.searchIn(ctx, search.Request{Filters: facet.Filters{facet.Type: {content.TypeInnovation}},
		Sort: search.SortNewest, Size: 6, Facets: []string{facet.Province}})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.Innovations, v.Provinces, v.Latest = inn.Total, len(inn.Facets[facet.Province]), docsOf(inn)
	if v.Map, err = s.innovationMap(inn.Facets[facet.Province]); err != nil {
		s.webFail(w, r, err)
		return
	}
	// Real institutions (codes), not spellings of their names.
	if s.hub != nil {
		v.Institutions = s.hub.PublishedInstitutions()
	} else if v.Institutions, err = s.index.Institutions(); err != nil {
		s.webFail(w, r, err)
		return
	}
	news, err := s.searchIn(ctx, search.Request{Filters: facet.Filters{facet.Type: {content.TypeNews}},
		Sort: search.SortNewest, Size: 4, NoFacets: true})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.News = docsOf(news)
	guides, err := s.searchIn(ctx, search.Request{Filters: facet.Filters{facet.Type: {content.TypeGuide}},
		Sort: search.SortNewest, Size: 6, NoFacets: true})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.Guides = docsOf(guides)
	s.render(w, r, http.StatusOK, "home", page{
		Description: "Temukan, pelajari, dan replikasi inovasi pelayanan publik dari kementerian, lembaga, dan pemerintah daerah di seluruh Indonesia.",
		Nav:         "beranda", Data: v, JSONLD: s.ldWebsite(),
		Feeds: []feedLink{innovationFeedLink(nil, ""), newsFeedLink},
	})
}
