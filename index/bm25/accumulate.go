package bm25

import (
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// accumulator adds up the scores of one segment's documents in arrays
// indexed by document number; only the entries written are cleared after
// a segment, and accumulators are reused across queries.
type accumulator struct {
	allSum, anySum []float64
	allN, anyN     []uint16
	touched        []uint32 // every document whose entries were written
}

// size makes room for n documents; the entries are zero.
func (a *accumulator) size(n int) {
	if cap(a.allSum) < n {
		a.allSum, a.anySum = make([]float64, n), make([]float64, n)
		a.allN, a.anyN = make([]uint16, n), make([]uint16, n)
	}
	a.allSum, a.anySum, a.allN, a.anyN = a.allSum[:n], a.anySum[:n], a.allN[:n], a.anyN[:n]
}

// clear zeroes the entries written.
func (a *accumulator) clear() {
	for _, d := range a.touched {
		a.allSum[d], a.anySum[d], a.allN[d], a.anyN[d] = 0, 0, 0, 0
	}
	a.touched = a.touched[:0]
}

// seekCost is roughly how many postings a walk reads in the time of one
// seek: a seek decodes its way into a chunk of the list.
const seekCost = 8

func (a *accumulator) segment(si int, ss *scorch.SegmentSnapshot, all, anyOf []*scored, norm float64, skip, only *roaring.Bitmap, col *collector) error {
	// A term absent from the segment decides it: no document holds every
	// All term.
	for _, s := range all {
		if s.lists[si] == nil {
			return nil
		}
	}
	a.size(int(ss.Segment().Count()))
	defer a.clear()
	var cands []uint32 // documents holding every All term, ascending
	if len(all) > 0 {
		var err error
		if cands, err = a.conjunction(si, all, norm); err != nil {
			return err
		}
		if len(cands) == 0 {
			return nil
		}
	}
	var walk uint64
	for _, s := range anyOf {
		if l := s.lists[si]; l != nil {
			walk += l.count
		}
	}
	switch {
	case len(anyOf) == 0:
	case len(all) > 0 && uint64(len(cands))*uint64(len(anyOf))*seekCost < walk:
		// Few documents hold the All terms: seek them in each list.
		for _, s := range anyOf {
			l := s.lists[si]
			if l == nil {
				continue
			}
			c, w := l.cursor(), s.boost*s.idf*norm
			for _, d := range cands {
				hit, err := c.seek(uint64(d))
				if err != nil {
					return err
				}
				if hit {
					a.anyN[d]++
					a.anySum[d] += termScore(s.idf, s.avg, c.at.freq, c.at.norm) * w
				}
			}
		}
	default:
		for _, s := range anyOf {
			l := s.lists[si]
			if l == nil {
				continue
			}
			w := s.boost * s.idf * norm
			if err := l.each(func(p posting) {
				d := uint32(p.doc)
				if len(all) > 0 && int(a.allN[d]) != len(all) {
					return
				}
				if len(all) == 0 && a.anyN[d] == 0 {
					a.touched = append(a.touched, d)
					cands = append(cands, d)
				}
				a.anyN[d]++
				a.anySum[d] += termScore(s.idf, s.avg, p.freq, p.norm) * w
			}); err != nil {
				return err
			}
		}
	}
	for _, d := range cands {
		if skip.Contains(d) || only != nil && !only.Contains(d) || len(anyOf) > 0 && a.anyN[d] == 0 {
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

// conjunction returns the segment's documents holding every All term,
// ascending, with their scores summed in allSum (in the order of all, as
// Bleve sums them) and allN set to len(all). The rarest term drives; the
// others are sought.
func (a *accumulator) conjunction(si int, all []*scored, norm float64) ([]uint32, error) {
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return all[order[i]].lists[si].count < all[order[j]].lists[si].count })
	lead := all[order[0]]
	ll := lead.lists[si]
	// Each candidate's term scores, summed in the order of all whichever
	// term drives, so that documents with the same terms tie exactly in
	// every segment.
	type cand struct {
		doc uint32
		at  int // its scores are scores[at : at+len(all)]
	}
	cands := make([]cand, 0, ll.count)
	scores := make([]float64, 0, int(ll.count)*len(all))
	lw := lead.boost * lead.idf * norm
	if err := ll.each(func(p posting) {
		d := uint32(p.doc)
		cands = append(cands, cand{d, len(scores)})
		a.touched = append(a.touched, d)
		for range all {
			scores = append(scores, 0)
		}
		scores[len(scores)-len(all)+order[0]] = termScore(lead.idf, lead.avg, p.freq, p.norm) * lw
	}); err != nil {
		return nil, err
	}
	for _, ti := range order[1:] {
		s := all[ti]
		c, w := s.lists[si].cursor(), s.boost*s.idf*norm
		kept := cands[:0]
		for _, cd := range cands {
			hit, err := c.seek(uint64(cd.doc))
			if err != nil {
				return nil, err
			}
			if hit {
				scores[cd.at+ti] = termScore(s.idf, s.avg, c.at.freq, c.at.norm) * w
				kept = append(kept, cd)
			}
		}
		cands = kept
	}
	out := make([]uint32, len(cands))
	for i, cd := range cands {
		for _, sc := range scores[cd.at : cd.at+len(all)] {
			a.allSum[cd.doc] += sc
		}
		a.allN[cd.doc] = uint16(len(all))
		out[i] = cd.doc
	}
	return out, nil
}
