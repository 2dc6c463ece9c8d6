package index

import (
	"reflect"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
)

// The title and the summary are indexed twice with the same analyzer: in
// their own fields and as parts of the text field (mapping.go). A
// document's shared values are analysed once: the first of the two fields
// to analyse one keeps its tokens, the second takes them: about 4 % of a
// document's analysis (BenchmarkAnalyseDocument; docs/benchmarks.md,
// 2026-12-07, sixth session).
//
// Taking tokens is safe only where the taker reads nothing but the terms
// and their count: a field without term vectors (its frequencies keep the
// terms' bytes, never a token), sharing with the text field, which places
// the tokens of a part at that part's positions (place) but never changes a
// term. A document's fields are analysed one after the other on one
// goroutine (scorch's analyze), so the slots need no lock.

// sharedValues holds the tokens of a document's text field parts that
// another field of the document indexes too, until the last field that
// reads a part has: a batch keeps its documents until its segment is
// built, and a body's tokens kept that long cost the collector more than
// they save (an import took more processor time, not less).
type sharedValues struct {
	parts []analysis.TokenStream // by part of the text field; nil: not analysed yet, or read by all
	users []int                  // by part: the fields yet to read it
}

// shareValues links the text fields of a mapped document whose value is a
// part of its text field, with the same analyzer and without term vectors,
// to that part. It runs on the fields ownTextFields made.
func shareValues(doc *document.Document) {
	var text *textField
	var pa partsAnalyzer
	for _, f := range doc.Fields {
		if tf, ok := f.(*textField); ok && tf.name == FieldText {
			if p, ok := tf.analyzer.(partsAnalyzer); ok {
				text, pa = tf, p
			}
		}
	}
	if text == nil || !canCompare(pa.Analyzer) {
		return
	}
	var sv *sharedValues
	for _, f := range doc.Fields {
		tf, ok := f.(*textField)
		if !ok || tf == text || tf.options.IncludeTermVectors() || !canCompare(tf.analyzer) || tf.analyzer != pa.Analyzer {
			continue
		}
		k := pa.partOf(text.value, tf.value)
		if k < 0 {
			continue
		}
		if sv == nil {
			n := max(len(pa.ends), 1)
			sv = &sharedValues{parts: make([]analysis.TokenStream, n), users: make([]int, n)}
			for i := range sv.users {
				sv.users[i] = 1 // the text field
			}
			pa.shared = sv
			text.analyzer = pa
		}
		tf.shared, tf.part = sv, k
		sv.users[k]++
	}
}

// partOf is the part of value (the text field's) that equals v, or -1.
func (a partsAnalyzer) partOf(value, v []byte) int {
	from := 0
	for k, end := range a.ends {
		if string(value[from:end]) == string(v) {
			return k
		}
		from = end
	}
	return -1
}

// canCompare reports whether an analyzer can be compared with ==: the
// mapping's are pointers, but an analyzer of another kind could be a value
// holding a slice, which == would panic on.
func canCompare(a analysis.Analyzer) bool {
	return a != nil && reflect.TypeOf(a).Comparable()
}

// analyze is the tokens of part k of the text field: those kept, or those
// analyzer gives, kept if another field is to read them.
func (sv *sharedValues) analyze(k int, a analysis.Analyzer, text []byte) analysis.TokenStream {
	sv.users[k]--
	ts := sv.parts[k]
	if ts == nil {
		ts = a.Analyze(text)
	}
	if sv.users[k] > 0 {
		sv.parts[k] = ts
	} else {
		sv.parts[k] = nil
	}
	return ts
}
