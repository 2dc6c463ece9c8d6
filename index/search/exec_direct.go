package search

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"jippnas/content"
	"jippnas/index"
	"jippnas/index/facet"
)

// directExec runs the common plan — words that must all appear, perhaps
// some excluded words and filters, ranked by relevance — straight over the
// postings lists of the snapshot's segments instead of through Bleve's
// searcher tree. It computes what bleveExec computes for the same plan
// (the same matches, facet counts and BM25 scores, coordination and query
// norm included), but one document costs a few posting reads and
// additions: no document-match objects, no byte-slice ids, no heap of
// child searchers. A matcher finds the documents, the facet counter
// filters and counts them, a scorer scores them and a collector keeps the
// best.
type directExec struct {
	cols *facet.Cache
}

func (e *directExec) run(ctx context.Context, v index.View, p *Plan) (*outcome, error) {
	dp, ok := planDirect(p)
	if !ok {
		return nil, errIneligible
	}
	adv, err := v.Bleve().Advanced()
	if err != nil {
		return nil, errIneligible
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	snap, isSnap := reader.(*scorch.IndexSnapshot)
	if !isSnap {
		return nil, errIneligible
	}
	cols, err := e.cols.Get(ctx, reader)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, errIneligible // Bleve's path has its own facets
	}
	counter, err := p.Select.Counter(cols, p.Facets)
	if err != nil {
		return nil, err
	}
	keep, after, err := pageWindow(p)
	if err != nil {
		return nil, err
	}
	out := &outcome{}
	n, err := snap.DocCount()
	if err != nil || n == 0 {
		out.counts = counter.Counts()
		return out, err
	}
	ts, err := newTermSet(snap, n, dp)
	if err != nil {
		return nil, err
	}
	segs := snap.Segments()
	col := newCollector(segs, keep, after)
	var base uint64 // the segment's first document number in the snapshot
	for si, ss := range segs {
		m := newMatcher(ts, si)
		if m != nil {
			sc := newScorer(ts, m, si, dp.phrase)
			for visited := 1; ; visited++ {
				if visited%4096 == 0 && ctx.Err() != nil {
					return nil, ctx.Err()
				}
				doc, ok, err := m.next()
				if err != nil {
					return nil, err
				}
				if !ok {
					break
				}
				if !counter.Accept(base + doc) {
					continue
				}
				out.total++
				score, err := sc.score(doc)
				if err != nil {
					return nil, err
				}
				col.collect(topHit{score: score, seg: si, local: doc})
			}
		}
		base += ss.Segment().Count()
	}
	ranked, err := col.ranked()
	if err != nil {
		return nil, err
	}
	from := 0
	if after == nil {
		from = (p.Page - 1) * p.Size
	}
	for _, h := range ranked[min(from, len(ranked)):] {
		out.hits = append(out.hits, hit{id: h.id, score: h.score, sort: []string{strconv.FormatFloat(h.score, 'g', -1, 64), h.id}})
	}
	out.counts = counter.Counts()
	return out, nil
}

// pageWindow is how many hits the collector keeps, and the cursor's position
// if the plan continues from one (search_after on score, then id).
func pageWindow(p *Plan) (int, *topHit, error) {
	if p.Cursor == "" {
		return p.Size * p.Page, nil, nil
	}
	vals, err := decodeCursor(p.Cursor)
	if err != nil {
		return 0, nil, err
	}
	if len(vals) != 2 {
		return 0, nil, fmt.Errorf("cursor does not match sort %q: %w", p.Sort, content.ErrInvalid)
	}
	score, err := strconv.ParseFloat(vals[0], 64)
	if err != nil {
		return 0, nil, fmt.Errorf("malformed cursor: %w", content.ErrInvalid)
	}
	return p.Size, &topHit{score: score, id: vals[1]}, nil
}
