package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"jippnas/content"
	"jippnas/index"
)

type homeView struct {
	Innovations  uint64
	Institutions int
	Provinces    int
	Latest       []content.Document
	News         []content.Document
	Guides       []content.Document
}

// institutionCount caches the number of distinct institutions: no facet
// holds it, so it takes a pass over the store, done again only after the
// store changed and at most once a minute.
type institutionCount struct {
	mu   sync.Mutex
	seq  uint64
	at   time.Time
	n    int
	done bool
}

func (s *Server) countInstitutions(ctx context.Context) (int, error) {
	instCount := &s.institutions
	instCount.mu.Lock()
	defer instCount.mu.Unlock()
	seq := s.store.LastSeq()
	if instCount.done && (instCount.seq == seq || time.Since(instCount.at) < time.Minute) {
		return instCount.n, nil
	}
	seen := map[string]struct{}{}
	if _, err := s.store.Each(ctx, func(d content.Document) error {
		if d.Type == content.TypeInnovation && d.Institution != "" {
			seen[strings.ToLower(d.Institution)] = struct{}{}
		}
		return nil
	}); err != nil {
		return 0, err
	}
	instCount.seq, instCount.at, instCount.n, instCount.done = seq, time.Now(), len(seen), true
	return len(seen), nil
}

func docsOf(res *index.Result) []content.Document {
	out := make([]content.Document, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.Doc)
	}
	return out
}

func (s *Server) webHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var v homeView
	inn, err := s.searchIn(ctx, index.Request{Filters: index.Filters{index.FacetType: {content.TypeInnovation}},
		Sort: index.SortNewest, Size: 6, Facets: []string{index.FacetProvince}})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.Innovations, v.Provinces, v.Latest = inn.Total, len(inn.Facets[index.FacetProvince]), docsOf(inn)
	if v.Institutions, err = s.countInstitutions(ctx); err != nil {
		s.webFail(w, r, err)
		return
	}
	news, err := s.searchIn(ctx, index.Request{Filters: index.Filters{index.FacetType: {content.TypeNews}},
		Sort: index.SortNewest, Size: 4, NoFacets: true})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.News = docsOf(news)
	guides, err := s.searchIn(ctx, index.Request{Filters: index.Filters{index.FacetType: {content.TypeGuide}},
		Sort: index.SortNewest, Size: 6, NoFacets: true})
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v.Guides = docsOf(guides)
	s.render(w, r, http.StatusOK, "home", page{
		Description: "Temukan, pelajari, dan replikasi inovasi pelayanan publik dari kementerian, lembaga, dan pemerintah daerah di seluruh Indonesia.",
		Nav:         "beranda", Data: v,
	})
}
