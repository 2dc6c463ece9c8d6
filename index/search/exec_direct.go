package search

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index"
	"jippnas/index/facet"
	"jippnas/index/postings"
)

// directExec runs slot-ranked plans (rank.go) straight over the postings
// lists of the snapshot's segments instead of through Bleve's searcher
// tree. It computes what bleveExec computes for the same plan (the same
// matches, facet counts and scores: both call the rank model), but one
// document costs a few posting reads and additions: no document-match
// objects, no byte-slice ids, no heap of child searchers. A matcher finds
// the documents, the facet counter filters and counts them, a scorer
// scores them and a collector keeps the best, reading the positions for
// the lead only for a document that could still enter the page.
type directExec struct {
	cols     *facet.Cache
	lens     *lengthCache
	postings *postings.Cache // nil: off
	// postingsMin is how many postings a list needs in a segment to be
	// kept in postings.
	postingsMin uint64
	// short keeps the decoded lists of shortMin to postingsMin postings
	// apart, under a budget of their own: walking them decoded still
	// halves what zap's iterator costs (at 10k documents, where few lists
	// reach postingsMin, searches took 22–25 % less time), but sharing one
	// budget let them take the frequent lists' room at 1M (p50 3.6–4.6 →
	// 5.8–6.3 ms). Nil: off.
	short    *postings.Cache
	shortMin uint64 // defaultShortMin; tests lower it
	// parallelMin is how many postings a plan's words need for its scan
	// to be split between goroutines (see workers).
	parallelMin uint64
	scanning    atomic.Int32 // scans running, split or not
}

// Defaults of the postings cache (Config.PostingsCacheBytes,
// Config.PostingsCacheMin). The budget holds the frequent words' lists of
// a million documents: at 1M, 384 MiB gave p99 39–40 ms against 55–57 with
// 64 MiB, for 60–90 MB more memory. At 100k it buys nothing either way
// (p50 2.19–2.67 ms with 64 MiB against 2.75–2.85, anonymous memory
// 411–491 MB against 485–490, same data directory, 2026-12-06).
const (
	defaultPostingsCacheBytes = 384 << 20
	defaultPostingsCacheMin   = 4096
	defaultShortCacheBytes    = 32 << 20
	defaultShortMin           = 64
	defaultParallelMin        = 4096
	maxScanWorkers            = 4
)

// defaultParallelMin was 16,384 when a median search took 2.3 ms at 100k
// documents. At 0.5 ms, splitting the scans of searches from 4,096
// postings on gave, at 100k (same index, two runs each), p50 as the peers
// 0.47–0.55 ms against 0.57–0.69 and of the full search 0.98–1.01 against
// 1.07–1.12, two clients' throughput unchanged (1,015–1,043 QPS against
// 994–1,031); at 10k p50 0.14 against 0.15 ms (docs/benchmarks.md,
// 2026-12-07, sixth session).

// newDirectExec returns the direct path with the postings caches and the
// scan split of cfg (PostingsCacheBytes, PostingsCacheMin,
// ShortPostingsCacheBytes, ParallelMin); zero values take the defaults.
func newDirectExec(cols *facet.Cache, lens *lengthCache, cfg Config) *directExec {
	budget, min, short, parallel := cfg.PostingsCacheBytes, cfg.PostingsCacheMin, cfg.ShortPostingsCacheBytes, cfg.ParallelMin
	if budget == 0 {
		budget = defaultPostingsCacheBytes
	}
	if min <= 0 {
		min = defaultPostingsCacheMin
	}
	if short == 0 {
		short = defaultShortCacheBytes
	}
	e := &directExec{cols: cols, lens: lens, postings: postings.New(budget), postingsMin: uint64(min),
		shortMin: defaultShortMin, parallelMin: defaultParallelMin}
	if e.postings != nil && min > defaultShortMin {
		e.short = postings.New(short)
	}
	switch {
	case parallel < 0:
		e.parallelMin = math.MaxUint64
	case parallel > 0:
		e.parallelMin = uint64(parallel)
	}
	return e
}

