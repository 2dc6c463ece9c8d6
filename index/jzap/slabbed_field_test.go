package jzap_test

import (
	"math/rand"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"jippnas/index/jzap"
)

// slabbed is a field that lists its TokenFreqs in slabs, as jippnas's text
// fields do; the map's entries point into the slabs.
type slabbed struct {
	document.Field
	slabs [][]index.TokenFreq
	calls *int
}

func (f slabbed) TokenFreqSlabs() [][]index.TokenFreq {
	*f.calls++
	return f.slabs
}

// withSlabs makes every analysed field of docs a slabbed one, its terms in
// slabs of seven in descending order (any order the map's is not).
func withSlabs(docs []index.Document, calls *int) {
	for _, d := range docs {
		doc := d.(*document.Document)
		for i, f := range doc.Fields {
			tfs := f.AnalyzedTokenFrequencies()
			if len(tfs) == 0 {
				continue
			}
			terms := make([]string, 0, len(tfs))
			for term := range tfs {
				terms = append(terms, term)
			}
			sort.Sort(sort.Reverse(sort.StringSlice(terms)))
			var slabs [][]index.TokenFreq
			for len(terms) > 0 {
				n := min(7, len(terms))
				slab := make([]index.TokenFreq, n)
				for k, term := range terms[:n] {
					slab[k] = *tfs[term]
					tfs[term] = &slab[k]
				}
				slabs = append(slabs, slab)
				terms = terms[n:]
			}
			doc.Fields[i] = slabbed{Field: f, slabs: slabs, calls: calls}
		}
	}
}

// TestSlabbedFieldsSameSegment: a segment built from fields that list
// their terms in slabs (read in that order) holds the same postings,
// locations and dictionaries as one built from the same fields' maps.
func TestSlabbedFieldsSameSegment(t *testing.T) {
	p := &jzap.ZapPlugin{}
	for seed := int64(1); seed <= 4; seed++ {
		plain := randomDocs(rand.New(rand.NewSource(seed)), "d", 150, true, "")
		docs := randomDocs(rand.New(rand.NewSource(seed)), "d", 150, true, "")
		calls := 0
		withSlabs(docs, &calls)
		a, _, err := p.New(plain)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := p.New(docs)
		if err != nil {
			t.Fatal(err)
		}
		if calls == 0 {
			t.Fatalf("seed %d: the segment never read the slabs", seed)
		}
		if da, db := dump(t, a), dump(t, b); da != db {
			t.Fatalf("seed %d: the segments differ:\n%s", seed, firstDiff(da, db))
		}
	}
}
