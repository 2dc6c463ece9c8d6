package server

import (
	"context"
	"errors"
	"strings"
	"unicode"

	"jippnas/content"
	"jippnas/index/facet"
	"jippnas/index/search"
	"jippnas/index/similar"
)

// similarFor finds up to n innovations like doc from other regions. The
// index's similarity search ranks them; when it finds too few, innovations
// of the same sector sharing title words, then the newest of the sector,
// fill up the list.
func (s *Server) similarFor(ctx context.Context, doc content.Document, n int) ([]content.Document, error) {
	filters := facet.Filters{facet.Type: {content.TypeInnovation}}
	if doc.Sector != "" {
		filters[facet.Sector] = []string{doc.Sector}
	}
	var out []content.Document
	seen := map[string]bool{doc.ID: true}
	add := func(d content.Document) {
		if len(out) >= n || seen[d.ID] || (doc.RegionCode != "" && d.RegionCode == doc.RegionCode) {
			return
		}
		seen[d.ID] = true
		out = append(out, d)
	}
	take := func(res *search.Result) {
		for _, h := range res.Hits {
			add(h.Doc)
		}
	}
	if doc.ID != "" {
		sim, err := s.similar.Similar(ctx, doc.ID, similar.SimilarOptions{Size: n * 2, Types: []string{content.TypeInnovation}})
		if err != nil && !errors.Is(err, content.ErrNotFound) {
			return nil, err
		}
		for _, h := range sim {
			add(h.Doc)
		}
	}
	if len(out) >= n {
		return out, nil
	}
	if words := titleWords(doc.Title, 8); len(words) > 0 {
		// OR: any shared word counts; more shared words rank higher.
		res, err := s.searchIn(ctx, search.Request{Query: strings.Join(words, " OR "), Filters: filters,
			Size: n * 4, NoFacets: true})
		if err != nil {
			return nil, err
		}
		take(res)
	}
	if len(out) < n && doc.Sector != "" {
		res, err := s.searchIn(ctx, search.Request{Filters: filters, Sort: search.SortNewest, Size: n * 4, NoFacets: true})
		if err != nil {
			return nil, err
		}
		take(res)
	}
	return out, nil
}

// titleWords are the distinctive words of a title: lowercased, at least
// four letters, without common function words, at most max of them.
func titleWords(title string, max int) []string {
	common := map[string]bool{"dalam": true, "untuk": true, "dengan": true, "yang": true, "pada": true,
		"dari": true, "oleh": true, "atau": true, "serta": true, "melalui": true, "bagi": true, "sistem": true,
		"layanan": true, "pelayanan": true, "program": true, "inovasi": true, "berbasis": true, "kepada": true}
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(w)) < 4 || common[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == max {
			break
		}
	}
	return out
}
