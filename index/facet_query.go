package index

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// facetQuery runs the text query once and does both the filtering and the
// facet counting itself, from the facet columns: a match that passes every
// filter goes on to ranking and is counted in every facet; a match that
// fails exactly one facet's filter is counted in that facet only, which is
// what disjunctive faceting means (each facet counted without its own
// filter). One pass replaces the main search plus one search per filtered
// facet.
type facetQuery struct {
	ix    *Index
	inner query.Query
	r     *Request
	want  []string

	// Set by the searcher, read once the search is done.
	cols   *facetColumns
	counts map[string][]int // facet → count per ordinal
}

func (q *facetQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	cols, err := q.ix.columns.get(ctx, r)
	if err != nil {
		return nil, err
	}
	inner, err := q.inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	s, err := q.counter(cols)
	if err != nil {
		inner.Close()
		return nil, err
	}
	s.inner = inner
	return s, nil
}

// counter prepares the filters and the counts of q over cols.
func (q *facetQuery) counter(cols *facetColumns) (*facetSearcher, error) {
	s := &facetSearcher{cols: cols, want: make([]wantFacet, 0, len(q.want))}
	// Filters: for each filtered facet, the set of ordinals it accepts.
	filterIdx := map[string]int{}
	for _, name := range AllFacets {
		vals := q.r.Filters[name]
		yearRange := name == FacetYear && (q.r.YearFrom > 0 || q.r.YearTo > 0)
		if len(vals) == 0 && !yearRange {
			continue
		}
		if len(s.filters) == 63 {
			return nil, fmt.Errorf("too many filters")
		}
		ok := make([]bool, len(cols.dict[name]))
		for _, v := range vals {
			if o, found := cols.ordOf[name][v]; found {
				ok[o] = true
			}
		}
		if yearRange {
			for o, v := range cols.dict[name] {
				y, err := strconv.Atoi(v)
				inRange := err == nil && (q.r.YearFrom == 0 || y >= q.r.YearFrom) && (q.r.YearTo == 0 || y <= q.r.YearTo)
				// Values and range are ANDed, as the query filters are.
				if len(vals) == 0 {
					ok[o] = inRange
				} else {
					ok[o] = ok[o] && inRange
				}
			}
		}
		filterIdx[name] = len(s.filters)
		s.filters = append(s.filters, facetFilter{name: name, ok: ok, single: cols.single[name]})
	}
	q.cols = cols
	q.counts = map[string][]int{}
	for _, name := range q.want {
		c := make([]int, len(cols.dict[name]))
		q.counts[name] = c
		bit := uint64(0)
		if i, ok := filterIdx[name]; ok {
			bit = 1 << i
		}
		s.want = append(s.want, wantFacet{name: name, counts: c, ownBit: bit, single: cols.single[name]})
	}
	return s, nil
}

type facetFilter struct {
	name   string
	ok     []bool   // ordinal → accepted
	single []uint16 // the facet's column, if single-valued
}

type wantFacet struct {
	name   string
	counts []int
	ownBit uint64   // the bit of this facet's own filter, 0 if none
	single []uint16 // the facet's column, if single-valued
}

type facetSearcher struct {
	inner   search.Searcher
	cols    *facetColumns
	filters []facetFilter
	want    []wantFacet
}

// accept counts m and reports whether it passes every filter.
func (s *facetSearcher) accept(m *search.DocumentMatch) bool {
	d, ok := docNum(m.IndexInternalID)
	if !ok {
		return false
	}
	return s.acceptDoc(d)
}

// acceptDoc counts the snapshot's document d and reports whether it passes
// every filter.
func (s *facetSearcher) acceptDoc(d uint64) bool {
	var fails uint64
	for i := range s.filters {
		f := &s.filters[i]
		pass := false
		if f.single != nil {
			// The common case, without a closure per document.
			pass = d < uint64(len(f.single)) && f.ok[f.single[d]]
		} else {
			s.cols.values(f.name, d, func(o uint16) {
				if int(o) < len(f.ok) && f.ok[o] {
					pass = true
				}
			})
		}
		if !pass {
			fails |= 1 << i
		}
	}
	for i := range s.want {
		w := &s.want[i]
		if fails != 0 && fails != w.ownBit {
			continue
		}
		if w.single != nil {
			if d < uint64(len(w.single)) {
				if o := w.single[d]; o != 0 {
					w.counts[o]++
				}
			}
			continue
		}
		s.cols.values(w.name, d, func(o uint16) { w.counts[o]++ })
	}
	return fails == 0
}

func (s *facetSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		m, err := s.inner.Next(ctx)
		if err != nil || m == nil {
			return m, err
		}
		if s.accept(m) {
			return m, nil
		}
		ctx.DocumentMatchPool.Put(m)
	}
}

func (s *facetSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.inner.Advance(ctx, id)
	for err == nil && m != nil && !s.accept(m) {
		ctx.DocumentMatchPool.Put(m)
		m, err = s.inner.Next(ctx)
	}
	return m, err
}

func (s *facetSearcher) Close() error               { return s.inner.Close() }
func (s *facetSearcher) Weight() float64            { return s.inner.Weight() }
func (s *facetSearcher) SetQueryNorm(n float64)     { s.inner.SetQueryNorm(n) }
func (s *facetSearcher) Count() uint64              { return s.inner.Count() }
func (s *facetSearcher) Min() int                   { return s.inner.Min() }
func (s *facetSearcher) Size() int                  { return s.inner.Size() }
func (s *facetSearcher) DocumentMatchPoolSize() int { return s.inner.DocumentMatchPoolSize() }

// countsOf turns the counts of one facet into a value → count map.
func (q *facetQuery) countsOf(name string) map[string]int {
	out := map[string]int{}
	if q.cols == nil {
		return out
	}
	for o, n := range q.counts[name] {
		if n > 0 {
			out[q.cols.dict[name][o]] = n
		}
	}
	return out
}
