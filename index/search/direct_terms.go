package search

import (
	"math"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index"
)

// directPlan is the part of a plan the direct executor runs: single terms
// that must all match in the text field, single excluded terms, and the
// title phrase bonus.
type directPlan struct {
	must   []string
	not    []string
	phrase []phraseSlot
}

// planDirect reports whether the direct executor can run p: ranked by
// relevance, every clause one term, every exclusion one term, no phrases,
// no typo tolerance, no partial matching.
func planDirect(p *Plan) (*directPlan, bool) {
	if p.Sort != SortRelevance || p.Text.empty() || p.Fuzzy || p.MinMatch > 0 {
		return nil, false
	}
	dp := &directPlan{}
	for _, c := range p.Text.Must {
		if len(c.Alts) != 1 || c.Alts[0].Phrase != "" || len(c.Alts[0].Terms) != 1 {
			return nil, false
		}
		dp.must = append(dp.must, c.Alts[0].Terms[0])
	}
	for _, a := range p.Text.Not {
		if a.Phrase != "" || len(a.Terms) != 1 {
			return nil, false
		}
		dp.not = append(dp.not, a.Terms[0])
	}
	if p.hasTitlePhrase() {
		slots, ok := titlePhrase(p.Text.Plain)
		if !ok {
			return nil, false
		}
		dp.phrase = slots
	}
	return dp, true
}

// scoredTerm is one term query of the plan with Bleve's scoring factors
// and its postings list in each segment of the snapshot.
type scoredTerm struct {
	boost  float64
	idf    float64
	avgLen float64
	weight float64 // boost × idf × query norm
	lists  []segment.PostingsList
}

// score is Bleve's BM25 term score (its field-length estimate from the
// norm) times the term's weight.
func (t *scoredTerm) score(freq uint64, norm float64) float64 {
	tf := math.Sqrt(float64(freq))
	fieldLen := 1 / (norm * norm)
	return t.idf * (tf * bsearch.BM25_k1) / (tf + bsearch.BM25_k1*(1-bsearch.BM25_b+bsearch.BM25_b*fieldLen/t.avgLen)) * t.weight
}

// termSet holds the scored terms of a direct plan over one snapshot.
type termSet struct {
	must, should, phrase, not []*scoredTerm
	shouldTotal               float64 // should clauses, as Bleve's coordination counts them
}

// newTermSet reads the statistics Bleve scores with: document frequency
// over live documents, the average field length as Bleve estimates it
// (distinct terms per document), and the query norm over every scored term.
func newTermSet(snap *scorch.IndexSnapshot, n uint64, dp *directPlan) (*termSet, error) {
	segs := snap.Segments()
	avgLen := map[string]float64{}
	lookup := func(s termSpec) (*scoredTerm, error) {
		al, seen := avgLen[s.field]
		if !seen {
			card, err := snap.FieldCardinality(s.field)
			if err != nil {
				return nil, err
			}
			al = math.Ceil(float64(card) / float64(n))
			avgLen[s.field] = al
		}
		t := &scoredTerm{boost: s.boost, avgLen: al, lists: make([]segment.PostingsList, len(segs))}
		var df uint64
		for i, ss := range segs {
			dict, err := ss.Segment().Dictionary(s.field)
			if err != nil {
				return nil, err
			}
			pl, err := dict.PostingsList([]byte(s.term), ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			t.lists[i] = pl
			if pl != nil {
				df += pl.Count()
			}
		}
		t.idf = index.IDF(n, df)
		return t, nil
	}
	ts := &termSet{}
	add := func(dst *[]*scoredTerm, specs ...termSpec) error {
		for _, s := range specs {
			t, err := lookup(s)
			if err != nil {
				return err
			}
			*dst = append(*dst, t)
		}
		return nil
	}
	for _, term := range dp.must {
		if err := add(&ts.must, termSpec{index.FieldText, term, 1}); err != nil {
			return nil, err
		}
	}
	for _, term := range dp.must {
		if err := add(&ts.should, boostTerms(term)...); err != nil {
			return nil, err
		}
	}
	for _, slot := range dp.phrase {
		if err := add(&ts.phrase, termSpec{index.FieldTitleExact, slot.term, titlePhraseBoost}); err != nil {
			return nil, err
		}
	}
	for _, term := range dp.not {
		if err := add(&ts.not, termSpec{index.FieldText, term, 1}); err != nil {
			return nil, err
		}
	}
	// Bleve's query norm: one over the root of the summed squared weights
	// of every scored term query, must and should alike.
	sumSq := 0.0
	scored := [][]*scoredTerm{ts.must, ts.should, ts.phrase}
	for _, group := range scored {
		for _, t := range group {
			sumSq += (t.boost * t.idf) * (t.boost * t.idf)
		}
	}
	qn := 1 / math.Sqrt(sumSq)
	for _, group := range scored {
		for _, t := range group {
			t.weight = t.boost * t.idf * qn
		}
	}
	ts.shouldTotal = float64(len(ts.should))
	if len(ts.phrase) > 0 {
		ts.shouldTotal++
	}
	return ts, nil
}
