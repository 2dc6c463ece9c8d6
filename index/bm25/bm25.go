// Package bm25 finds the top documents of a boolean combination of term
// queries straight over a snapshot's postings lists, with the scores
// Bleve's searchers give the same query. Bleve merges its term searchers
// document by document through heaps, about a microsecond per posting;
// adding each list's scores into an array per segment is some twenty
// times cheaper, which matters for the wide disjunctions of type-ahead
// and "more like this".
package bm25

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index"
)

// Term is one term query.
type Term struct {
	Field, Term string
	Boost       float64 // 0 means 1
}

// Query is Bleve's ConjunctionQuery(All..., DisjunctionQuery(Any...))
// inside a BooleanQuery whose must-not clauses are Not and NotIDs: a
// document matches every All term and, when Any is not empty, at least one
// Any term. Its score is the sum of its All terms' scores plus the sum of
// its Any terms' scores times the share of Any terms it holds (Bleve's
// coordination factor), all times the query norm.
type Query struct {
	All    []Term
	Any    []Term
	Not    []Term   // documents holding one of these are left out
	NotIDs []string // and these documents
}

// Hit is a matching document.
type Hit struct {
	ID    string
	Score float64
}

// scored is a term query's postings in one segment and its weight.
type scored struct {
	lists []segment.PostingsList // per segment, nil where absent
	idf   float64
	boost float64
	avg   float64 // the field's mean length as Bleve's BM25 takes it
}

// Top returns the k best documents of q in the view, best first; on equal
// scores the earlier document (in the snapshot's order) first, as Bleve's
// collector does.
func Top(ctx context.Context, v index.View, q Query, k int) ([]Hit, error) {
	if k <= 0 || len(q.All)+len(q.Any) == 0 {
		return nil, nil
	}
	adv, err := v.Bleve().Advanced()
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("bm25: not a scorch index")
	}
	segs := snap.Segments()
	n, err := snap.DocCount()
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	avgs := map[string]float64{}
	open := func(t Term) (*scored, error) {
		avg, ok := avgs[t.Field]
		if !ok {
			card, err := snap.FieldCardinality(t.Field)
			if err != nil {
				return nil, fmt.Errorf("bm25: %w", err)
			}
			avg = math.Ceil(float64(card) / float64(n))
			avgs[t.Field] = avg
		}
		s := &scored{lists: make([]segment.PostingsList, len(segs)), boost: t.Boost, avg: avg}
		if s.boost == 0 {
			s.boost = 1
		}
		var df uint64
		for i, ss := range segs {
			pl, err := postings(ss, t)
			if err != nil {
				return nil, err
			}
			if pl != nil && pl.Count() > 0 {
				s.lists[i] = pl
				df += pl.Count()
			}
		}
		s.idf = math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
		return s, nil
	}
	all := make([]*scored, len(q.All))
	anyOf := make([]*scored, len(q.Any))
	var sumSq float64
	for i, t := range q.All {
		if all[i], err = open(t); err != nil {
			return nil, err
		}
		sumSq += math.Pow(all[i].boost*all[i].idf, 2)
	}
	for i, t := range q.Any {
		if anyOf[i], err = open(t); err != nil {
			return nil, err
		}
		sumSq += math.Pow(anyOf[i].boost*anyOf[i].idf, 2)
	}
	// Bleve's query norm: every term query's weight is divided by the
	// root of the sum of their squares.
	norm := 1 / math.Sqrt(sumSq)
	col := &collector{k: k}
	var acc accumulator
	for si, ss := range segs {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		skip, err := excluded(ss, q)
		if err != nil {
			return nil, err
		}
		if err := acc.segment(si, ss, all, anyOf, norm, skip, col); err != nil {
			return nil, err
		}
	}
	hits := col.sorted()
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		id, err := segs[h.seg].DocID(h.doc)
		if err != nil {
			return nil, fmt.Errorf("bm25: %w", err)
		}
		out = append(out, Hit{ID: string(id), Score: h.score})
	}
	return out, nil
}

// postings is a term's postings list in one segment, deleted documents
// left out.
func postings(ss *scorch.SegmentSnapshot, t Term) (segment.PostingsList, error) {
	dict, err := ss.Segment().Dictionary(t.Field)
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	pl, err := dict.PostingsList([]byte(t.Term), ss.Deleted(), nil)
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	return pl, nil
}

