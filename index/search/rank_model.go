package search

import (
	"math"

	"jippnas/index"
)

// rankModel is a Ranking with the statistics of one snapshot: the number
// of documents, each term's document frequency in the text and title
// fields, and the mean field lengths. Its terms are listed flat — slot by
// slot, alternative by alternative, term by term — so that an executor
// reports what it read for a document by index into that list. The
// functions below are the only place a slot-ranked score is computed;
// both executors call them with what they read.
type rankModel struct {
	p      Params
	means  fieldMeans
	slots  []modelSlot
	exprs  []modelExpr
	terms  []modelTerm
	boosts []modelBoost
	// untitled is untitledLimits(), derived once with the model.
	untitled untitledLimits
}

type modelSlot struct {
	weight   float64
	optional bool    // not required by All
	idf      float64 // of the slot's own word (its first alternative), for the lead
	exprs    []int
}

type modelExpr struct {
	mult  float64
	terms []int
}

type modelTerm struct {
	term          string
	idf, titleIDF float64
}

// modelBoost is a facet value that raises a document: its score is that
// of a term found once in a field of average length.
type modelBoost struct {
	field  string
	terms  []string
	scores []float64
}

// dfFunc gives the number of live documents holding a term in a field.
type dfFunc func(field, term string) (uint64, error)

// newRankModel resolves rk's statistics over n live documents.
func newRankModel(rk *Ranking, n uint64, df dfFunc, means fieldMeans) (*rankModel, error) {
	m := &rankModel{p: rk.Params, means: means}
	idf := func(field, term string) (float64, error) {
		d, err := df(field, term)
		return index.IDF(n, d), err
	}
	for _, s := range rk.Slots {
		ms := modelSlot{weight: s.Weight, optional: s.Optional}
		for ei, e := range s.Exprs {
			me := modelExpr{mult: e.Mult}
			for _, term := range e.Terms {
				t := modelTerm{term: term}
				var err error
				if t.idf, err = idf(index.FieldText, term); err != nil {
					return nil, err
				}
				if t.titleIDF, err = idf(index.FieldTitle, term); err != nil {
					return nil, err
				}
				if ei == 0 {
					ms.idf += t.idf
				}
				me.terms = append(me.terms, len(m.terms))
				m.terms = append(m.terms, t)
			}
			ms.exprs = append(ms.exprs, len(m.exprs))
			m.exprs = append(m.exprs, me)
		}
		m.slots = append(m.slots, ms)
	}
	k1 := rk.Params.K1
	for _, b := range rk.Boosts {
		mb := modelBoost{field: b.Field, terms: b.Terms}
		for _, term := range b.Terms {
			v, err := idf(b.Field, term)
			if err != nil {
				return nil, err
			}
			mb.scores = append(mb.scores, b.Weight*v*k1/(1+k1))
		}
		m.boosts = append(m.boosts, mb)
	}
	m.untitled = m.untitledLimits()
	return m, nil
}

// docObs is what an executor read for one document: which alternatives
// it holds in full (exprHit), and for the terms of those, their frequency
// and norm in the text and title fields (titleFreq 0: not in the title),
// their first position in the text (when the lead is computed), and the
// score of each boost it has (0: none).
type docObs struct {
	exprHit   []bool
	freq      []uint64
	norm      []float64
	titleFreq []uint64
	titleNorm []float64
	first     []uint64
	boost     []float64
}

func (m *rankModel) newObs() *docObs {
	n := len(m.terms)
	return &docObs{exprHit: make([]bool, len(m.exprs)), freq: make([]uint64, n), norm: make([]float64, n),
		titleFreq: make([]uint64, n), titleNorm: make([]float64, n), first: make([]uint64, n),
		boost: make([]float64, len(m.boosts))}
}

// bm25 is the BM25 weight of a term: raw term frequency, the field's
// length from the posting's norm (1/√length) against the mean length.
func (m *rankModel) bm25(idf float64, freq uint64, norm, mean float64) float64 {
	tf := float64(freq)
	length := 1 / (norm * norm)
	k1, b := m.p.K1, m.p.B
	return idf * tf * k1 / (tf + k1*(1-b+b*length/mean))
}

// slotHit reports whether the document holds an alternative of slot s.
func (m *rankModel) slotHit(o *docObs, s int) bool {
	for _, e := range m.slots[s].exprs {
		if o.exprHit[e] {
			return true
		}
	}
	return false
}

