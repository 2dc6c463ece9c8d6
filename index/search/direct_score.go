package search

import (
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index"
	"jippnas/index/postings"
)

// rankScorer reads, for the documents a matcher finds in one segment, what
// the rank model scores: the text postings of the alternatives held (from
// the matcher's cursors), the title postings of their terms, the boosts,
// and — only for a document that could enter the page — the first
// positions of its terms for the lead.
type rankScorer struct {
	m     *rankModel
	exprs []*exprIter   // the matcher's, in model order
	text  []*cursorIter // the matcher's, one per model term
	title []*cursorIter // nil until openTitle opens it
	// openTitle opens a term's cursor in the title field.
	openTitle func(term string) (*cursorIter, error)
	boosts    [][]*cursorIter
	lists     []segment.PostingsList // text postings per model term, for the lead
	lead      []*cursorIter          // with positions, opened on first use
	open      cursorOpener
	obs       *docObs
	// heldAll: every match holds every alternative (all slots required,
	// one alternative each), so obs.exprHit is set once and the bounds
	// below, which depend on nothing else, are computed once.
	heldAll              bool
	untitledAll, leadAll float64
}

// holdAll notes that every match holds every alternative.
func (s *rankScorer) holdAll() {
	o := s.obs
	for i := range o.exprHit {
		o.exprHit[i] = true
	}
	s.heldAll = true
	s.untitledAll = s.m.untitledBound(o)
	s.leadAll = s.m.leadBound(o)
}

// score returns a document's score without the lead, and the most the
// lead could add. A document whose title holds none of the terms is
// pruned, its score not computed, once the worst hit kept scores floor
// and floor is above what such a document can score (untitledBound): most
// documents of a broad search are.
func (s *rankScorer) score(doc uint64, floor float64) (score, bound float64, pruned bool, err error) {
	o := s.obs
	titled := false
	// The title first: a document it prunes needs no text frequency or
	// norm read (untitledBound depends only on the alternatives held).
	if !s.heldAll {
		for ei, e := range s.exprs {
			o.exprHit[ei] = e.hit(doc)
		}
	}
	for ei, hit := range o.exprHit {
		if !hit {
			continue
		}
		for _, ti := range s.m.exprs[ei].terms {
			o.titleFreq[ti] = 0
			tc := s.title[ti]
			if tc == nil {
				var err error
				if tc, err = s.openTitle(s.m.terms[ti].term); err != nil {
					return 0, 0, false, err
				}
				s.title[ti] = tc
			}
			hit, err := tc.seek(doc)
			if err != nil {
				return 0, 0, false, err
			}
			if hit {
				o.titleFreq[ti], o.titleNorm[ti] = tc.freqNorm()
				titled = true
			}
		}
	}
	if !titled {
		untitled := s.untitledAll
		if !s.heldAll {
			untitled = s.m.untitledBound(o)
		}
		if untitled < floor {
			return 0, 0, true, nil
		}
	}
	for ei, hit := range o.exprHit {
		if hit {
			for _, ti := range s.m.exprs[ei].terms {
				o.freq[ti], o.norm[ti] = s.text[ti].freqNorm()
			}
		}
	}
	for bi, cs := range s.boosts {
		o.boost[bi] = 0
		for k, c := range cs {
			hit, err := c.seek(doc)
			if err != nil {
				return 0, 0, false, err
			}
			if hit {
				o.boost[bi] = max(o.boost[bi], s.m.boosts[bi].scores[k])
			}
		}
	}
	score = s.m.score(o)
	switch {
	case s.heldAll:
		bound = s.leadAll
	case s.m.needsLead():
		bound = s.m.leadBound(o)
	}
	return score, bound, false, nil
}

// leadOf is the lead of the document last scored.
func (s *rankScorer) leadOf(doc uint64) (float64, error) {
	o := s.obs
	for ei, hit := range o.exprHit {
		if !hit {
			continue
		}
		for _, ti := range s.m.exprs[ei].terms {
			if s.lead[ti] == nil {
				c, err := s.open(index.FieldText, s.m.terms[ti].term, s.lists[ti], wantPositions, postings.Walks)
				if err != nil {
					return 0, err
				}
				s.lead[ti] = c
			}
			c := s.lead[ti]
			o.first[ti] = 0
			hit, err := c.seek(doc)
			if err != nil {
				return 0, err
			}
			if hit {
				o.first[ti] = c.first()
			}
		}
	}
	return s.m.lead(o), nil
}
