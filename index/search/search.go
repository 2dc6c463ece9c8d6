// Package search answers search requests: a request is compiled once into
// a plan (text clauses, filters, facets, sort, page window), and one of two
// executors runs it — the direct path over postings lists for the common
// plans, Bleve's searchers for every other — after which the hits are
// loaded, highlighted and paged.
package search

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"jippnas/index"
	"jippnas/index/facet"
)

// Config configures a Searcher. Zero values take the defaults.
type Config struct {
	// BleveFacets counts facets with Bleve's facet builder instead of the
	// facet columns (for comparison in tests and benchmarks).
	BleveFacets bool
	// BleveSearch runs every plan through Bleve's searchers, never the
	// direct path (for comparison in tests and benchmarks).
	BleveSearch bool
	// Synonyms is the synonym table applied to queries (default: the
	// shipped one, DefaultSynonyms); SetSynonyms replaces it.
	Synonyms *Synonyms
	// Thesaurus gives the words of questions related words as
	// alternatives (default: the shipped one, DefaultThesaurus).
	Thesaurus *Synonyms
	// NoThesaurus turns the thesaurus off.
	NoThesaurus bool
	// Rank holds the constants of the slot ranking.
	Rank RankConfig
	// PostingsCacheBytes bounds the memory of the decoded postings lists
	// of frequent terms the direct path keeps (default 384 MiB; negative:
	// no cache). PostingsCacheMin is how many postings a list needs in a
	// segment to be kept (default 4096).
	PostingsCacheBytes int64
	PostingsCacheMin   int
	// ShortPostingsCacheBytes bounds the decoded lists of 64 postings up
	// to PostingsCacheMin, kept apart so that they never take the frequent
	// lists' room (default 32 MiB; negative: none).
	ShortPostingsCacheBytes int64
	// ShownCacheBytes bounds the documents of result pages kept, decoded,
	// until the index changes (default 32 MiB; negative: none).
	ShownCacheBytes int64
	// ParallelMin is how many postings the words of a search need for its
	// scan to be split between goroutines, one per processor (default
	// 4096; negative: never, and a page's hits are loaded and
	// highlighted on one goroutine too).
	ParallelMin int
}

// Searcher runs searches over an index. It is safe for concurrent use.
type Searcher struct {
	ix       *index.Index
	cfg      Config
	cols     facet.Cache // facet columns of the latest snapshot
	lens     lengthCache // mean field lengths of the latest snapshot
	results  resultCache // results per index version
	terms    termCache   // postings lists of the latest snapshot's terms
	direct   *directExec
	bleve    *bleveExec
	compiler atomic.Pointer[compiler]
	thes     func() *Synonyms // the thesaurus of questions; nil: none
	running  atomic.Int32     // searches running (run), for fillHits' split
	shown    shownCache       // documents of result pages, per index version
	fuzzy    fuzzyBuilders    // automata of typo corrections
}

// New returns a searcher over ix.
func New(ix *index.Index, cfg Config) *Searcher {
	if cfg.Synonyms == nil {
		cfg.Synonyms = DefaultSynonyms()
	}
	s := &Searcher{ix: ix, cfg: cfg}
	s.shown.budget = cfg.ShownCacheBytes
	if s.shown.budget == 0 {
		s.shown.budget = defaultShownCacheBytes
	}
	switch {
	case cfg.NoThesaurus:
	case cfg.Thesaurus != nil:
		s.thes = func() *Synonyms { return cfg.Thesaurus }
	default:
		// Parsed on the first question (120 ms, 30 MiB), not at start:
		// many processes never get one. The shipped thesaurus is tested
		// (TestDefaultThesaurus); were it unreadable, questions would go
		// without it.
		s.thes = func() *Synonyms {
			t, _ := DefaultThesaurus()
			return t
		}
	}
	s.direct = newDirectExec(&s.cols, &s.lens, cfg)
	s.bleve = &bleveExec{cols: &s.cols, lens: &s.lens, bleveFacets: cfg.BleveFacets, log: ix.Logger()}
	s.SetSynonyms(cfg.Synonyms)
	return s
}

// SetSynonyms replaces the synonym table; searches from now on use it.
// Cached results of the old table are never served: the alternatives a
// table adds are part of a plan's key.
func (s *Searcher) SetSynonyms(t *Synonyms) {
	s.compiler.Store(newCompiler(s.ix.Regions(), t, s.thes, s.cfg.Rank))
}

// Synonyms is the table in use.
func (s *Searcher) Synonyms() *Synonyms { return s.compiler.Load().syn }

// fewResults is the hit count under which typo-tolerant matching is tried
// for a plan of the query language, if a word is unknown.
const fewResults = 3

// Search runs a request against the live index.
func (s *Searcher) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	r.Normalize()
	p := s.compiler.Load().compile(r)
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

// planState is what running a plan found besides its outcome.
type planState struct {
	terms   []string // analysed terms searched, for highlighting
	relaxed bool     // a keyword query's documents with every word did not fill the first page
	every   uint64   // how many documents hold every word (All plans)
	fuzzy   bool     // typo-tolerant matching was used
	typos   []string // the words taken for typos (nil with fuzzy: any unknown word)
}

