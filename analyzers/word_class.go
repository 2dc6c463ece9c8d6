package analyzers

import "maps"

// The analyzer asks several questions of every word of a text: is it a spelling variant or an
// informal form, an acronym, the first word of an acronym's expansion, a stopword, an echo word.
// Asked one map at a time that was six lookups a word, about a tenth of an import's analysis
// (docs/benchmarks.md, 2026-12-07, fourth session); wordFacts answers them in one for a plain
// word, standardForms and wordClasses in two for the rest: the first while a token is normalised,
// the second when it is made.

// standardForms maps every spelling variant and informal form to its standard form; a variant
// (spelling.go) wins over an informal form (informal.go) of the same word, as spelling always
// looked the variants up first.
var standardForms = func() map[string]string {
	m := maps.Clone(informalWords)
	maps.Copy(m, spellingVariants)
	return m
}()

// Word classes, bits of wordClasses' values.
const (
	classStop    uint8 = 1 << iota // a stopword (stop_words.go)
	classEcho                      // an echo word, kept whole (tokenizer.go)
	classAcronym                   // an acronym of the curated list (acronyms.go)
	classFirst                     // the first word of an acronym's expansion
)

// wordClasses holds the class of every word that has one; filled by init once the stopwords and
// acronyms are read, read-only afterwards.
var wordClasses map[string]uint8

func buildWordClasses(stop map[string]struct{}, echo map[string]bool, acr *acronymTable) map[string]uint8 {
	m := make(map[string]uint8, len(stop)+len(echo)+2*len(acr.acronyms))
	for w := range stop {
		m[w] |= classStop
	}
	for w, ok := range echo {
		if ok {
			m[w] |= classEcho
		}
	}
	for w, ok := range acr.acronyms {
		if ok {
			m[w] |= classAcronym
		}
	}
	for w := range acr.byFirst {
		m[w] |= classFirst
	}
	return m
}

// wordFact is what the analyzer knows of a normalised word: its standard form (the word itself
// unless it is a variant) and that form's word class.
type wordFact struct {
	standard string
	class    uint8
}

// wordFacts holds the fact of every word that is a variant or has a class; filled by init after
// wordClasses, read-only afterwards.
var wordFacts *factTable

// factTable is a map of word facts behind a bit set of its words' hashes. Most words of a text
// have no fact (about two in three of the demo corpus's), and their map lookups, among an
// import's stem cache reads that evict the map from the processor's caches, cost a memory access
// each; the bit set (8 KiB) stays cached and turns nearly all of them away (1,353 words: about 2 %
// of the others pass).
type factTable struct {
	m    map[string]wordFact
	bits [factBits / 64]uint64
}

const factBits = 1 << 16

// factHash is FNV-1a: a few multiplications for a short word, without a call.
func factHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return h
}

// get is the fact of w; none before init has built the table (the acronyms
// are read with the analyzer, before the words have classes).
func (t *factTable) get(w string) (wordFact, bool) {
	if t == nil {
		return wordFact{}, false
	}
	h := factHash(w) % factBits
	if t.bits[h/64]&(1<<(h%64)) == 0 {
		return wordFact{}, false
	}
	f, ok := t.m[w]
	return f, ok
}

func buildWordFacts(standard map[string]string, classes map[string]uint8) *factTable {
	m := make(map[string]wordFact, len(standard)+len(classes))
	for w, c := range classes {
		m[w] = wordFact{standard: w, class: c}
	}
	for w, v := range standard { // a variant is looked up as its standard form
		m[w] = wordFact{standard: v, class: classes[v]}
	}
	t := &factTable{m: m}
	for w := range m {
		h := factHash(w) % factBits
		t.bits[h/64] |= 1 << (h % 64)
	}
	return t
}
