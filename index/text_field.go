package index

import (
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// textField is Bleve's document.TextField without two of its costs on an
// import's path: its Size answers in constant time (field_size.go) and its
// term frequencies are gathered with a few allocations a field instead of
// two a distinct term (tokenFrequencies).
// Every text field of a mapped document becomes one (ownTextFields).
type textField struct {
	name           string
	arrayPositions []uint64
	options        bindex.FieldIndexingOptions
	analyzer       analysis.Analyzer
	value          []byte
	length         int
	frequencies    bindex.TokenFrequencies
	slabs          [][]bindex.TokenFreq // frequencies' TokenFreqs in order of first occurrence
	shared         *sharedValues        // the value is this part of the text field (shared_values.go); nil: not shared
	part           int
}

// ownTextFields makes every Bleve text field of a mapped document a
// textField, before addLengths, whose analyzer reads the fields it finds.
func ownTextFields(doc *document.Document) {
	for i, f := range doc.Fields {
		if tf, ok := f.(*document.TextField); ok {
			doc.Fields[i] = newTextField(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(), tf.Analyzer())
		}
	}
	shareValues(doc)
}

func newTextField(name string, arrayPositions []uint64, value []byte, options bindex.FieldIndexingOptions, a analysis.Analyzer) *textField {
	return &textField{name: name, arrayPositions: arrayPositions, options: options, analyzer: a, value: value}
}

func (f *textField) Name() string                                      { return f.name }
func (f *textField) Value() []byte                                     { return f.value }
func (f *textField) Text() string                                      { return string(f.value) }
func (f *textField) ArrayPositions() []uint64                          { return f.arrayPositions }
func (f *textField) EncodedFieldType() byte                            { return 't' }
func (f *textField) Options() bindex.FieldIndexingOptions              { return f.options }
func (f *textField) Analyzer() analysis.Analyzer                       { return f.analyzer }
func (f *textField) AnalyzedLength() int                               { return f.length }
func (f *textField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.frequencies }
func (f *textField) NumPlainTextBytes() uint64                         { return uint64(len(f.value)) }

// TokenFreqSlabs lists the TokenFreqs of AnalyzedTokenFrequencies in slabs,
// in order of first occurrence: jzap reads them in memory order instead
// of the map's (its realloc).
func (f *textField) TokenFreqSlabs() [][]bindex.TokenFreq { return f.slabs }

// Analyze is TextField.Analyze with tokenFrequencies.
func (f *textField) Analyze() {
	var tokens analysis.TokenStream
	if f.analyzer != nil {
		value := f.value
		if f.options.IsStored() { // the analyzer may keep slices of what it reads
			value = append([]byte(nil), value...)
		}
		if f.shared != nil {
			tokens = f.shared.analyze(f.part, f.analyzer, value)
		} else {
			tokens = f.analyzer.Analyze(value)
		}
	} else {
		tokens = analysis.TokenStream{{Start: 0, End: len(f.value), Term: f.value, Position: 1, Type: analysis.AlphaNumeric}}
	}
	f.length = len(tokens)
	f.frequencies, f.slabs = tokenFrequencies(tokens, f.arrayPositions, f.options)
}

// tokenFrequencies is analysis.TokenFrequency: the same terms, frequencies
// and locations in the same order. Bleve allocates a TokenFreq and grows a
// slice of locations for every distinct term; here the TokenFreqs come from
// slabs, returned too (the terms in order of first occurrence), and every
// term's locations are a part of one slice, sized by a first pass that
// counts. The locations themselves are laid out by term, not by token, so
// that building a segment reads a term's locations one after the other,
// as it reads the slabs (jzap's realloc).
func tokenFrequencies(tokens analysis.TokenStream, arrayPositions []uint64, options bindex.FieldIndexingOptions) (bindex.TokenFrequencies, [][]bindex.TokenFreq) {
	rv := make(bindex.TokenFrequencies, len(tokens)/2+1)
	var slabs [][]bindex.TokenFreq
	var slab []bindex.TokenFreq
	var of []*bindex.TokenFreq // each token's term, when locations are kept
	locations := options.IncludeTermVectors()
	if locations {
		of = make([]*bindex.TokenFreq, len(tokens))
	}
	// The frequency counts occurrences in this pass, also for a field that
	// keeps none (it is reset below): the second pass sizes by it.
	for i, t := range tokens {
		tf := rv[string(t.Term)]
		if tf == nil {
			if len(slab) == cap(slab) {
				if slab != nil {
					slabs = append(slabs, slab)
				}
				slab = make([]bindex.TokenFreq, 0, min(64, len(tokens)-i))
			}
			slab = append(slab, bindex.TokenFreq{Term: t.Term})
			tf = &slab[len(slab)-1]
			// The key shares the token's bytes, as TokenFreq.Term does:
			// the analyzer's output is not written after Analyze returns.
			rv[unsafe.String(unsafe.SliceData(t.Term), len(t.Term))] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		if locations {
			of[i] = tf
		}
	}
	if len(slab) > 0 {
		slabs = append(slabs, slab)
	}
	if locations {
		tls := make([]bindex.TokenLocation, len(tokens))
		ptrs := make([]*bindex.TokenLocation, len(tokens))
		// Each term's part of ptrs (and of tls, index for index) starts
		// where its capacity says: it runs to the end of ptrs until the
		// last pass below caps it.
		next := 0
		for _, s := range slabs {
			for k := range s {
				s[k].Locations = ptrs[next:next:len(ptrs)]
				next += s[k].Frequency()
			}
		}
		for i, t := range tokens {
			tf := of[i]
			j := len(ptrs) - cap(tf.Locations) + len(tf.Locations)
			tls[j] = bindex.TokenLocation{ArrayPositions: arrayPositions, Start: t.Start, End: t.End, Position: t.Position}
			tf.Locations = append(tf.Locations, &tls[j])
		}
		// Capped, so that appending to a term's locations (Bleve's
		// MergeAll) cannot overwrite the next term's.
		for _, s := range slabs {
			for k := range s {
				s[k].Locations = s[k].Locations[:len(s[k].Locations):len(s[k].Locations)]
			}
		}
	}
	if options.SkipFreqNorm() {
		for _, s := range slabs {
			for k := range s {
				s[k].SetFrequency(0)
			}
		}
	}
	return rv, slabs
}