// score is the first part of a document's score: per slot, the best
// alternative's BM25 in the text and the best one's in the title, plus
// the boosts.
func (m *rankModel) score(o *docObs) float64 {
	score := 0.0
	for _, s := range m.slots {
		text, title, hit := 0.0, 0.0, false
		for _, ei := range s.exprs {
			if !o.exprHit[ei] {
				continue
			}
			e := &m.exprs[ei]
			x, y := 0.0, 0.0
			for _, ti := range e.terms {
				t := &m.terms[ti]
				x += m.bm25(t.idf, o.freq[ti], o.norm[ti], m.means.text)
				if o.titleFreq[ti] > 0 {
					y += m.bm25(t.titleIDF, o.titleFreq[ti], o.titleNorm[ti], m.means.title)
				}
			}
			w := s.weight * e.mult
			x, y = w*x, w*m.p.Title*y
			if !hit || x > text {
				text = x
			}
			if y > title {
				title = y
			}
			hit = true
		}
		score += text
		score += title
	}
	for _, b := range o.boost {
		score += b
	}
	return score
}

// untitledLimits are, per slot, the most the slot can add to a document
// whose title holds none of the query's terms (its best alternative with
// every term at BM25's limit, idf·k1, as its frequency grows, and the
// whole lead), and the most the boosts can add.
type untitledLimits struct {
	slots  []float64
	boosts float64
}

func (m *rankModel) untitledLimits() untitledLimits {
	var l untitledLimits
	for _, s := range m.slots {
		best := 0.0
		for _, ei := range s.exprs {
			e := &m.exprs[ei]
			x := 0.0
			for _, ti := range e.terms {
				x += m.terms[ti].idf * m.p.K1
			}
			best = max(best, s.weight*e.mult*x)
		}
		if m.needsLead() {
			best += m.slotLead(s)
		}
		l.slots = append(l.slots, best)
	}
	for _, b := range m.boosts {
		top := 0.0
		for _, v := range b.scores {
			top = max(top, v)
		}
		l.boosts += top
	}
	return l
}

// untitledBound is more than a document whose title holds none of the
// query's terms can score, lead included, from the slots it holds. A broad
// search's best hits hold its words (its rarer words, when any will do) in
// their titles and soon score above it; from then on the documents without
// them need not be scored. The margin covers the rounding of a BM25
// quotient, which may land an ulp above its limit.
func (m *rankModel) untitledBound(o *docObs) float64 {
	bound := m.untitled.boosts
	for si, v := range m.untitled.slots {
		if m.slotHit(o, si) {
			bound += v
		}
	}
	return bound * (1 + 1e-6)
}

// leadBound is the most the lead can add for a document: every slot it
// matches found at the first position.
func (m *rankModel) leadBound(o *docObs) float64 {
	bound := 0.0
	for si, s := range m.slots {
		if m.slotHit(o, si) {
			bound += m.slotLead(s)
		}
	}
	return bound
}

// slotLead is the most the lead can add for slot s: found at the first
// position.
func (m *rankModel) slotLead(s modelSlot) float64 { return m.p.Lead * s.weight * s.idf }

// lead is the bonus for the slots found early in the text, from the first
// positions of the terms of the alternatives the document holds.
func (m *rankModel) lead(o *docObs) float64 {
	lead := 0.0
	for _, s := range m.slots {
		first := uint64(0)
		for _, ei := range s.exprs {
			if !o.exprHit[ei] {
				continue
			}
			for _, ti := range m.exprs[ei].terms {
				if p := o.first[ti]; p > 0 && (first == 0 || p < first) {
					first = p
				}
			}
		}
		if first > 0 {
			lead += m.slotLead(s) * m.decay(first-1)
		}
	}
	return lead
}

// decay is exp(−k/LeadTau), from a table for the default LeadTau and the
// first positions: the same values, without an exponential for each of
// the many documents whose lead a search computes.
func (m *rankModel) decay(k uint64) float64 {
	if m.p.LeadTau == defaultLeadTau && k < uint64(len(defaultDecay)) {
		return defaultDecay[k]
	}
	return math.Exp(-float64(k) / m.p.LeadTau)
}

// defaultDecay is decay's table: read-only.
var defaultDecay = func() (t [64]float64) {
	for k := range t {
		t[k] = math.Exp(-float64(k) / defaultLeadTau)
	}
	return t
}()

// needsLead reports whether the lead counts at all.
func (m *rankModel) needsLead() bool { return m.p.Lead > 0 }