func (e *directExec) run(ctx context.Context, sn *snapshot, p *Plan) (*outcome, error) {
	if p.Rank == nil || p.Sort != SortRelevance || sn == nil {
		return nil, errIneligible
	}
	e.postings.Retain(sn.snap)
	e.short.Retain(sn.snap)
	cols, err := e.cols.Get(ctx, sn.reader)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, errIneligible // Bleve's path has its own facets
	}
	counter, err := p.Select.Counter(cols, p.Facets)
	if p.FacetsOfHits {
		counter, err = p.Select.HitsCounter(cols, p.Facets)
	}
	if err != nil {
		return nil, err
	}
	means, err := e.lens.get(ctx, sn.reader)
	if err != nil {
		return nil, err
	}
	model, err := newRankModel(p.Rank, sn.n, sn.df, means)
	if err != nil {
		return nil, err
	}
	keep, after, err := pageWindow(p)
	if err != nil {
		return nil, err
	}
	out, err := e.scan(ctx, sn, p.Rank, model, counter, counter.Candidates(), keep, after)
	if err != nil {
		return nil, err
	}
	if after == nil {
		out.hits = out.hits[min((p.Page-1)*p.Size, len(out.hits)):]
	}
	out.counts = counter.Counts()
	return out, nil
}

// scan runs the plan over every segment: the matcher finds the documents,
// the counter filters and counts them, the scorer scores those that pass
// and a collector keeps the keep best below the cursor after. A plan that
// reads many postings is scanned on several goroutines (see workers), each
// taking the largest segment left, with a counter and a collector of its
// own; their totals, counts and hits are then joined. The result is the
// same as on one goroutine: the best hits of all are among the best of
// each, and hits rank by score, then id.
func (e *directExec) scan(ctx context.Context, sn *snapshot, rk *Ranking, model *rankModel, counter *facet.Counter, cand *roaring.Bitmap, keep int, after *topHit) (*outcome, error) {
	out := &outcome{}
	if sn.n == 0 {
		return out, nil
	}
	bases := make([]uint64, len(sn.segs)) // each segment's first document number in the snapshot
	var base uint64
	for si, ss := range sn.segs {
		bases[si] = base
		base += ss.Segment().Count()
	}
	e.scanning.Add(1)
	defer e.scanning.Add(-1)
	workers, err := e.workers(sn, model, cand)
	if err != nil {
		return nil, err
	}
	col := newCollector(sn.segs, keep, after)
	if workers <= 1 {
		for si := range sn.segs {
			n, err := e.scanSegment(ctx, sn, si, bases[si], rk, model, counter, cand, col)
			if err != nil {
				return nil, err
			}
			out.total += n
		}
		return e.ranked(out, col)
	}
	order := make([]int, len(sn.segs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return sn.segs[order[a]].Segment().Count() > sn.segs[order[b]].Segment().Count()
	})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type share struct {
		total   uint64
		counter *facet.Counter
		col     *collector
	}
	shares := make([]share, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed sync.Once // the first error is the cause; the others are the cancellation it brings
	var scanErr error
	fail := func(err error) {
		failed.Do(func() { scanErr = err })
		cancel()
	}
	for w := range shares {
		sh := &shares[w]
		sh.counter, sh.col = counter.Fork(), newCollector(sn.segs, keep, after)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(order); i = int(next.Add(1)) - 1 {
				si := order[i]
				n, err := e.scanSegment(ctx, sn, si, bases[si], rk, model, sh.counter, cand, sh.col)
				if err != nil {
					fail(err)
					return
				}
				sh.total += n
			}
		}()
	}
	wg.Wait()
	if scanErr != nil {
		return nil, scanErr
	}
	for i := range shares {
		sh := &shares[i]
		if sh.col.top.err != nil {
			return nil, sh.col.top.err
		}
		out.total += sh.total
		counter.Join(sh.counter)
		for _, h := range sh.col.top.h {
			col.collect(h)
		}
	}
	return e.ranked(out, col)
}

