package index

import (
	"container/heap"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/analyzers"
	"jippnas/content"
)

// The common search — words that must all appear, perhaps some excluded
// words and filters, ranked by relevance — is run here straight over the
// postings lists of the snapshot's segments instead of through Bleve's
// searcher tree. It computes the same thing as textQuery under Bleve (the
// same matches, facet counts and BM25 scores, title and summary boosts,
// coordination factor and query norm included), but one document costs a
// few posting reads and additions: no document-match objects, no byte-slice
// ids, no heap of child searchers. Anything else (phrases, OR, typo
// tolerance, other sort orders) goes to Bleve. TestDirectSearchMatchesBleve
// holds the two paths to the same answers.

// directPlan is an eligible query, analysed.
type directPlan struct {
	must    []string // terms required in the text field
	mustNot []string // terms excluded from the text field
	phrase  []phraseSlot
}

// phraseSlot is one position of the title phrase bonus; an empty term is a
// gap left by a removed word.
type phraseSlot struct {
	term string
	pos  int
}

// planDirect reports whether the request can take the direct path.
func planDirect(r *Request, p *parsedQuery) (*directPlan, bool) {
	if r.Sort != SortRelevance || p.empty() {
		return nil, false
	}
	plan := &directPlan{}
	for _, c := range p.must {
		if len(c.alts) != 1 || c.alts[0].phrase != "" || len(c.alts[0].terms) != 1 {
			return nil, false
		}
		plan.must = append(plan.must, c.alts[0].terms[0])
	}
	for _, a := range p.mustNot {
		if a.phrase != "" || len(a.terms) != 1 {
			return nil, false
		}
		plan.mustNot = append(plan.mustNot, a.terms[0])
	}
	if len(p.must) > 1 && p.plain != "" {
		toks := analyse(analyzers.ExactAnalyzerName, p.plain)
		if len(toks) == 0 {
			return nil, false
		}
		first, last := toks[0].Position, -1
		for _, t := range toks {
			if t.Position == last {
				return nil, false // several words at one position: a multi-phrase
			}
			last = t.Position
			plan.phrase = append(plan.phrase, phraseSlot{term: t.Term, pos: t.Position - first})
		}
	}
	return plan, true
}

// scoredTerm is one term query of the plan with its Bleve scoring factors.
type scoredTerm struct {
	boost  float64
	idf    float64
	avgLen float64
	weight float64 // boost × idf × query norm
	lists  []segment.PostingsList
}

func (t *scoredTerm) score(freq uint64, norm float64) float64 {
	tf := math.Sqrt(float64(freq))
	fieldLen := 1 / (norm * norm)
	return t.idf * (tf * search.BM25_k1) / (tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*fieldLen/t.avgLen)) * t.weight
}

// cursorIter walks one postings list, remembering where it stands, so that
// it can be asked for documents in increasing order.
type cursorIter struct {
	it   segment.PostingsIterator
	doc  uint64
	freq uint64
	norm float64
	locs []segment.Location
	done bool
	at   bool // doc holds a posting
}

func newCursor(pl segment.PostingsList, locs bool) *cursorIter {
	if pl == nil || pl.Count() == 0 {
		return &cursorIter{done: true}
	}
	return &cursorIter{it: pl.Iterator(true, true, locs, nil)}
}

func (c *cursorIter) take(p segment.Posting, err error) error {
	if err != nil {
		return err
	}
	if p == nil {
		c.done, c.at = true, false
		return nil
	}
	c.doc, c.freq, c.norm, c.at = p.Number(), p.Frequency(), p.Norm(), true
	c.locs = p.Locations()
	return nil
}

func (c *cursorIter) next() error { return c.take(c.it.Next()) }

// seek moves to the first posting at or after doc and reports whether it
// is doc itself.
func (c *cursorIter) seek(doc uint64) (bool, error) {
	if c.done {
		return false, nil
	}
	if !c.at || c.doc < doc {
		if err := c.take(c.it.Advance(doc)); err != nil {
			return false, err
		}
	}
	return !c.done && c.doc == doc, nil
}

// topHit is a ranked candidate; its id is read only when needed.
type topHit struct {
	score  float64
	seg    int
	local  uint64 // in the segment
	global uint64 // in the snapshot
	id     string
}

// topHits is a min-heap on (score, then id descending): its root is the
// worst hit kept.
type topHits struct {
	h    []topHit
	segs []*scorch.SegmentSnapshot
	err  error
}

func (t *topHits) Len() int { return len(t.h) }
func (t *topHits) Less(i, j int) bool {
	a, b := &t.h[i], &t.h[j]
	if a.score != b.score {
		return a.score < b.score
	}
	return t.idOf(a) > t.idOf(b)
}
func (t *topHits) Swap(i, j int) { t.h[i], t.h[j] = t.h[j], t.h[i] }
func (t *topHits) Push(x any)    { t.h = append(t.h, x.(topHit)) }
func (t *topHits) Pop() any {
	x := t.h[len(t.h)-1]
	t.h = t.h[:len(t.h)-1]
	return x
}

