package analyzers

import (
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer names registered with Bleve.
const (
	AnalyzerName      = "id"       // index analyzer for text fields
	QueryAnalyzerName = "id_query" // match-query analyzer: acronym contraction instead of expansion
	ExactAnalyzerName = "id_exact" // unstemmed, with stopwords: phrases and exact titles
	StemmerFilterName = "id_stemmer"
)

// Token is one analysed token. Start and End are byte offsets into the original text; Position is
// 1-based as in Bleve, and tokens emitted for the same source word share it (e-KTP → ektp, ktp).
type Token struct {
	Term     string
	Start    int
	End      int
	Position int
	Kind     string // "word", "number", "acronym", "compound"
	class    uint8  // the term's word class (word_class.go), set as the token is made
}

type mode int

const (
	modeIndex mode = iota
	modeQuery
	modeExact
)

// idAnalyzer implements analysis.Analyzer; it is safe for concurrent use.
type idAnalyzer struct {
	mode    mode
	stemmer *Stemmer
	scratch sync.Pool // of *scratch: what Analyze needs and keeps nothing of
}

// scratch holds the buffers an analysis needs only while it runs: the
// tokenizer's chunks and spans, the surface tokens and the roots' bytes.
// Analyze (the indexing path) copies its result out of them and reuses
// them. Allocated for every field, they were half of what indexing a
// document allocated in analysis (index's BenchmarkAnalyseDocument: 298 KB
// a document, now 149), all of it zeroed and then collected. Analyze by
// name, whose tokens the caller keeps, does not reuse.
type scratch struct {
	chunks   []chunk
	flat     []span
	toks     []Token
	expanded []Token // expandAcronyms' output, never toks' array
	roots    []byte
}

// builtin holds the three analyzers; filled by init, read-only afterwards.
var builtin map[string]*idAnalyzer

func init() {
	stopwords = parseStopwords(stopwordsTxt)
	acronymData = parseAcronyms(acronymsTSV)
	wordClasses = buildWordClasses(stopwords, echoWords, acronymData)
	wordFacts = buildWordFacts(standardForms, wordClasses)
	st := NewStemmer()
	builtin = map[string]*idAnalyzer{
		AnalyzerName:      {mode: modeIndex, stemmer: st},
		QueryAnalyzerName: {mode: modeQuery, stemmer: st},
		ExactAnalyzerName: {mode: modeExact, stemmer: st},
	}
	for name, a := range builtin {
		a := a
		// A duplicate name means another package registered it first; Bleve then keeps that one.
		_ = registry.RegisterAnalyzer(name, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return a, nil
		})
	}
	_ = registry.RegisterTokenFilter(StemmerFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{st}, nil
	})
}

// Analyze runs a registered analyzer by name: one of ours, or any analyzer known to Bleve's registry.
func Analyze(analyzer string, text string) ([]Token, error) {
	if a, ok := builtin[analyzer]; ok {
		return a.analyze(nil, text), nil
	}
	an, err := registry.NewCache().AnalyzerNamed(analyzer)
	if err != nil {
		return nil, fmt.Errorf("analyzers: unknown analyzer %q: %w", analyzer, err)
	}
	ts := an.Analyze([]byte(text))
	out := make([]Token, 0, len(ts))
	for _, t := range ts {
		kind := KindWord
		if t.Type == analysis.Numeric {
			kind = KindNumber
		}
		out = append(out, Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position, Kind: kind})
	}
	return out, nil
}

// Analyze implements analysis.Analyzer.
func (a *idAnalyzer) Analyze(input []byte) analysis.TokenStream {
	sc, _ := a.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer a.scratch.Put(sc)
	// The input is read, not copied: every term is copied into terms
	// below before Analyze returns, and what sc keeps of it is never read
	// again. An import's copies were as large as its corpus.
	toks := a.analyze(sc, unsafe.String(unsafe.SliceData(input), len(input)))
	ts := make(analysis.TokenStream, len(toks))
	backing := make([]analysis.Token, len(toks))
	// One allocation holds every term's bytes: a document's body has hundreds of tokens.
	n := 0
	for _, t := range toks {
		n += len(t.Term)
	}
	terms := make([]byte, 0, n)
	for i, t := range toks {
		typ := analysis.AlphaNumeric
		if t.Kind == KindNumber {
			typ = analysis.Numeric
		}
		from := len(terms)
		terms = append(terms, t.Term...)
		// Capped: a filter appending to one term cannot overwrite the next.
		backing[i] = analysis.Token{Term: terms[from:len(terms):len(terms)], Start: t.Start, End: t.End, Position: t.Position, Type: typ}
		ts[i] = &backing[i]
	}
	return ts
}