func (s *Searcher) run(ctx context.Context, p *Plan) (*Result, error) {
	s.running.Add(1)
	defer s.running.Add(-1)
	version := s.ix.Version() // before the snapshot: documents kept under it are never older than the index
	v := s.ix.Acquire()
	defer v.Release()
	sn, err := openSnapshot(v, &s.terms, &s.fuzzy)
	if err != nil {
		return nil, err
	}
	defer sn.close()
	out, st, err := s.runPlan(ctx, v, sn, p)
	if err != nil {
		return nil, err
	}
	// Filters read from the words that leave nothing are given up, the
	// last read first, until the words alone are searched: understanding
	// never empties a result the words would fill.
	for n := len(p.Applied) - 1; out.total == 0 && n >= 0; n-- {
		p = p.withFilters(n)
		if out, st, err = s.runPlan(ctx, v, sn, p); err != nil {
			return nil, err
		}
	}
	// So are those under which no document holds every word while without
	// them some do ("akta kelahiran bali" where Bali has no such record):
	// what a search is about matters more than the place or year it names,
	// which then ranks as a boost.
	for n := len(p.Applied) - 1; st.relaxed && st.every == 0 && n >= 0; n-- {
		q := p.withFilters(n)
		o, qs, err := s.runPlan(ctx, v, sn, q)
		if err != nil {
			return nil, err
		}
		if qs.every > 0 {
			p, out, st = q, o, qs
		}
	}
	res := &Result{Page: p.Page, Size: p.Size, Applied: p.Applied, Boosts: p.Boosts, Query: p.Query, Terms: st.terms,
		Total: out.total, Relaxed: st.relaxed, Fuzzy: st.fuzzy}
	if st.fuzzy {
		res.DidYouMean = didYouMean(v, p.Query, st.typos)
	}
	if err := s.fillHits(version, res, out.hits, p); err != nil {
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

// runPlan resolves and runs a plan. A slot-ranked keyword query of several
// words ranks the documents that hold every word when they fill the first
// page, else those that hold any (Relaxed). The first page decides, not
// the page asked for, so that every page and cursor of a search ranks the
// same set.
func (s *Searcher) runPlan(ctx context.Context, v index.View, sn *snapshot, p *Plan) (*outcome, planState, error) {
	if p.Rank == nil {
		return s.runText(ctx, v, sn, p)
	}
	rk, rs, err := resolve(sn, p.Rank)
	if err != nil {
		return nil, planState{}, err
	}
	q := *p
	q.Rank = rk
	st := planState{terms: rk.textTerms(), fuzzy: len(rs.typos) > 0, typos: rs.typos}
	var out *outcome
	if rk.Answer != "" {
		out, err = s.executeAnswer(ctx, v, sn, &q)
	} else {
		out, err = s.execute(ctx, v, sn, &q)
	}
	if err != nil || !rk.All {
		return out, st, err
	}
	st.every = out.total
	if out.total >= uint64(q.Size) || q.NoRelax {
		return out, st, nil
	}
	anyOut, err := s.execute(ctx, v, sn, q.anyWord())
	if err != nil {
		return nil, st, err
	}
	if anyOut.total > out.total {
		out, st.relaxed = anyOut, true
	}
	return out, st, nil
}

// runText runs a plan of the query language, another order or no words.
// When few documents match and a word is one the index lacks, typo
// tolerance is tried (every word still required, exact matches ranked
// above fuzzy ones); it is kept only if it finds more. Its probe counts no
// facets.
func (s *Searcher) runText(ctx context.Context, v index.View, sn *snapshot, p *Plan) (*outcome, planState, error) {
	st := planState{terms: p.Text.terms()}
	out, err := s.execute(ctx, v, sn, p)
	if err != nil || out.total >= fewResults || p.Text.empty() || !p.Text.fuzzable() {
		return out, st, err
	}
	unknown, err := sn.unknownTerm(st.terms)
	if err != nil || !unknown {
		return out, st, err
	}
	fz := p.fuzzy()
	probe, err := s.execute(ctx, v, sn, fz.withoutFacets())
	if err != nil || probe.total <= out.total {
		return out, st, err
	}
	st.fuzzy = true
	if len(p.Facets) == 0 {
		return probe, st, nil
	}
	out, err = s.execute(ctx, v, sn, fz)
	return out, st, err
}

// execute runs a plan on the direct path when it can, else on Bleve's.
func (s *Searcher) execute(ctx context.Context, v index.View, sn *snapshot, p *Plan) (*outcome, error) {
	if !s.cfg.BleveSearch {
		out, err := s.direct.run(ctx, sn, p)
		if !errors.Is(err, errIneligible) {
			return out, err
		}
	}
	return s.bleve.run(ctx, v, p)
}

// Count returns the number of documents matching filters only, used by
// statistics pages.
func (s *Searcher) Count(ctx context.Context, f facet.Filters) (uint64, error) {
	r := Request{Filters: f, Size: 1, NoFacets: true}
	r.Normalize()
	p := s.compiler.Load().compile(r)
	v := s.ix.Acquire()
	defer v.Release()
	out, err := s.execute(ctx, v, nil, p)
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
