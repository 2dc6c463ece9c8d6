package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
)

// Fields indexed with term vectors keep each token's position and value
// number (phrase queries and the ranking's lead need them) but not its byte
// offsets: nothing reads offsets from the index (snippets are cut from the
// stored text by the highlighter), and zap writes them as two varints per
// token: leaving them out made the index 9 % smaller at 100k documents and
// 12 % at 1M (docs/benchmarks.md). Zero offsets take one byte each.

// dropOffsets gives the term-vector text fields of a mapped document an
// analyzer that zeroes the offsets of the tokens it emits. It runs before
// addLengths, which keeps the text fields it finds.
func dropOffsets(doc *document.Document) {
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || !tf.Options().IncludeTermVectors() || tf.Analyzer() == nil {
			continue
		}
		doc.Fields[i] = document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(),
			positionsOnly{tf.Analyzer()})
	}
}

// positionsOnly is an analyzer whose tokens carry no byte offsets.
type positionsOnly struct{ analysis.Analyzer }

func (a positionsOnly) Analyze(text []byte) analysis.TokenStream {
	ts := a.Analyzer.Analyze(text)
	for _, t := range ts {
		t.Start, t.End = 0, 0
	}
	return ts
}