// analyze runs the analyzer; the tokens are in sc's buffers (sc nil: new ones),
// valid until sc's next use.
func (a *idAnalyzer) analyze(sc *scratch, text string) []Token {
	var stem func(string) string
	if a.mode != modeExact {
		stem = a.stemmer.Stem
	}
	toks := surface(sc, text, stem)
	switch a.mode {
	case modeIndex:
		toks = expandAcronyms(sc, toks)
	case modeQuery:
		toks = contractAcronyms(toks)
	}
	if a.mode == modeExact {
		return toks
	}
	out := toks[:0]
	// The roots, one after the other; each token's term is its part.
	// Bytes once written are never changed: a term stays valid when the
	// buffer grows into a new array.
	var roots []byte
	if sc != nil && cap(sc.roots) >= len(text)/2 {
		roots = sc.roots[:0]
	} else {
		roots = make([]byte, 0, len(text)/2)
	}
	a.stemmer.cache.touch(toks)
	for _, t := range toks {
		if t.Kind == KindWord && t.class&classStop != 0 {
			continue
		}
		if t.stemmed() {
			n := len(roots)
			roots = a.stemmer.appendStem(roots, t.Term)
			t.Term = unsafe.String(unsafe.SliceData(roots[n:]), len(roots)-n)
		}
		out = append(out, t)
	}
	if sc != nil {
		sc.roots = roots[:0]
	}
	return out
}

// stemmed reports whether the index and query analyzers stem the token: a
// word that is neither a stopword (dropped) nor an echo word (kept whole).
func (t *Token) stemmed() bool {
	return t.Kind == KindWord && t.class&(classStop|classEcho) == 0
}

// surface tokenizes and normalises text and resolves hyphen groups; stem (nil for the exact
// analyzer) only helps to recognise affixed reduplication. Terms are not stemmed yet.
// sc (nil: none) lends the buffers.
func surface(sc *scratch, text string, stem func(string) string) []Token {
	var chunks []chunk
	var out []Token
	if sc != nil {
		chunks, sc.flat = tokenizeInto(sc.chunks[:0], sc.flat[:0], text)
		sc.chunks = chunks[:0]
		out = sc.toks[:0]
	} else {
		chunks = tokenize(text)
	}
	if cap(out) < len(chunks)+4 {
		out = make([]Token, 0, len(chunks)+4)
	}
	pos := 0
	// emitClassed adds the token of span sp: term, final, of word class class.
	emitClassed := func(sp span, term string, class uint8) {
		if term == "" {
			return // a lone combining mark folds away
		}
		pos++
		kind := sp.kind
		if kind == KindWord && class&classAcronym != 0 {
			kind = KindAcronym
		}
		out = append(out, Token{Term: term, Start: sp.start, End: sp.end, Position: pos, Kind: kind, class: class})
	}
	emit := func(sp span, term string) {
		switch sp.kind {
		case KindNumber:
			term = numberTerm(term)
		case KindAcronym:
			term = strings.ReplaceAll(term, ".", "")
		}
		emitClassed(sp, term, wordClasses[term])
	}
	for _, c := range chunks {
		if len(c.parts) == 1 {
			sp := c.parts[0]
			if sp.kind == KindWord { // most tokens: one lookup for the standard form and the class
				term, class := normalizeWord(sp.raw(text))
				emitClassed(sp, term, class)
			} else {
				emit(sp, normalizeTerm(sp.raw(text)))
			}
			continue
		}
		terms := make([]string, len(c.parts))
		allWords := true
		for i, p := range c.parts {
			terms[i] = normalizeTerm(p.raw(text))
			if p.kind == KindNumber {
				allWords = false
			}
		}
		whole := span{start: c.parts[0].start, end: c.parts[len(c.parts)-1].end, kind: KindWord}
		// e-KTP, m-Paspor: the whole as one compound term and the base at the same position
		if len(terms) == 2 && servicePrefixes[terms[0]] && c.parts[1].kind != KindNumber && terms[1] != "" {
			emit(c.parts[1], terms[1])
			base := out[len(out)-1]
			out[len(out)-1] = Token{Term: terms[0] + strings.ReplaceAll(terms[1], ".", ""), Start: whole.start, End: whole.end, Position: pos, Kind: KindCompound}
			out = append(out, base)
			continue
		}
		if allWords {
			joined := strings.Join(terms, "-")
			if isEchoWord(joined) {
				emit(whole, joined)
				continue
			}
			if base, ok := reduplicationBase(terms, stem); ok {
				emit(whole, base)
				continue
			}
		}
		for i, p := range c.parts {
			emit(p, terms[i])
		}
	}
	if sc != nil {
		sc.toks = out[:0]
	}
	return out
}