// excluded are the segment's documents the must-not clauses leave out.
func excluded(ss *scorch.SegmentSnapshot, q Query) (*roaring.Bitmap, error) {
	out := roaring.New()
	if len(q.NotIDs) > 0 {
		b, err := ss.DocNumbers(q.NotIDs)
		if err != nil {
			return nil, fmt.Errorf("bm25: %w", err)
		}
		out.Or(b)
	}
	for _, t := range q.Not {
		pl, err := postings(ss, t)
		if err != nil {
			return nil, err
		}
		if pl == nil {
			continue
		}
		it := pl.Iterator(false, false, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return nil, fmt.Errorf("bm25: %w", err)
			}
			if p == nil {
				break
			}
			out.Add(uint32(p.Number()))
		}
	}
	return out, nil
}

// termScore is Bleve's BM25 score of one posting without the query
// weight (boost × idf × norm): idf × tf·k1 / (tf + k1·(1 − b + b·len/avg))
// with tf the root of the frequency and len recovered from the norm.
func termScore(idf, avg float64, freq uint64, norm float64) float64 {
	tf := math.Sqrt(float64(freq))
	length := 1 / (norm * norm)
	return idf * (tf * bsearch.BM25_k1) / (tf + bsearch.BM25_k1*(1-bsearch.BM25_b+(bsearch.BM25_b*length/avg)))
}

// accumulator adds up the scores of one segment's documents.
type accumulator struct {
	allSum, anySum []float64
	allN, anyN     []uint16
	touched        []uint32
}

func (a *accumulator) reset(n int) {
	if cap(a.allSum) < n {
		a.allSum, a.anySum = make([]float64, n), make([]float64, n)
		a.allN, a.anyN = make([]uint16, n), make([]uint16, n)
	}
	a.allSum, a.anySum, a.allN, a.anyN = a.allSum[:n], a.anySum[:n], a.allN[:n], a.anyN[:n]
	clear(a.allSum)
	clear(a.anySum)
	clear(a.allN)
	clear(a.anyN)
	a.touched = a.touched[:0]
}

// add walks one term's postings in a segment, calling fn with each
// document and its score.
func add(s *scored, si int, norm float64, fn func(doc uint32, score float64)) error {
	pl := s.lists[si]
	if pl == nil {
		return nil
	}
	w := s.boost * s.idf * norm
	it := pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return fmt.Errorf("bm25: %w", err)
		}
		if p == nil {
			return nil
		}
		fn(uint32(p.Number()), termScore(s.idf, s.avg, p.Frequency(), p.Norm())*w)
	}
}

func (a *accumulator) segment(si int, ss *scorch.SegmentSnapshot, all, anyOf []*scored, norm float64, skip *roaring.Bitmap, col *collector) error {
	// A term absent from the segment decides it: no document holds every
	// All term.
	for _, s := range all {
		if s.lists[si] == nil {
			return nil
		}
	}
	a.reset(int(ss.Segment().Count()))
	for _, s := range all {
		if err := add(s, si, norm, func(d uint32, sc float64) {
			if a.allN[d] == 0 && len(anyOf) == 0 {
				a.touched = append(a.touched, d)
			}
			a.allN[d]++
			a.allSum[d] += sc
		}); err != nil {
			return err
		}
	}
	for _, s := range anyOf {
		if err := add(s, si, norm, func(d uint32, sc float64) {
			if a.anyN[d] == 0 {
				a.touched = append(a.touched, d)
			}
			a.anyN[d]++
			a.anySum[d] += sc
		}); err != nil {
			return err
		}
	}
	for _, d := range a.touched {
		if int(a.allN[d]) != len(all) || skip.Contains(d) {
			continue
		}
		score := a.allSum[d]
		if len(anyOf) > 0 {
			score += a.anySum[d] * float64(a.anyN[d]) / float64(len(anyOf))
		}
		col.add(hit{seg: si, doc: uint64(d), score: score})
	}
	return nil
}

// hit is a scored document of one segment.
type hit struct {
	seg   int
	doc   uint64
	score float64
}

// better is the collector's order: higher score, then earlier document.
func better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.seg != b.seg {
		return a.seg < b.seg
	}
	return a.doc < b.doc
}

// collector keeps the k best hits (k is small: a page of suggestions or
// candidates), the worst last.
type collector struct {
	k    int
	hits []hit
}

func (c *collector) add(h hit) {
	if len(c.hits) == c.k && !better(h, c.hits[len(c.hits)-1]) {
		return
	}
	i := sort.Search(len(c.hits), func(i int) bool { return better(h, c.hits[i]) })
	if len(c.hits) < c.k {
		c.hits = append(c.hits, hit{})
	}
	copy(c.hits[i+1:], c.hits[i:len(c.hits)-1])
	c.hits[i] = h
}

func (c *collector) sorted() []hit { return c.hits }
