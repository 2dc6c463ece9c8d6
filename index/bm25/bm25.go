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

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"

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
	// Only are filters that do not score (Bleve's term queries of boost
	// 0, as facet.Selection makes them): a document holds a term of each.
	Only [][]Term
}

// Hit is a matching document.
type Hit struct {
	ID    string
	Score float64
}

// scored is a term query's postings in each segment and its weight.
type scored struct {
	lists []*list // per segment, nil where absent
	idf   float64
	boost float64
	avg   float64 // the field's mean length as Bleve's BM25 takes it
}

// Top returns the k best documents of q in the view, best first; on equal
// scores the earlier document (in the snapshot's order) first, as Bleve's
// collector does. A nil sc reads every list from the segments.
func (sc *Scorer) Top(ctx context.Context, v index.View, q Query, k int) ([]Hit, error) {
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
	sc.cache().Retain(snap)
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
		s := &scored{lists: make([]*list, len(segs)), boost: t.Boost, avg: avg}
		if s.boost == 0 {
			s.boost = 1
		}
		var df uint64
		for i, ss := range segs {
			l, ok, err := openList(ss, t, sc)
			if err != nil {
				return nil, err
			}
			if ok {
				s.lists[i] = &l
				df += l.count
			}
		}
		s.idf = idf(n, df, avg)
		return s, nil
	}
	all := make([]*scored, len(q.All))
	anyOf := make([]*scored, len(q.Any))
	var sumSq float64
	for i, t := range q.All {
		if all[i], err = open(t); err != nil {
			return nil, err
		}
		w := all[i].boost * all[i].idf
		sumSq += w * w
	}
	for i, t := range q.Any {
		if anyOf[i], err = open(t); err != nil {
			return nil, err
		}
		w := anyOf[i].boost * anyOf[i].idf
		sumSq += w * w
	}
	// Bleve's query norm: every term query's weight is divided by the
	// root of the sum of their squares.
	norm := 1 / math.Sqrt(sumSq)
	col := &collector{k: k}
	acc := sc.accumulator()
	defer sc.done(acc)
	for si, ss := range segs {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		skip, err := excluded(ss, q, sc)
		if err != nil {
			return nil, err
		}
		only, err := allowed(ss, q.Only, sc)
		if err != nil {
			return nil, err
		}
		if err := acc.segment(si, ss, all, anyOf, norm, skip, only, col); err != nil {
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

// idf is Bleve's: BM25's, or TF-IDF's for a field no document has (Bleve
// falls back to TF-IDF when the field's mean length is 0).
func idf(n, df uint64, avg float64) float64 {
	if avg > 0 {
		return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
	}
	return 1 + math.Log(float64(n)/float64(df+1))
}

// termScore is Bleve's score of one posting without the query weight
// (boost × idf × norm): BM25's idf × tf·k1 / (tf + k1·(1 − b + b·len/avg))
// with tf the root of the frequency and len recovered from the norm, or
// TF-IDF's tf × norm × idf.
func termScore(idf, avg float64, freq uint64, norm float64) float64 {
	tf := math.Sqrt(float64(freq))
	if avg <= 0 {
		return tf * norm * idf
	}
	length := 1 / (norm * norm)
	return idf * (tf * bsearch.BM25_k1) / (tf + bsearch.BM25_k1*(1-bsearch.BM25_b+(bsearch.BM25_b*length/avg)))
}
