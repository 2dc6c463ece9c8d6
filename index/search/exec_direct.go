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
	out, err := e.scan(ctx, snap, dp, counter, newCollector(snap.Segments(), keep, after))
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
// and the collector keeps the best.
func (e *directExec) scan(ctx context.Context, snap *scorch.IndexSnapshot, dp *directPlan, counter *facet.Counter, col *collector) (*outcome, error) {
	out := &outcome{}
	n, err := snap.DocCount()
	if err != nil || n == 0 {
		return out, err
	}
	ts, err := newTermSet(snap, n, dp)
	if err != nil {
		return nil, err
	}
	var base uint64 // the segment's first document number in the snapshot
	for si, ss := range snap.Segments() {
		if m := newMatcher(ts, si); m != nil {
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
	for _, h := range ranked {
		out.hits = append(out.hits, hit{id: h.id, score: h.score, sort: []string{strconv.FormatFloat(h.score, 'g', -1, 64), h.id}})
	}
	return out, err
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