func (t *topHits) idOf(h *topHit) string {
	if h.id == "" {
		b, err := t.segs[h.seg].DocID(h.local)
		if err != nil && t.err == nil {
			t.err = err
		}
		h.id = string(b)
	}
	return h.id
}

// better reports whether a candidate outranks the worst hit kept.
func (t *topHits) better(c *topHit) bool {
	w := &t.h[0]
	if c.score != w.score {
		return c.score > w.score
	}
	return t.idOf(c) < t.idOf(w)
}

// directSearch runs plan over the live generation. ok is false when the
// index cannot take this path (then nothing was done).
func (ix *Index) directSearch(ctx context.Context, g *generation, r *Request, plan *directPlan) (sr *bleve.SearchResult, fq *facetQuery, ok bool, err error) {
	adv, err := g.idx.Advanced()
	if err != nil {
		return nil, nil, false, nil
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, nil, false, err
	}
	defer reader.Close()
	snap, isSnap := reader.(*scorch.IndexSnapshot)
	if !isSnap {
		return nil, nil, false, nil
	}
	cols, err := ix.columns.get(ctx, reader)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, false, err
		}
		return nil, nil, false, nil // Bleve's path has its own facets
	}
	fq = &facetQuery{ix: ix, r: r, want: r.Facets}
	counter, err := fq.counter(cols)
	if err != nil {
		return nil, nil, false, err
	}
	segs := snap.Segments()
	n, err := snap.DocCount()
	if err != nil {
		return nil, nil, false, err
	}
	sr = &bleve.SearchResult{Hits: search.DocumentMatchCollection{}}
	if n == 0 {
		return sr, fq, true, nil
	}

	// The term queries of textQuery, with Bleve's statistics: document
	// frequency over live documents, average field length as Bleve
	// estimates it (distinct terms per document).
	avgLen := map[string]float64{}
	newTerm := func(field, term string, boost float64) (*scoredTerm, error) {
		al, seen := avgLen[field]
		if !seen {
			card, err := snap.FieldCardinality(field)
			if err != nil {
				return nil, err
			}
			al = math.Ceil(float64(card) / float64(n))
			avgLen[field] = al
		}
		t := &scoredTerm{boost: boost, avgLen: al, lists: make([]segment.PostingsList, len(segs))}
		var df uint64
		for i, ss := range segs {
			dict, err := ss.Segment().Dictionary(field)
			if err != nil {
				return nil, err
			}
			pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			t.lists[i] = pl
			if pl != nil {
				df += pl.Count()
			}
		}
		t.idf = idf(n, df) // Bleve's BM25 idf
		return t, nil
	}
	var must, should, phrase, not []*scoredTerm
	add := func(dst *[]*scoredTerm, field string, boost float64, words ...string) error {
		for _, w := range words {
			t, err := newTerm(field, w, boost)
			if err != nil {
				return err
			}
			*dst = append(*dst, t)
		}
		return nil
	}
	err = add(&must, fieldText, 1, plan.must...)
	for _, w := range plan.must {
		for _, f := range boostFields {
			if err == nil {
				err = add(&should, f.name, f.boost, w)
			}
		}
	}
	for _, slot := range plan.phrase {
		if err == nil {
			err = add(&phrase, fieldTitleExact, titlePhraseBoost, slot.term)
		}
	}
	if err == nil {
		err = add(&not, fieldText, 1, plan.mustNot...)
	}
	if err != nil {
		return nil, nil, false, err
	}
	// Bleve's query norm: one over the root of the summed squared weights
	// of every term query, must and should alike.
	sumSq := 0.0
	for _, ts := range [][]*scoredTerm{must, should, phrase} {
		for _, t := range ts {
			sumSq += (t.boost * t.idf) * (t.boost * t.idf)
		}
	}
	qn := 1 / math.Sqrt(sumSq)
	for _, ts := range [][]*scoredTerm{must, should, phrase} {
		for _, t := range ts {
			t.weight = t.boost * t.idf * qn
		}
	}
	shouldTotal := float64(len(should))
	if len(phrase) > 0 {
		shouldTotal++
	}

	keep := max(r.Size*r.Page, 1)
	top := &topHits{segs: segs}
	// search_after: only hits ranked below the cursor's (score, id).
	var after *topHit
	if r.Cursor != "" {
		vals, err := decodeCursor(r.Cursor)
		if err != nil {
			return nil, nil, false, err
		}
		if len(vals) != 2 {
			return nil, nil, false, fmt.Errorf("cursor does not match sort %q: %w", r.Sort, content.ErrInvalid)
		}
		score, err := strconv.ParseFloat(vals[0], 64)
		if err != nil {
			return nil, nil, false, fmt.Errorf("malformed cursor: %w", content.ErrInvalid)
		}
		after = &topHit{score: score, id: vals[1]}
		keep = max(r.Size, 1)
	}
	var total uint64
	var offset uint64
	for si, ss := range segs {
		base := offset
		offset += ss.Segment().Count()
		// Rarest term first: it drives, the others are sought.
		iters := make([]*cursorIter, len(must))
		skip := false
		for i, t := range must {
			iters[i] = newCursor(t.lists[si], false)
			if iters[i].done {
				skip = true
			}
		}
		if skip {
			continue
		}
		order := make([]int, len(must))
		for i := range order {
			order[i] = i
		}
		for i := 1; i < len(order); i++ {
			for j := i; j > 0 && must[order[j]].lists[si].Count() < must[order[j-1]].lists[si].Count(); j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		shouldIt := make([]*cursorIter, len(should))
		for i, t := range should {
			shouldIt[i] = newCursor(t.lists[si], false)
		}
		phraseIt := make([]*cursorIter, len(phrase))
		for i, t := range phrase {
			phraseIt[i] = newCursor(t.lists[si], true)
		}
		notIt := make([]*cursorIter, len(not))
		for i, t := range not {
			notIt[i] = newCursor(t.lists[si], false)
		}
		lead := iters[order[0]]
		if err := lead.next(); err != nil {
			return nil, nil, false, err
		}
		visited := 0
		for !lead.done {
			visited++
			if visited%4096 == 0 && ctx.Err() != nil {
				return nil, nil, false, ctx.Err()
			}
			doc := lead.doc
			// Leapfrog: every other list must hold doc too.
			agreed := true
			for _, k := range order[1:] {
				hit, err := iters[k].seek(doc)
				if err != nil {
					return nil, nil, false, err
				}
				if iters[k].done {
					lead.done = true
					agreed = false
					break
				}
				if !hit {
					agreed = false
					if err := lead.take(lead.it.Advance(iters[k].doc)); err != nil {
						return nil, nil, false, err
					}
					break
				}
			}
			if !agreed {
				continue
			}
			excluded := false
			for _, c := range notIt {
				hit, err := c.seek(doc)
				if err != nil {
					return nil, nil, false, err
				}
				if hit {
					excluded = true
					break
				}
			}
			if !excluded && counter.acceptDoc(base+doc) {
				total++
				score := 0.0
				for i, t := range must {
					score += t.score(iters[i].freq, iters[i].norm)
				}
				matched, extra := 0, 0.0
				for i, c := range shouldIt {
					hit, err := c.seek(doc)
					if err != nil {
						return nil, nil, false, err
					}
					if hit {
						matched++
						extra += should[i].score(c.freq, c.norm)
					}
				}
				if len(phraseIt) > 0 {
					ps, hit, err := phraseScore(phraseIt, phrase, plan.phrase, doc)
					if err != nil {
						return nil, nil, false, err
					}
					if hit {
						matched++
						extra += ps
					}
				}
				if matched > 0 {
					score += extra * float64(matched) / shouldTotal
				}
				c := topHit{score: score, seg: si, local: doc, global: base + doc}
				if after != nil && (c.score > after.score || (c.score == after.score && top.idOf(&c) <= after.id)) {
					// at or above the cursor: shown on an earlier page
				} else if top.Len() < keep {
					heap.Push(top, c)
				} else if top.better(&c) {
					top.h[0] = c
					heap.Fix(top, 0)
				}
			}
			if err := lead.next(); err != nil {
				return nil, nil, false, err
			}
		}
	}
	if top.err != nil {
		return nil, nil, false, top.err
	}
	ranked := make([]topHit, top.Len())
	for i := len(ranked) - 1; i >= 0; i-- {
		ranked[i] = heap.Pop(top).(topHit)
	}
	from := (r.Page - 1) * r.Size
	if after != nil {
		from = 0
	}
	sr.Total = total
	for _, h := range ranked[min(from, len(ranked)):] {
		id := top.idOf(&h)
		sr.Hits = append(sr.Hits, &search.DocumentMatch{
			ID: id, Score: h.score,
			IndexInternalID: binary.BigEndian.AppendUint64(nil, h.global),
			Sort:            []string{"_score", id}, DecodedSort: []string{strconv.FormatFloat(h.score, 'g', -1, 64), id},
		})
	}
	if top.err != nil {
		return nil, nil, false, top.err
	}
	return sr, fq, true, nil
}

// phraseScore reports whether the title holds the phrase at doc, and its
// score (the sum of its term scores, as Bleve's phrase searcher gives).
func phraseScore(its []*cursorIter, terms []*scoredTerm, slots []phraseSlot, doc uint64) (float64, bool, error) {
	for _, c := range its {
		hit, err := c.seek(doc)
		if err != nil || !hit {
			return 0, false, err
		}
	}
	// Positions of the first term that the other terms continue.
	found := false
	for _, l0 := range its[0].locs {
		start := int(l0.Pos()) - slots[0].pos
		all := true
		for i := 1; i < len(its) && all; i++ {
			want := uint64(start + slots[i].pos)
			in := false
			for _, l := range its[i].locs {
				if l.Pos() == want && slices.Equal(l.ArrayPositions(), l0.ArrayPositions()) {
					in = true
					break
				}
			}
			all = in
		}
		if all {
			found = true
			break
		}
	}
	if !found {
		return 0, false, nil
	}
	s := 0.0
	for i, t := range terms {
		s += t.score(its[i].freq, its[i].norm)
	}
	return s, true, nil
}
