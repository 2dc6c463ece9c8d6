package index

import (
	"reflect"

	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Scorch asks every analysed document for its size, for a memory
// statistic only, in the one goroutine that gathers a batch's analyses:
// Bleve's text field answers by walking each token's every location. In a
// 100k import that walk took 4.2 s of CPU on the batch's critical path
// (docs/benchmarks.md, 2026-12-07, second session). textField answers in
// constant time from its lengths instead, within a few per cent of the walk
// on real documents (TestSizedTextNearBleve).

var (
	textFieldBytes     = int(reflect.TypeOf(document.TextField{}).Size())
	tokenFreqBytes     = int(reflect.TypeOf(bindex.TokenFreq{}).Size())
	tokenLocationBytes = int(reflect.TypeOf(bindex.TokenLocation{}).Size())
)

// Size estimates what TextField.Size computes: the field, each distinct
// term (map entry, TokenFreq and the term's bytes, about seven on
// average in Indonesian text) and each token's location when the field
// keeps them.
func (f *textField) Size() int {
	n := textFieldBytes + 8 + len(f.name) + 8*len(f.arrayPositions) + len(f.value)
	if f.analysed {
		n += 48 + f.terms*(16+8+tokenFreqBytes+7)
		if f.options.IncludeTermVectors() {
			n += f.length * tokenLocationBytes
		}
	}
	return n
}
