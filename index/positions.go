package index

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"

	"jippnas/index/postings"
)

// Fields indexed with term vectors keep each token's position (phrase
// queries and the ranking's lead need it) but not its byte offsets:
// nothing reads offsets from the index (snippets are cut from the stored
// text by the highlighter), and zap writes them as two varints per token:
// leaving them out made the index 9 % smaller at 100k documents and 12 % at
// 1M (docs/benchmarks.md). Zero offsets take one byte each.
//
// The values of the text field (body, title, summary, names) are indexed
// as one value whose k-th part starts at position k·ValueStride + 1. Bleve
// would index them as values with an array position each, which zap
// writes for every token (two varints more); one value with positions far
// apart keeps a phrase within one part all the same, and the position
// within its part is the position modulo the stride (postings.FirstPos).
// At 10k documents the text field's locations took 32.4 MB instead of
// 35.8 MB, and the index 52.1 MB instead of 54.8 MB (docs/benchmarks.md).

// indexPositions gives the term-vector text fields of a mapped document an
// analyzer that zeroes the offsets of the tokens it emits, and merges the
// values of the text field into one. It runs before addLengths, which
// keeps the text fields it finds.
func indexPositions(doc *document.Document) {
	var parts []*document.TextField
	at := -1
	kept := doc.Fields[:0]
	for _, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		switch {
		case !ok || !tf.Options().IncludeTermVectors() || tf.Analyzer() == nil:
			kept = append(kept, f)
		case tf.Name() == FieldText:
			if at < 0 {
				at = len(kept)
				kept = append(kept, nil)
			}
			parts = append(parts, tf)
		default:
			kept = append(kept, document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(),
				partsAnalyzer{Analyzer: tf.Analyzer()}))
		}
	}
	if at >= 0 {
		kept[at] = mergeParts(parts)
	}
	doc.Fields = kept
}

// mergeParts makes one field of a multi-valued text field, the values in
// the order of their array positions.
func mergeParts(parts []*document.TextField) *document.TextField {
	slices.SortStableFunc(parts, func(a, b *document.TextField) int {
		return slices.Compare(a.ArrayPositions(), b.ArrayPositions())
	})
	n := 0
	for _, p := range parts {
		n += len(p.Value())
	}
	value := make([]byte, 0, n)
	ends := make([]int, len(parts))
	for i, p := range parts {
		value = append(value, p.Value()...)
		ends[i] = len(value)
	}
	first := parts[0]
	return document.NewTextFieldCustom(first.Name(), nil, value, first.Options(),
		partsAnalyzer{Analyzer: first.Analyzer(), ends: ends})
}

// partsAnalyzer analyses each part of a value on its own (ends holds where
// each ends; none: one part), places part k at k·ValueStride and emits no
// byte offsets.
type partsAnalyzer struct {
	analysis.Analyzer
	ends   []int
	shared *sharedValues // parts another field indexes too (shared_values.go); nil: none
}

func (a partsAnalyzer) Analyze(text []byte) analysis.TokenStream {
	if len(a.ends) == 0 {
		return place(a.part(0, text), 0)
	}
	var out analysis.TokenStream
	from := 0
	for k, end := range a.ends {
		ts := place(a.part(k, text[from:end]), k)
		if out == nil {
			out = ts
		} else {
			out = append(out, ts...)
		}
		from = end
	}
	return out
}

// part analyses part k, or takes its tokens from another field.
func (a partsAnalyzer) part(k int, text []byte) analysis.TokenStream {
	if a.shared != nil {
		return a.shared.analyze(k, a.Analyzer, text)
	}
	return a.Analyzer.Analyze(text)
}

// place moves the tokens of part k to its positions and zeroes their
// offsets. A part longer than the stride (a body of more than half a
// million words, five times what a document may hold) keeps its tail at
// the stride's last position rather than run into the next part.
func place(ts analysis.TokenStream, k int) analysis.TokenStream {
	for _, t := range ts {
		p := min(t.Position, postings.ValueStride-1)
		t.Position = k*postings.ValueStride + p
		t.Start, t.End = 0, 0
	}
	return ts
}
