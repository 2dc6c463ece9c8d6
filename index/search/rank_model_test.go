package search

import (
	"math"
	"math/rand"
	"testing"
)

// TestUntitledBoundHoldsUntitledScores: a document whose title holds none
// of the terms scores, with the most its lead can add, less than the
// model's untitledBound, for random models (slots, alternatives, weights,
// BM25 parameters, boosts) and observations, extreme frequencies and norms
// included. The direct path prunes on it; a limit below such a score would
// drop a hit.
func TestUntitledBoundHoldsUntitledScores(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	f := func(lo, hi float64) float64 { return lo + rng.Float64()*(hi-lo) }
	freq := func() uint64 {
		switch rng.Intn(4) {
		case 0:
			return 0
		case 1:
			return 1 + uint64(rng.Intn(3))
		case 2:
			return uint64(rng.Intn(200))
		}
		return uint64(rng.Int63n(1 << 40))
	}
	norm := func() float64 {
		if rng.Intn(4) == 0 {
			return 1 // a field of one token: the shortest there is
		}
		return f(0.01, 1)
	}
	for round := 0; round < 5000; round++ {
		m := &rankModel{p: Params{K1: f(0.1, 3), B: f(0, 1), Title: f(0, 3), Lead: f(0, 1), LeadTau: f(1, 50)},
			means: fieldMeans{text: f(1, 800), title: f(1, 12)}}
		if rng.Intn(5) == 0 {
			m.p.B = 1
		}
		for s := 1 + rng.Intn(3); s > 0; s-- {
			ms := modelSlot{weight: f(0.1, 2), idf: f(0.01, 12)}
			for e := 1 + rng.Intn(3); e > 0; e-- {
				me := modelExpr{mult: f(0.3, 1)}
				for k := 1 + rng.Intn(3); k > 0; k-- {
					me.terms = append(me.terms, len(m.terms))
					m.terms = append(m.terms, modelTerm{idf: f(0.01, 12), titleIDF: f(0.01, 12)})
				}
				ms.exprs = append(ms.exprs, len(m.exprs))
				m.exprs = append(m.exprs, me)
			}
			m.slots = append(m.slots, ms)
		}
		for b := rng.Intn(3); b > 0; b-- {
			m.boosts = append(m.boosts, modelBoost{scores: []float64{f(0, 2)}})
		}
		o := m.newObs()
		for i := range o.exprHit {
			o.exprHit[i] = rng.Intn(3) > 0
		}
		for i := range m.terms {
			o.freq[i], o.norm[i] = 1+freq(), norm()
		}
		for i := range o.boost {
			if rng.Intn(2) == 0 {
				o.boost[i] = m.boosts[i].scores[0]
			}
		}
		m.untitled = m.untitledLimits() // as newRankModel derives it
		limit := m.untitledBound(o)
		if sc := m.score(o) + m.leadBound(o); sc > limit {
			t.Fatalf("round %d: a document without its terms in the title scores %v, the limit is %v (model %+v)",
				round, sc, limit, m.p)
		}
	}
}

// TestDecay: the table gives exactly what the exponential gives, for the
// default scale and any other.
func TestDecay(t *testing.T) {
	for _, tau := range []float64{defaultLeadTau, 3, 7.5} {
		m := &rankModel{p: Params{LeadTau: tau}}
		for _, k := range []uint64{0, 1, 2, 5, 31, 63, 64, 65, 1000} {
			if got, want := m.decay(k), math.Exp(-float64(k)/tau); got != want {
				t.Errorf("tau %g: decay(%d) = %v, want %v", tau, k, got, want)
			}
		}
	}
}
