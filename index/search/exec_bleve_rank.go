package search

import (
	"bytes"
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"jippnas/index"
	"jippnas/index/postings"
)

// rankQuery is a slot-ranked plan as a Bleve query: its searcher reads one
// TermFieldReader per term of the rank model and scores with the model,
// so that Bleve's filters, facet counting, collector, sort and
// search_after work around the same scores the direct executor computes.
// Stock queries cannot: Bleve's term scorer takes the square root of the
// term frequency and estimates the mean field length, and its disjunction
// sums alternatives (and multiplies by a coordination factor) where the
// model takes the best one.
type rankQuery struct {
	rk   *Ranking
	lens *lengthCache
}

// Searcher implements query.Query.
func (q *rankQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, _ bsearch.SearcherOptions) (bsearch.Searcher, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	means, err := q.lens.get(ctx, r)
	if err != nil {
		return nil, err
	}
	df := func(field, term string) (uint64, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, err
		}
		defer tfr.Close()
		return tfr.Count(), nil
	}
	model, err := newRankModel(q.rk, n, df, means)
	if err != nil {
		return nil, err
	}
	s := &rankSearcher{m: model, all: q.rk.All, obs: model.newObs()}
	open := func(field, term string, vectors bool) (*termReader, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, vectors)
		if err != nil {
			return nil, err
		}
		s.open = append(s.open, tfr)
		return &termReader{r: tfr}, nil
	}
	for _, t := range model.terms {
		tr, err := open(index.FieldText, t.term, model.needsLead())
		if err != nil {
			s.Close()
			return nil, err
		}
		if err := tr.next(); err != nil {
			s.Close()
			return nil, err
		}
		s.text = append(s.text, tr)
		if tr, err = open(index.FieldTitle, t.term, false); err != nil {
			s.Close()
			return nil, err
		}
		s.title = append(s.title, tr)
	}
	for _, b := range model.boosts {
		var rs []*termReader
		for _, term := range b.terms {
			tr, err := open(b.field, term, false)
			if err != nil {
				s.Close()
				return nil, err
			}
			rs = append(rs, tr)
		}
		s.boosts = append(s.boosts, rs)
	}
	for _, term := range q.rk.Not {
		tr, err := open(index.FieldText, term, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.not = append(s.not, tr)
	}
	return s, nil
}

// termReader is a TermFieldReader and the posting it stands on.
type termReader struct {
	r    bindex.TermFieldReader
	cur  *bindex.TermFieldDoc
	done bool
}

func (t *termReader) next() error {
	if t.done {
		return nil
	}
	cur, err := t.r.Next(nil)
	t.cur, t.done = cur, cur == nil
	return err
}

// seek moves to the first posting at or after id and reports whether it
// is id itself.
func (t *termReader) seek(id bindex.IndexInternalID) (bool, error) {
	if !t.done && (t.cur == nil || bytes.Compare(t.cur.ID, id) < 0) {
		cur, err := t.r.Advance(id, nil)
		if err != nil {
			return false, err
		}
		t.cur, t.done = cur, cur == nil
	}
	return !t.done && t.cur != nil && bytes.Equal(t.cur.ID, id), nil
}

func (t *termReader) at(id bindex.IndexInternalID) bool {
	return !t.done && t.cur != nil && bytes.Equal(t.cur.ID, id)
}

// rankSearcher walks the union of the text readers in document order and
// scores every document that matches (every required slot, or any) with
// the rank model, lead included: it is the reference path, not the fast
// one.
type rankSearcher struct {
	m      *rankModel
	all    bool
	obs    *docObs
	text   []*termReader // per model term
	title  []*termReader
	boosts [][]*termReader
	not    []*termReader
	open   []bindex.TermFieldReader
}

func (s *rankSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		var id bindex.IndexInternalID
		for _, t := range s.text {
			if !t.done && (id == nil || bytes.Compare(t.cur.ID, id) < 0) {
				id = t.cur.ID
			}
		}
		if id == nil {
			return nil, nil
		}
		id = append(bindex.IndexInternalID(nil), id...)
		score, ok, err := s.scoreAt(id)
		if err != nil {
			return nil, err
		}
		for _, t := range s.text {
			if t.at(id) {
				if err := t.next(); err != nil {
					return nil, err
				}
			}
		}
		if ok {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = append(dm.IndexInternalID[:0], id...)
			dm.Score = score
			return dm, nil
		}
	}
}

// scoreAt reads what the model needs at id, while the text readers stand
// on it, and reports whether the document matches.
func (s *rankSearcher) scoreAt(id bindex.IndexInternalID) (float64, bool, error) {
	o, m := s.obs, s.m
	slots, missing := 0, false // slots held; a required one is not
	for _, ms := range m.slots {
		hit := false
		for _, ei := range ms.exprs {
			o.exprHit[ei] = true
			for _, ti := range m.exprs[ei].terms {
				o.exprHit[ei] = o.exprHit[ei] && s.text[ti].at(id)
			}
			hit = hit || o.exprHit[ei]
		}
		if hit {
			slots++
		} else if !ms.optional {
			missing = true
		}
	}
	if slots == 0 || (s.all && missing) {
		return 0, false, nil
	}
	for _, t := range s.not {
		if excluded, err := t.seek(id); err != nil || excluded {
			return 0, false, err
		}
	}
	for ei, hit := range o.exprHit {
		if !hit {
			continue
		}
		for _, ti := range m.exprs[ei].terms {
			cur := s.text[ti].cur
			o.freq[ti], o.norm[ti], o.first[ti] = cur.Freq, cur.Norm, 0
			for _, v := range cur.Vectors {
				if p := postings.InPart(v.Pos); p > 0 && (o.first[ti] == 0 || p < o.first[ti]) {
					o.first[ti] = p
				}
			}
			o.titleFreq[ti] = 0
			hit, err := s.title[ti].seek(id)
			if err != nil {
				return 0, false, err
			}
			if hit {
				o.titleFreq[ti], o.titleNorm[ti] = s.title[ti].cur.Freq, s.title[ti].cur.Norm
			}
		}
	}
	for bi, rs := range s.boosts {
		o.boost[bi] = 0
		for k, t := range rs {
			hit, err := t.seek(id)
			if err != nil {
				return 0, false, err
			}
			if hit {
				o.boost[bi] = max(o.boost[bi], m.boosts[bi].scores[k])
			}
		}
	}
	score := m.score(o)
	score += m.lead(o)
	return score, true, nil
}

func (s *rankSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	for _, t := range s.text {
		if _, err := t.seek(id); err != nil {
			return nil, err
		}
	}
	return s.Next(ctx)
}

func (s *rankSearcher) Close() error {
	var first error
	for _, r := range s.open {
		if err := r.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *rankSearcher) Weight() float64            { return 1 }
func (s *rankSearcher) SetQueryNorm(float64)       {}
func (s *rankSearcher) Min() int                   { return 0 }
func (s *rankSearcher) Size() int                  { return 64 * (len(s.open) + 1) }
func (s *rankSearcher) DocumentMatchPoolSize() int { return 1 }

// Count estimates the matches: the postings of every text term.
func (s *rankSearcher) Count() uint64 {
	var n uint64
	for _, t := range s.text {
		n += t.r.Count()
	}
	return n
}
