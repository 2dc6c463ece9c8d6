package search

import (
	"slices"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// scorer scores the documents a matcher finds, as Bleve's Boolean query
// would: the must terms' scores, plus the should terms' (title, summary,
// title phrase) times the fraction of should clauses matched.
type scorer struct {
	ts     *termSet
	must   []*cursorIter // the matcher's: positioned on the document
	should []*cursorIter
	phrase []*cursorIter
	slots  []phraseSlot
}

func newScorer(ts *termSet, m *matcher, seg int, slots []phraseSlot) *scorer {
	return &scorer{ts: ts, must: m.must, should: cursors(ts.should, seg, false), phrase: cursors(ts.phrase, seg, true), slots: slots}
}

func (s *scorer) score(doc uint64) (float64, error) {
	score := 0.0
	for i, t := range s.ts.must {
		score += t.score(s.must[i].freq, s.must[i].norm)
	}
	matched, extra := 0, 0.0
	for i, c := range s.should {
		hit, err := c.seek(doc)
		if err != nil {
			return 0, err
		}
		if hit {
			matched++
			extra += s.ts.should[i].score(c.freq, c.norm)
		}
	}
	if len(s.phrase) > 0 {
		ps, hit, err := s.phraseScore(doc)
		if err != nil {
			return 0, err
		}
		if hit {
			matched++
			extra += ps
		}
	}
	if matched > 0 {
		score += extra * float64(matched) / s.ts.shouldTotal
	}
	return score, nil
}

// phraseScore reports whether the title holds the phrase at doc, and its
// score (the sum of its term scores, as Bleve's phrase searcher gives).
func (s *scorer) phraseScore(doc uint64) (float64, bool, error) {
	its := s.phrase
	for _, c := range its {
		hit, err := c.seek(doc)
		if err != nil || !hit {
			return 0, false, err
		}
	}
	// A position of the first term that the other terms continue, within
	// one value of the field.
	found := false
	for _, l0 := range its[0].locs {
		start := int(l0.Pos()) - s.slots[0].pos
		all := true
		for i := 1; i < len(its) && all; i++ {
			want := uint64(start + s.slots[i].pos)
			all = slices.ContainsFunc(its[i].locs, func(l segment.Location) bool {
				return l.Pos() == want && slices.Equal(l.ArrayPositions(), l0.ArrayPositions())
			})
		}
		if all {
			found = true
			break
		}
	}
	if !found {
		return 0, false, nil
	}
	score := 0.0
	for i, t := range s.ts.phrase {
		score += t.score(its[i].freq, its[i].norm)
	}
	return score, true, nil
}
