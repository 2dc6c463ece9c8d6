package search

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"jippnas/content"
	"jippnas/index"
	"jippnas/index/facet"
)

// bleveExec runs any plan through Bleve's searchers. Facets are counted in
// the same pass from the facet columns (facet.Query); with bleveFacets set,
// or where the columns are unavailable, by Bleve's facet builder.
type bleveExec struct {
	cols        *facet.Cache
	lens        *lengthCache
	bleveFacets bool
	log         *slog.Logger
}

func (e *bleveExec) run(ctx context.Context, v index.View, p *Plan) (*outcome, error) {
	var text query.Query
	if p.Rank != nil {
		text = &rankQuery{rk: p.Rank, lens: e.lens}
	} else {
		text = textQuery(p)
	}
	// A slot-ranked plan is always filtered through the columns (facet
	// counting or not): the filters then cannot add to its scores.
	if (len(p.Facets) > 0 || p.Rank != nil) && !e.bleveFacets {
		fq := facet.NewQuery(text, e.cols, p.Select, p.Facets, !p.FacetsOfHits)
		out, err := e.search(ctx, v, p, fq)
		if err == nil {
			out.counts = fq.Counts()
			return out, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		e.log.Warn("facet columns unavailable; using Bleve facets", "err", err)
	}
	out, err := e.search(ctx, v, p, combine(text, p.Select.Queries("")))
	if err != nil || len(p.Facets) == 0 {
		return out, err
	}
	out.counts, err = e.bleveFacetCounts(ctx, v, p, text)
	return out, err
}

// search runs q with the plan's order and page window.
func (e *bleveExec) search(ctx context.Context, v index.View, p *Plan, q query.Query) (*outcome, error) {
	req := bleve.NewSearchRequestOptions(q, p.Size, (p.Page-1)*p.Size, false)
	req.SortByCustom(sortOrder(p.Sort))
	if p.Cursor != "" {
		after, err := decodeCursor(p.Cursor)
		if err != nil {
			return nil, err
		}
		if len(after) != len(req.Sort) {
			return nil, fmt.Errorf("cursor does not match sort %q: %w", p.Sort, content.ErrInvalid)
		}
		req.From = 0
		req.SetSearchAfter(after)
	}
	sr, err := v.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &outcome{total: sr.Total, hits: make([]hit, len(sr.Hits))}
	for i, h := range sr.Hits {
		// search_after takes the decoded sort values (dates and numbers as
		// text), not the prefix-coded ones; where the order is by score,
		// Bleve writes "_score": the cursor carries the score itself.
		sv := slices.Clone(h.Sort)
		if len(h.DecodedSort) == len(h.Sort) {
			sv = slices.Clone(h.DecodedSort)
		}
		for k, s := range sv {
			if s == "_score" {
				sv[k] = strconv.FormatFloat(h.Score, 'g', -1, 64)
			}
		}
		out.hits[i] = hit{id: h.ID, score: h.Score, sort: sv}
	}
	return out, nil
}

// bleveFacetCounts counts with Bleve's facet builder: facets without a
// selection of their own on the main search, each facet with one without
// its own filter (disjunctive faceting), so that a user sees what choosing
// another value would add, unless the plan counts over the hits.
func (e *bleveExec) bleveFacetCounts(ctx context.Context, v index.View, p *Plan, text query.Query) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	for _, name := range p.Facets {
		def, ok := facet.Lookup(name)
		if !ok {
			continue
		}
		skip := ""
		if p.Select.Restricts(name) && !p.FacetsOfHits {
			skip = name
		}
		req := bleve.NewSearchRequestOptions(combine(text, p.Select.Queries(skip)), 0, 0, false)
		req.Score = "none" // only counts are wanted
		req.AddFacet(name, bleve.NewFacetRequest(def.Field, def.Size))
		sr, err := v.Bleve().SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("facet %s: %w", name, err)
		}
		counts := map[string]int{}
		if fr := sr.Facets[name]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				counts[t.Term] = t.Count
			}
		}
		out[name] = counts
	}
	return out, nil
}

// sortOrder returns Bleve sort keys; every order ends with the id so that
// cursors are stable.
func sortOrder(s string) bsearch.SortOrder {
	switch s {
	case SortNewest:
		return bsearch.SortOrder{&bsearch.SortField{Field: index.FieldPublished, Desc: true, Type: bsearch.SortFieldAsString, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{}}
	case SortYear:
		return bsearch.SortOrder{&bsearch.SortField{Field: index.FieldYear, Desc: true, Type: bsearch.SortFieldAsString, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}}
	}
	return bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}}
}

