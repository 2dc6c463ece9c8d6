package facet

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Counter applies a selection to the documents a text query matched and
// counts the facets in the same pass, from the columns: a match that passes
// every filter goes on to ranking and is counted in every facet; a match
// that fails exactly one facet's filter is counted in that facet only,
// which is what disjunctive faceting means (each facet counted without its
// own filter). One pass replaces the main search plus one search per
// filtered facet.
type Counter struct {
	cols    *Columns
	filters []columnFilter
	want    []wantFacet
}

type columnFilter struct {
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

// Counter prepares the selection's filters and the disjunctive counts of
// the facets in want over cols.
func (s Selection) Counter(cols *Columns, want []string) (*Counter, error) {
	return s.counter(cols, want, true)
}

// HitsCounter is Counter with every facet counted over the documents that
// pass every filter, its own included: the counts of the results as they
// are, what most search engines give (and the peers' benchmark asks for).
func (s Selection) HitsCounter(cols *Columns, want []string) (*Counter, error) {
	return s.counter(cols, want, false)
}

func (s Selection) counter(cols *Columns, want []string, disjunctive bool) (*Counter, error) {
	c := &Counter{cols: cols, want: make([]wantFacet, 0, len(want))}
	bits := map[string]uint64{}
	for _, d := range defs {
		if !s.Restricts(d.Name) {
			continue
		}
		if len(c.filters) == 63 {
			return nil, fmt.Errorf("too many filters")
		}
		bits[d.Name] = 1 << len(c.filters)
		c.filters = append(c.filters, columnFilter{name: d.Name, ok: s.accepted(d.Name, cols.dict[d.Name], cols.ordOf[d.Name]),
			single: cols.single[d.Name]})
	}
	for _, name := range want {
		w := wantFacet{name: name, counts: make([]int, len(cols.dict[name])), single: cols.single[name]}
		if disjunctive {
			w.ownBit = bits[name]
		}
		c.want = append(c.want, w)
	}
	return c, nil
}

// Accept counts the snapshot's document d and reports whether it passes
// every filter.
func (c *Counter) Accept(d uint64) bool {
	var fails uint64
	for i := range c.filters {
		f := &c.filters[i]
		pass := false
		if f.single != nil {
			// The common case, without a closure per document.
			pass = d < uint64(len(f.single)) && f.ok[f.single[d]]
		} else {
			c.cols.values(f.name, d, func(o uint16) {
				if int(o) < len(f.ok) && f.ok[o] {
					pass = true
				}
			})
		}
		if !pass {
			fails |= 1 << i
		}
	}
	for i := range c.want {
		w := &c.want[i]
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
		c.cols.values(w.name, d, func(o uint16) { w.counts[o]++ })
	}
	return fails == 0
}

// Filterless reports whether the counter has no filters: every document
// passes, and counting may wait for a batch of documents (CountAll).
func (c *Counter) Filterless() bool { return len(c.filters) == 0 }

// CountAll counts documents ds in every facet, as Accept counts one
// document of a counter without filters. A facet at a time, a document
// takes a few instructions and no branch on what it holds: the facet loop
// took an eighth of a search's time, Accept one by one
// (docs/benchmarks.md, 2026-12-07, fifth session).
func (c *Counter) CountAll(ds []uint64) {
	for i := range c.want {
		w := &c.want[i]
		if col := w.single; col != nil {
			counts := w.counts
			for _, d := range ds {
				if d < uint64(len(col)) {
					counts[col[d]]++ // ordinal 0, no value, is counted here and never reported
				}
			}
			continue
		}
		for _, d := range ds {
			c.cols.values(w.name, d, func(o uint16) { w.counts[o]++ })
		}
	}
}

// Fork returns an empty counter of the same selection and facets, for
// another goroutine to count a share of the matches with; Join adds its
// counts back.
func (c *Counter) Fork() *Counter {
	f := &Counter{cols: c.cols, filters: c.filters, want: slices.Clone(c.want)}
	for i := range f.want {
		f.want[i].counts = make([]int, len(c.want[i].counts))
	}
	return f
}

// Join adds the counts of a counter made by Fork.
func (c *Counter) Join(f *Counter) {
	for i := range c.want {
		for o, n := range f.want[i].counts {
			c.want[i].counts[o] += n
		}
	}
}

// Counts returns the counts of every wanted facet: facet → value → count.
func (c *Counter) Counts() map[string]map[string]int {
	out := make(map[string]map[string]int, len(c.want))
	for _, w := range c.want {
		m := map[string]int{}
		for o, n := range w.counts {
			if n > 0 && o > 0 { // ordinal 0 is no value
				m[c.cols.dict[w.name][o]] = n
			}
		}
		out[w.name] = m
	}
	return out
}

// Query wraps a text query for Bleve's searchers: its searcher filters and
// counts every match with a Counter. After the search, Counts holds the
// facet counts.
type Query struct {
	inner       query.Query
	cache       *Cache
	sel         Selection
	want        []string
	disjunctive bool
	counter     *Counter // set by the searcher
}

// NewQuery filters and counts the matches of inner, disjunctively or over
// the hits (see Counter and HitsCounter).
func NewQuery(inner query.Query, cache *Cache, sel Selection, want []string, disjunctive bool) *Query {
	return &Query{inner: inner, cache: cache, sel: sel, want: want, disjunctive: disjunctive}
}

// Counts returns the facet counts of the search the query ran in.
func (q *Query) Counts() map[string]map[string]int {
	if q.counter == nil {
		return map[string]map[string]int{}
	}
	return q.counter.Counts()
}

// Searcher implements query.Query.
func (q *Query) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	cols, err := q.cache.Get(ctx, r)
	if err != nil {
		return nil, err
	}
	inner, err := q.inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	c, err := q.sel.counter(cols, q.want, q.disjunctive)
	if err != nil {
		inner.Close()
		return nil, err
	}
	q.counter = c
	return &countingSearcher{inner: inner, c: c}, nil
}

// countingSearcher passes on the matches that pass the filters.
type countingSearcher struct {
	inner search.Searcher
	c     *Counter
}

func (s *countingSearcher) accept(m *search.DocumentMatch) bool {
	d, ok := DocNum(m.IndexInternalID)
	return ok && s.c.Accept(d)
}

func (s *countingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
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

func (s *countingSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.inner.Advance(ctx, id)
	for err == nil && m != nil && !s.accept(m) {
		ctx.DocumentMatchPool.Put(m)
		m, err = s.inner.Next(ctx)
	}
	return m, err
}

func (s *countingSearcher) Close() error               { return s.inner.Close() }
func (s *countingSearcher) Weight() float64            { return s.inner.Weight() }
func (s *countingSearcher) SetQueryNorm(n float64)     { s.inner.SetQueryNorm(n) }
func (s *countingSearcher) Count() uint64              { return s.inner.Count() }
func (s *countingSearcher) Min() int                   { return s.inner.Min() }
func (s *countingSearcher) Size() int                  { return s.inner.Size() }
func (s *countingSearcher) DocumentMatchPoolSize() int { return s.inner.DocumentMatchPoolSize() }