func (s span) raw(text string) string { return text[s.start:s.end] }

// reduplicationBase recognises anak-anak, buku-bukunya, bersama-sama, nikmat-ku and returns the
// word to keep (the first part).
func reduplicationBase(terms []string, stem func(string) string) (string, bool) {
	n := len(terms)
	for n > 1 && isClitic(terms[n-1]) {
		n--
	}
	if n == 1 {
		return terms[0], true
	}
	if n != 2 {
		return "", false
	}
	a, b := terms[0], terms[1]
	if a == b || isReduplicationOf(a, b) {
		return a, true
	}
	if stem != nil && isPlainWord(a) && isPlainWord(b) && stem(a) == stem(b) {
		return a, true
	}
	return "", false
}

// expandAcronyms (index side) adds the acronym token for every expansion phrase found, at the
// position of the phrase's first word and spanning the phrase.
// sc (nil: none) lends the output's buffer.
func expandAcronyms(sc *scratch, toks []Token) []Token {
	if acronymData == nil {
		return toks
	}
	var out []Token
	for i := range toks {
		if out != nil {
			out = append(out, toks[i])
		}
		if toks[i].Kind == KindCompound || toks[i].class&classFirst == 0 {
			continue
		}
		acronymData.match(toks, i, func(e *expansion, end int) bool {
			if out == nil {
				if sc != nil && cap(sc.expanded) >= len(toks)+4 {
					out = sc.expanded[:0]
				} else {
					out = make([]Token, 0, len(toks)+4)
				}
				out = append(out, toks[:i+1]...)
			}
			if e.acronym != toks[i].Term {
				out = append(out, Token{Term: e.acronym, Start: toks[i].Start, End: toks[end-1].End, Position: toks[i].Position, Kind: KindAcronym})
			}
			return true
		})
	}
	if out == nil {
		return toks
	}
	if sc != nil {
		sc.expanded = out[:0]
	}
	return out
}

// contractAcronyms (query side) replaces the longest unambiguous expansion phrase by its acronym.
func contractAcronyms(toks []Token) []Token {
	if acronymData == nil {
		return toks
	}
	var out []Token
	for i := 0; i < len(toks); i++ {
		var best *expansion
		bestEnd := 0
		if toks[i].Kind != KindCompound && toks[i].class&classFirst != 0 {
			acronymData.match(toks, i, func(e *expansion, end int) bool {
				best, bestEnd = e, end
				return false // list is longest first
			})
		}
		if best == nil || best.ambiguous {
			if out != nil {
				out = append(out, toks[i])
			}
			continue
		}
		if out == nil {
			out = make([]Token, 0, len(toks))
			out = append(out, toks[:i]...)
		}
		out = append(out, Token{Term: best.acronym, Start: toks[i].Start, End: toks[bestEnd-1].End, Position: toks[i].Position, Kind: KindAcronym})
		i = bestEnd - 1
	}
	if out == nil {
		return toks
	}
	return out
}

// stemFilter is the Bleve token filter "id_stemmer": stems alphabetic tokens in place.
type stemFilter struct{ s *Stemmer }

func (f stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if t.KeyWord {
			continue
		}
		w := string(t.Term)
		if r := f.s.Stem(w); r != w {
			t.Term = []byte(r)
		}
	}
	return input
}