// combine adds the filters to a text query.
func combine(text query.Query, filters []query.Query) query.Query {
	if len(filters) == 0 {
		return text
	}
	// The filters join the text query's own required clauses rather than
	// wrapping it: a Boolean query driven by a conjunction (advanced, not
	// iterated) can miss its optional clauses, and with them the title
	// and summary part of the score.
	if bq, ok := text.(*query.BooleanQuery); ok && bq.Must != nil {
		nb := bleve.NewBooleanQuery()
		nb.AddMust(bq.Must)
		nb.AddMust(filters...)
		nb.Should, nb.MustNot = bq.Should, bq.MustNot
		return nb
	}
	return bleve.NewConjunctionQuery(append([]query.Query{text}, filters...)...)
}

// textQuery is the plan's text as a Bleve query (see scoring.go): every
// clause must match in the text field, title and summary matches and the
// title phrase add to the score.
func textQuery(p *Plan) query.Query {
	t := &p.Text
	if t.empty() {
		if len(t.Not) == 0 {
			return bleve.NewMatchAllQuery()
		}
		bq := bleve.NewBooleanQuery()
		bq.AddMust(bleve.NewMatchAllQuery())
		for _, a := range t.Not {
			bq.AddMustNot(altQuery(a, false))
		}
		return bq
	}
	bq := bleve.NewBooleanQuery()
	var clauses []query.Query
	for _, c := range t.Must {
		var alts []query.Query
		for _, a := range c.Alts {
			alts = append(alts, altQuery(a, p.Fuzzy))
		}
		if len(alts) == 1 {
			clauses = append(clauses, alts[0])
		} else {
			clauses = append(clauses, bleve.NewDisjunctionQuery(alts...))
		}
	}
	bq.AddMust(clauses...)
	for _, c := range t.Must {
		for _, a := range c.Alts {
			if a.Phrase != "" {
				// A quoted phrase found as such in the title.
				pq := bleve.NewMatchPhraseQuery(a.Phrase)
				pq.SetField(index.FieldTitleExact)
				pq.SetBoost(boostFields[0].boost)
				bq.AddShould(pq)
				continue
			}
			for _, term := range a.Terms {
				for _, s := range boostTerms(term) {
					bq.AddShould(termQuery(s))
				}
			}
		}
	}
	if p.hasTitlePhrase() {
		pq := bleve.NewMatchPhraseQuery(t.Plain)
		pq.SetField(index.FieldTitleExact)
		pq.SetBoost(titlePhraseBoost)
		bq.AddShould(pq)
	}
	for _, a := range t.Not {
		bq.AddMustNot(altQuery(a, false))
	}
	return bq
}

func termQuery(s termSpec) query.Query {
	tq := bleve.NewTermQuery(s.term)
	tq.SetField(s.field)
	tq.SetBoost(s.boost)
	return tq
}

// altQuery matches one alternative in the text field; fuzzy adds
// typo-tolerant variants that rank below exact matches.
func altQuery(a Alt, fuzzy bool) query.Query {
	if a.Phrase != "" {
		pq := bleve.NewMatchPhraseQuery(a.Phrase)
		pq.SetField(index.FieldText)
		return pq
	}
	fuzzyQuery := func(field, term string, fz int, boost float64) query.Query {
		fq := bleve.NewFuzzyQuery(term)
		fq.SetField(field)
		fq.SetFuzziness(fz)
		fq.SetPrefix(1)
		fq.SetBoost(boost)
		return fq
	}
	var qs []query.Query
	for _, term := range a.Terms {
		qs = append(qs, termQuery(termSpec{index.FieldText, term, 1}))
		if fz := fuzziness(term); fuzzy && fz > 0 {
			qs = append(qs, fuzzyQuery(index.FieldText, term, fz, 0.2))
		}
	}
	if fuzzy {
		// The words as typed, against the title's own words: a typo in a
		// word the stemmer did not recognise.
		for _, w := range a.Words {
			w = strings.ToLower(w)
			if fz := fuzziness(w); fz > 0 && !slices.Contains(a.Terms, w) {
				qs = append(qs, fuzzyQuery(index.FieldTitleExact, w, fz, 0.3))
			}
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}
