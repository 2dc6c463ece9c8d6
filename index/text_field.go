package index

import (
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"jippnas/index/termtab"
)

// textField is Bleve's document.TextField without three of its costs on
// an import's path: its Size answers in constant time (field_size.go), its
// term frequencies are gathered with a few allocations a field instead of
// two a distinct term (tokenFrequencies), and the map of them that Bleve's
// interface asks for is made only when something asks: jzap reads the
// slabs instead. Every text field of a mapped document becomes one
// (ownTextFields).
type textField struct {
	name           string
	arrayPositions []uint64
	options        bindex.FieldIndexingOptions
	analyzer       analysis.Analyzer
	value          []byte
	length         int
	analysed       bool
	terms          int                     // distinct terms
	frequencies    bindex.TokenFrequencies // made from slabs when first asked for
	slabs          [][]bindex.TokenFreq    // the TokenFreqs in order of first occurrence
	shared         *sharedValues           // the value is this part of the text field (shared_values.go); nil: not shared
	part           int
	scratch        *freqScratchPool // nil: tokenFrequencies allocates its own
}

// ownTextFields makes every Bleve text field of a mapped document a
// textField, before addLengths, whose analyzer reads the fields it finds.
// The fields take tokenFrequencies' scratch from pool (nil: none).
func ownTextFields(doc *document.Document, pool *freqScratchPool) {
	for i, f := range doc.Fields {
		if tf, ok := f.(*document.TextField); ok {
			nf := newTextField(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(), tf.Analyzer())
			nf.scratch = pool
			doc.Fields[i] = nf
		}
	}
	shareValues(doc)
}

func newTextField(name string, arrayPositions []uint64, value []byte, options bindex.FieldIndexingOptions, a analysis.Analyzer) *textField {
	return &textField{name: name, arrayPositions: arrayPositions, options: options, analyzer: a, value: value}
}

func (f *textField) Name() string                         { return f.name }
func (f *textField) Value() []byte                        { return f.value }
func (f *textField) Text() string                         { return string(f.value) }
func (f *textField) ArrayPositions() []uint64             { return f.arrayPositions }
func (f *textField) EncodedFieldType() byte               { return 't' }
func (f *textField) Options() bindex.FieldIndexingOptions { return f.options }
func (f *textField) Analyzer() analysis.Analyzer          { return f.analyzer }
func (f *textField) AnalyzedLength() int                  { return f.length }
func (f *textField) NumPlainTextBytes() uint64            { return uint64(len(f.value)) }

// AnalyzedTokenFrequencies is the field's terms and their TokenFreqs, nil
// until the field is analysed. The map is made when first asked for: on an
// import's path nothing asks (jzap reads TokenFreqSlabs); with the table
// that replaced it, a document's analysis takes about 7 % less time
// (BenchmarkAnalyseDocument).
func (f *textField) AnalyzedTokenFrequencies() bindex.TokenFrequencies {
	if f.frequencies == nil && f.analysed {
		m := make(bindex.TokenFrequencies, f.terms)
		for _, s := range f.slabs {
			for k := range s {
				// The key shares the term's bytes, as TokenFreq.Term does:
				// the analyzer's output is not written after Analyze returns.
				m[unsafe.String(unsafe.SliceData(s[k].Term), len(s[k].Term))] = &s[k]
			}
		}
		f.frequencies = m
	}
	return f.frequencies
}

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
	var sc *freqScratch
	if len(tokens) > fewTokens {
		sc = f.scratch.get()
	}
	f.slabs, f.terms = tokenFrequencies(tokens, f.arrayPositions, f.options, sc)
	if sc != nil {
		f.scratch.put(sc)
	}
	f.frequencies, f.analysed = nil, true
}

// tokenFrequencies is analysis.TokenFrequency as slabs of TokenFreqs: the
// same terms, frequencies and locations in the same order, and the number
// of terms. Bleve allocates a TokenFreq and grows a slice of locations for
// every distinct term, and finds a term's in a map made for the field;
// here the TokenFreqs come from slabs, in order of first occurrence, found
// again through a table reused from field to field (sc), and every term's
// locations are a part of one slice, sized by a first pass that counts.
// The locations themselves are laid out by term, not by token, so that
// building a segment reads a term's locations one after the other, as it
// reads the slabs (jzap's realloc).
func tokenFrequencies(tokens analysis.TokenStream, arrayPositions []uint64, options bindex.FieldIndexingOptions, sc *freqScratch) ([][]bindex.TokenFreq, int) {
	var slabs [][]bindex.TokenFreq
	var slab []bindex.TokenFreq
	var of []*bindex.TokenFreq // each token's term, when locations are kept
	locations := options.IncludeTermVectors()
	if locations {
		of = make([]*bindex.TokenFreq, len(tokens))
	}
	// A field of a few tokens (most keyword fields: one) finds its terms
	// in its one slab.
	few := len(tokens) <= fewTokens
	if !few {
		if sc == nil {
			sc = new(freqScratch)
		}
		sc.tab.Reset()
	}
	terms := 0
	// The frequency counts occurrences in this pass, also for a field that
	// keeps none (it is reset below): the second pass sizes by it.
	for i, t := range tokens {
		var tf *bindex.TokenFreq
		if few {
			for k := range slab {
				if string(slab[k].Term) == string(t.Term) {
					tf = &slab[k]
					break
				}
			}
		} else if n, found := sc.tab.GetOrPut(unsafe.String(unsafe.SliceData(t.Term), len(t.Term)), uint32(terms)); found {
			tf = sc.tfs[n]
		}
		if tf == nil {
			if len(slab) == cap(slab) {
				if slab != nil {
					slabs = append(slabs, slab)
				}
				slab = make([]bindex.TokenFreq, 0, min(64, len(tokens)-i))
			}
			slab = append(slab, bindex.TokenFreq{Term: t.Term})
			tf = &slab[len(slab)-1]
			if !few {
				sc.tfs = append(sc.tfs, tf)
			}
			terms++
		}
		tf.SetFrequency(tf.Frequency() + 1)
		if locations {
			of[i] = tf
		}
	}
	if len(slab) > 0 {
		slabs = append(slabs, slab)
	}
	if !few {
		clear(sc.tfs) // the pool keeps no analysis
		sc.tfs = sc.tfs[:0]
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
	return slabs, terms
}

// fewTokens is the most tokens a field has that tokenFrequencies finds
// the terms of by comparing them with the ones found before, without a
// scratch.
const fewTokens = 8

// freqScratch is what tokenFrequencies reuses from field to field: a
// table from a term to its number, in order of first occurrence, and the
// TokenFreqs by number.
type freqScratch struct {
	tab termtab.Table
	tfs []*bindex.TokenFreq
}

// freqScratchPool lends freqScratches to the goroutines that analyse an
// index's documents.
type freqScratchPool struct{ p sync.Pool }

// get returns a scratch from the pool, a new one if p is nil or empty.
func (p *freqScratchPool) get() *freqScratch {
	if p != nil {
		if sc, ok := p.p.Get().(*freqScratch); ok {
			return sc
		}
	}
	return new(freqScratch)
}

func (p *freqScratchPool) put(sc *freqScratch) {
	if p != nil {
		p.p.Put(sc)
	}
}