// scanSegment scans segment si, whose first document is base in the
// snapshot, and returns how many documents passed the counter. The
// counter's candidates (nil: every document) drive the matcher where
// they are fewer than the postings it would walk.
func (e *directExec) scanSegment(ctx context.Context, sn *snapshot, si int, base uint64, rk *Ranking, model *rankModel, counter *facet.Counter, cand *roaring.Bitmap, col *collector) (uint64, error) {
	m, sc, err := e.segment(sn, si, base, rk, model, cand)
	if err != nil {
		return 0, err
	}
	var total uint64
	// Without filters every match passes, and its facets are counted in
	// batches (CountAll).
	var batch []uint64
	if counter.Filterless() {
		batch = make([]uint64, 0, countBatch)
		defer func() { counter.CountAll(batch) }()
	}
	for visited := 1; m != nil; visited++ {
		if err := cancelled(ctx, visited); err != nil {
			return 0, err
		}
		doc, ok, err := m.next()
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		if batch != nil {
			if len(batch) == countBatch {
				counter.CountAll(batch)
				batch = batch[:0]
			}
			batch = append(batch, base+doc)
		} else if !counter.Accept(base + doc) {
			continue
		}
		total++
		score, bound, pruned, err := sc.score(doc, col.floor())
		if err != nil {
			return 0, err
		}
		if pruned {
			continue
		}
		if err := col.collectBounded(topHit{score: score, seg: si, local: doc}, bound,
			func() (float64, error) { return sc.leadOf(doc) }); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// countBatch is how many matches' facets CountAll counts at once.
const countBatch = 256

// ranked adds the collector's hits, best first, to out.
func (e *directExec) ranked(out *outcome, col *collector) (*outcome, error) {
	ranked, err := col.ranked()
	for _, h := range ranked {
		out.hits = append(out.hits, hit{id: h.id, score: h.score, sort: []string{strconv.FormatFloat(h.score, 'g', -1, 64), h.id}})
	}
	return out, err
}

// workers is how many goroutines scan the plan: one unless its words'
// postings (or twice the filters' candidates, if fewer) number parallelMin
// or more, else as many as there are idle processors, segments and at most
// maxScanWorkers. Splitting a scan costs
// two goroutines and a join, a few microseconds, and pays back only on a
// scan of milliseconds.
func (e *directExec) workers(sn *snapshot, model *rankModel, cand *roaring.Bitmap) (int, error) {
	// Processors other scans hold are not idle: under load a split only
	// adds its cost (two clients at 1M: 8 % fewer searches a second).
	idle := runtime.GOMAXPROCS(0) - int(e.scanning.Load()) + 1
	n := min(idle, len(sn.segs), maxScanWorkers)
	if n <= 1 {
		return 1, nil
	}
	var cost uint64
	for _, t := range model.terms {
		df, err := sn.df(index.FieldText, t.term)
		if err != nil {
			return 0, err
		}
		cost += df
	}
	if cand != nil {
		// Candidates bound what a scan walks (at most: a segment may
		// leave them aside, see candidatesDrive).
		cost = min(cost, 2*cand.GetCardinality())
	}
	if cost < e.parallelMin {
		return 1, nil
	}
	return n, nil
}

// segment opens the matcher and scorer of one segment, whose first
// document is base in the snapshot; the matcher is nil when no document
// of the segment can match. The counter's candidates cand (nil: every
// document) drive the matcher where they are fewer than the postings it
// would walk.
func (e *directExec) segment(sn *snapshot, si int, base uint64, rk *Ranking, model *rankModel, cand *roaring.Bitmap) (*rankMatcher, *rankScorer, error) {
	// All with only optional slots requires none of them: any slot.
	m := &rankMatcher{all: rk.All && slices.ContainsFunc(model.slots, func(s modelSlot) bool { return !s.optional })}
	cursor := e.opener(sn.segs[si], model.needsLead())
	sc := &rankScorer{m: model, obs: model.newObs(), lead: make([]*cursorIter, len(model.terms)), open: cursor}
	matches := postings.Walks // set below, before open is first called
	open := func(field, term string) (*cursorIter, error) {
		tl, err := sn.postings(field, term)
		if err != nil {
			return nil, err
		}
		return cursor(field, term, tl.lists[si], wantPostings, matches)
	}
	textWant := wantPostings
	if model.needsLead() {
		textWant = wantLead
	}
	// The text postings of every term, looked up once for both loops below.
	tls := make([]*termLists, len(model.terms))
	for ti, t := range model.terms {
		tl, err := sn.postings(index.FieldText, t.term)
		if err != nil {
			return nil, nil, err
		}
		tls[ti] = tl
	}
	if m.all {
		// A required slot none of whose alternatives the segment holds
		// whole: no document of it matches, and nothing need be opened.
		for _, s := range model.slots {
			if s.optional {
				continue
			}
			held := false
			for _, ei := range s.exprs {
				whole := true
				for _, ti := range model.exprs[ei].terms {
					whole = whole && tls[ti].lists[si] != nil
				}
				held = held || whole
			}
			if !held {
				return nil, sc, nil
			}
		}
	}
	// Each term's postings, each slot's (its alternatives', an
	// alternative's being its rarest term's), and the most documents the
	// matcher can yield: the rarest required slot's postings, or every
	// slot's. A cursor sought only at those need not be decoded when its
	// list is far longer (opener).
	counts := make([]uint64, len(model.terms))
	for ti, tl := range tls {
		if l := tl.lists[si]; l != nil {
			counts[ti] = l.Count() // not free with deletions: counted once
		}
	}
	if !m.all {
		matches = 0
	}
	slotCosts := make([]uint64, len(model.slots)) // the postings a slot may visit: how rare it is
	for k, s := range model.slots {
		for _, ei := range s.exprs {
			cost := ^uint64(0)
			for _, ti := range model.exprs[ei].terms {
				cost = min(cost, counts[ti])
			}
			slotCosts[k] += cost
		}
		switch {
		case !m.all:
			matches += slotCosts[k]
		case !s.optional:
			matches = min(matches, slotCosts[k])
		}
	}
	textSeeks := postings.Walks // a term of a union walks its list
	if m.all {
		textSeeks = matches
	}
	// matches is also the postings the matcher would walk: where fewer
	// candidates drive it, they bound every cursor's seeks.
	in, drive := candidatesDrive(cand, base, sn.segs[si].Segment().Count(), matches)
	if drive {
		matches, textSeeks = in, in
	}
	// A title cursor is opened when the scorer first seeks it: a segment
	// whose matcher finds nothing needs none.
	sc.openTitle = func(term string) (*cursorIter, error) { return open(index.FieldTitle, term) }
	for k, s := range model.slots {
		it := &slotIter{cost: slotCosts[k]}
		for _, ei := range s.exprs {
			ex := &exprIter{}
			for _, ti := range model.exprs[ei].terms {
				term, tl := model.terms[ti].term, tls[ti]
				c, err := cursor(index.FieldText, term, tl.lists[si], textWant, textSeeks)
				if err != nil {
					return nil, nil, err
				}
				if textWant == wantLead && c.positions() {
					sc.lead[ti] = c // the lead reads this cursor's positions: no second walk
				}
				ex.terms = append(ex.terms, c)
				sc.text, sc.title, sc.lists = append(sc.text, c), append(sc.title, nil), append(sc.lists, tl.lists[si])
				ex.done = ex.done || c.done
			}
			it.exprs = append(it.exprs, ex)
			sc.exprs = append(sc.exprs, ex)
		}
		if len(it.exprs) == 1 && len(it.exprs[0].terms) == 1 {
			it.one = it.exprs[0].terms[0]
		}
		m.slots = append(m.slots, it)
	}
	for bi, b := range model.boosts {
		sc.boosts = append(sc.boosts, nil)
		for _, term := range b.terms {
			c, err := open(b.field, term)
			if err != nil {
				return nil, nil, err
			}
			sc.boosts[bi] = append(sc.boosts[bi], c)
		}
	}
	for _, term := range rk.Not {
		c, err := open(index.FieldText, term)
		if err != nil {
			return nil, nil, err
		}
		m.not = append(m.not, c)
	}
	any := false
	for k, s := range m.slots {
		if m.all && model.slots[k].optional {
			m.optional = append(m.optional, s)
			any = any || s.cost > 0
			continue
		}
		if s.cost == 0 && m.all {
			return nil, sc, nil // a required slot no document of the segment matches
		}
		any = any || s.cost > 0
		m.order = append(m.order, k)
	}
	if !any {
		return nil, sc, nil
	}
	sort.SliceStable(m.order, func(a, b int) bool { return m.slots[m.order[a]].cost < m.slots[m.order[b]].cost })
	if drive {
		m.cand, m.candBase = cand.Iterator(), base
	}
	m.flatten()
	if m.all && len(m.optional) == 0 && !slices.ContainsFunc(m.slots, func(s *slotIter) bool { return len(s.exprs) != 1 }) {
		sc.holdAll() // every match holds each slot's one alternative
	}
	return m, sc, nil
}

// cursorOpener opens a cursor on a term's postings list pl in one
// segment (nil where the term is absent), with what want says; seeks is
// the most documents it will be sought to (^0: it may walk its list).
type cursorOpener func(field, term string, pl segment.PostingsList, want cursorWant, seeks uint64) (*cursorIter, error)

// cursorWant says what a cursor is opened for.
type cursorWant int

const (
	wantPostings  cursorWant = iota // documents, frequencies, norms
	wantPositions                   // and first positions (the lead's cursor)
	// wantLead: a text term's cursor of a ranking with a lead, which
	// gives the first positions too where that costs no second walk of
	// the list: a kept list decoded with them, or an iterator whose
	// locations are read only for the postings asked (jzap).
	wantLead
)

// opener returns the cursorOpener of a segment: a list long enough walks
// its decoded copy in the postings cache, any other zap's iterator. With
// firsts (the ranking has a lead), a text list the cache decodes keeps its
// first positions too, in the same walk. A cursor with positions (the
// lead's, which seeks only the few documents that could still enter the
// page) uses a kept list that has them, and otherwise zap's iterator: it
// neither counts as a request nor decodes a list, which at 1M documents,
// with more frequent lists than the cache holds, cost a third of the
// search time.
func (e *directExec) opener(ss *scorch.SegmentSnapshot, firsts bool) cursorOpener {
	return func(field, term string, pl segment.PostingsList, want cursorWant, seeks uint64) (*cursorIter, error) {
		lead := want == wantLead
		if pl == nil || e.postings == nil {
			return newCursor(pl, want != wantPostings), nil
		}
		if want == wantPositions {
			d := e.postings.Kept(ss.Segment(), field, term)
			if d == nil {
				d = e.short.Kept(ss.Segment(), field, term)
			}
			if d != nil {
				return newCachedCursor(d, ss.Deleted(), true), nil
			}
			return newCursor(pl, true), nil
		}
		n := pl.Count() // not free with deletions: counted once
		c := e.postings
		if n < e.postingsMin {
			if n < e.shortMin || e.short == nil {
				return newCursor(pl, lead), nil
			}
			c = e.short
		}
		d, err := c.LoadSought(ss.Segment(), field, term, n, firsts && field == index.FieldText, seeks)
		if err != nil {
			return nil, err
		}
		if d == nil {
			return newCursor(pl, lead), nil
		}
		return newCachedCursor(d, ss.Deleted(), lead), nil
	}
}

// pageWindow is how many hits the collector keeps, and the cursor's position
// if the plan continues from one (search_after on score, then id).
func pageWindow(p *Plan) (int, *topHit, error) {
	if p.Cursor == "" {
		return p.Size * p.Page, nil, nil
	}
	after, err := relevanceCursor(p.Cursor)
	if err != nil {
		return 0, nil, err
	}
	return p.Size, &after, nil
}
