package jzap

import index "github.com/blevesearch/bleve_index_api"

// jippnas: slabbedField is a field that also lists the TokenFreqs of its
// AnalyzedTokenFrequencies in slabs, each once, in the order they sit in
// memory (jippnas's text fields, index/text_field.go). realloc visits a
// field's terms in that order instead of the map's: the map's order is
// random against memory, and in a 100k import realloc's reads of each
// TokenFreq and its locations were cache misses, 3.5 s of its 5.7 s
// (docs/benchmarks.md, 2026-12-07, sixth session). Each term's map key is
// its Term's bytes, as Bleve's analysis.TokenFrequency makes it. realloc
// and process never ask a slabbed field for its map unless a document
// visits the field twice (process merges the visits' maps, as zap does):
// jippnas's text fields make theirs only when asked.
type slabbedField interface {
	TokenFreqSlabs() [][]index.TokenFreq
}

// slabbedTerms is the number of terms of a slabbed field.
func slabbedTerms(f slabbedField) int {
	n := 0
	for _, s := range f.TokenFreqSlabs() {
		n += len(s)
	}
	return n
}

// slabbedVisit is the one field of a name a document's processing has
// visited so far, when it is slabbed: process reads its slabs, through
// the list ids realloc found, and asks for its map only if the document
// visits the field again or those ids cannot serve.
type slabbedVisit struct {
	field index.Field
	terms int
}
