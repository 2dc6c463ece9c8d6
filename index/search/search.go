// Package search answers search requests: a request is compiled once into
// a plan (text clauses, filters, facets, sort, page window), and one of two
// executors runs it — the direct path over postings lists for the common
// plans, Bleve's searchers for every other — after which the hits are
// loaded, highlighted and paged.
package search

import (
	"context"
	"errors"
	"time"

	"jippnas/content/markdown"
	"jippnas/index"
	"jippnas/index/facet"
)

// Config configures a Searcher. Zero values take the defaults.
type Config struct {
	// Markdown finds the section of a page a hit points to (default: the
	// store's renderer).
	Markdown *markdown.Renderer
	// BleveFacets counts facets with Bleve's facet builder instead of the
	// facet columns (for comparison in tests and benchmarks).
	BleveFacets bool
	// BleveSearch runs every plan through Bleve's searchers, never the
	// direct path (for comparison in tests and benchmarks).
	BleveSearch bool
}

// Searcher runs searches over an index. It is safe for concurrent use.
type Searcher struct {
	ix      *index.Index
	cfg     Config
	cols    facet.Cache // facet columns of the latest snapshot
	results resultCache // results per index version
	direct  *directExec
	bleve   *bleveExec
}

// New returns a searcher over ix.
func New(ix *index.Index, cfg Config) *Searcher {
	if cfg.Markdown == nil {
		cfg.Markdown = ix.Store().Markdown()
	}
	s := &Searcher{ix: ix, cfg: cfg}
	s.direct = &directExec{cols: &s.cols}
	s.bleve = &bleveExec{cols: &s.cols, bleveFacets: cfg.BleveFacets, log: ix.Logger()}
	return s
}

// fewResults is the hit count under which typo-tolerant matching and
// partial matches are tried.
const fewResults = 3

// Search runs a request against the live index.
func (s *Searcher) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	r.Normalize()
	p := compile(s.ix.Regions(), r)
	version := s.ix.Version()
	key := ""
	if !r.NoCache {
		key = p.key()
		if cached, ok := s.results.get(version, key); ok {
			res := *cached
			res.Took = time.Since(start)
			return &res, nil
		}
	}
	res, err := s.run(ctx, p)
	if err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	if key != "" {
		s.results.put(version, key, res)
	}
	return res, nil
}

func (s *Searcher) run(ctx context.Context, p *Plan) (*Result, error) {
	v := s.ix.Acquire()
	defer v.Release()
	out, err := s.execute(ctx, v, p)
	if err != nil {
		return nil, err
	}
	res := &Result{Page: p.Page, Size: p.Size, Applied: p.Applied, Query: p.Query, Terms: p.Text.terms()}
	if out.total < fewResults && !p.Text.empty() {
		if out, err = s.fallback(ctx, v, p, out, res); err != nil {
			return nil, err
		}
	}
	res.Total = out.total
	if (res.Total < fewResults || res.Fuzzy || res.Relaxed) && !p.Text.empty() {
		res.DidYouMean = didYouMean(v, p.Query)
	}
	if err := s.fillHits(res, out.hits, p); err != nil {
		return nil, err
	}
	if len(p.Facets) > 0 {
		res.Facets = map[string][]facet.Value{}
		for _, name := range p.Facets {
			res.Facets[name] = facet.Values(s.ix.Regions(), name, out.counts[name], p.Select.Filters)
		}
		if p.RegionDeferred {
			res.Facets[facet.Region] = []facet.Value{}
		}
	}
	return res, nil
}

// execute runs a plan on the direct path when it can, else on Bleve's.
func (s *Searcher) execute(ctx context.Context, v index.View, p *Plan) (*outcome, error) {
	if !s.cfg.BleveSearch {
		out, err := s.direct.run(ctx, v, p)
		if !errors.Is(err, errIneligible) {
			return out, err
		}
	}
	return s.bleve.run(ctx, v, p)
}

// fallback is tried when few or no documents have every word: first typo
// tolerance (every word still required, exact matches ranked above fuzzy
// ones), then partial matches. A fallback is kept only if it finds more;
// otherwise the strict plan stands, and so do its (disjunctive) facet
// counts. The probes count no facets: most are discarded.
func (s *Searcher) fallback(ctx context.Context, v index.View, p *Plan, strict *outcome, res *Result) (*outcome, error) {
	best, chosen := strict, p
	try := func(alt *Plan) (bool, error) {
		out, err := s.execute(ctx, v, alt.withoutFacets())
		if err != nil || out.total <= best.total {
			return false, err
		}
		best, chosen = out, alt
		return true, nil
	}
	fuzzable := p.Text.fuzzable()
	if fuzzable {
		ok, err := try(p.fuzzy())
		if err != nil {
			return nil, err
		}
		res.Fuzzy = ok
	}
	if best.total == 0 && len(p.Text.Must) > 1 {
		ok, err := try(p.relaxed(false))
		if err != nil {
			return nil, err
		}
		res.Relaxed = ok
		if !ok && fuzzable {
			if ok, err = try(p.relaxed(true)); err != nil {
				return nil, err
			}
			res.Relaxed, res.Fuzzy = ok, ok
		}
	}
	if chosen == p || len(p.Facets) == 0 {
		return best, nil
	}
	return s.execute(ctx, v, chosen)
}

// Count returns the number of documents matching filters only, used by
// statistics pages.
func (s *Searcher) Count(ctx context.Context, f facet.Filters) (uint64, error) {
	r := Request{Filters: f, Size: 1, NoFacets: true}
	r.Normalize()
	p := compile(s.ix.Regions(), r)
	v := s.ix.Acquire()
	defer v.Release()
	out, err := s.execute(ctx, v, p)
	if err != nil {
		return 0, err
	}
	return out.total, nil
}

// FacetCounts returns the counts of one facet over documents matching
// filters.
func (s *Searcher) FacetCounts(ctx context.Context, f facet.Filters, name string) ([]facet.Value, error) {
	res, err := s.Search(ctx, Request{Filters: f, Size: 1, Facets: []string{name}})
	if err != nil {
		return nil, err
	}
	return res.Facets[name], nil
}
