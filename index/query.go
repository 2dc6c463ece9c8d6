package index

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"jippnas/analyzers"
)

// The query language is what people type into a search box: words (all
// required), "an exact phrase", -word or -"phrase" to exclude, and OR
// between two alternatives. Anything else is read as plain words; a query
// can never be malformed.

type itemKind int

const (
	itemWord itemKind = iota
	itemPhrase
	itemOr
)

type item struct {
	kind    itemKind
	text    string
	negated bool
}

// lexQuery splits the raw query into items. An unterminated quote runs to
// the end; stray operators are dropped.
func lexQuery(q string) []item {
	var items []item
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsSpace(r) {
			i++
			continue
		}
		neg := false
		if r == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && (i == 0 || unicode.IsSpace(rs[i-1])) {
			neg = true
			i++
			r = rs[i]
		}
		if r == '"' || r == '“' || r == '”' {
			j := i + 1
			for j < len(rs) && rs[j] != '"' && rs[j] != '”' && rs[j] != '“' {
				j++
			}
			text := strings.TrimSpace(string(rs[i+1 : min(j, len(rs))]))
			if text != "" {
				items = append(items, item{kind: itemPhrase, text: text, negated: neg})
			}
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
			j++
		}
		w := string(rs[i:j])
		i = j
		if w == "OR" && !neg {
			items = append(items, item{kind: itemOr})
			continue
		}
		items = append(items, item{kind: itemWord, text: w, negated: neg})
	}
	// Drop OR without an operand on both sides.
	var out []item
	for k, it := range items {
		if it.kind == itemOr {
			if len(out) == 0 || out[len(out)-1].kind == itemOr || k == len(items)-1 || items[k+1].kind == itemOr {
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

// clause is one requirement of the query: any of its alternatives.
type clause struct {
	alts []alt
}

// alt is a term (with same-position variants) or a phrase.
type alt struct {
	terms  []string // alternatives at one position (e.g. "e-ktp" and "ktp")
	phrase string   // raw phrase text
	words  []string // the user's words behind the alternative, for suggestions
}

// parsedQuery is the analysed form of a query.
type parsedQuery struct {
	must     []clause
	mustNot  []alt
	plain    string   // the plain words, for the exact-phrase boost
	terms    []string // every positive analysed term, for highlighting
	rawWords []string // the user's positive words
}

func (p *parsedQuery) empty() bool { return len(p.must) == 0 }

// parseQuery analyses the query with the query analyzer. Consecutive plain
// words are analysed together so that a multi-word expansion ("kartu tanda
// penduduk") contracts to its acronym.
func parseQuery(q string) parsedQuery {
	items := lexQuery(q)
	var p parsedQuery
	var plain []string
	i := 0
	for i < len(items) {
		it := items[i]
		switch {
		case it.negated:
			for _, a := range analyseAlts(it) {
				p.mustNot = append(p.mustNot, a)
			}
			i++
		case i+1 < len(items) && items[i+1].kind == itemOr:
			// a OR b OR c: one clause of alternatives.
			var c clause
			for {
				c.alts = append(c.alts, analyseAlts(items[i])...)
				if i+2 < len(items) && items[i+1].kind == itemOr && !items[i+2].negated {
					i += 2
					continue
				}
				i++
				break
			}
			if len(c.alts) > 0 {
				p.must = append(p.must, c)
			}
		case it.kind == itemPhrase:
			if as := analyseAlts(it); len(as) > 0 {
				p.must = append(p.must, clause{alts: as})
			}
			i++
		default:
			// A run of plain words up to the next operator or phrase.
			var run []string
			for i < len(items) && items[i].kind == itemWord && !items[i].negated &&
				!(i+1 < len(items) && items[i+1].kind == itemOr) {
				run = append(run, items[i].text)
				i++
			}
			if len(run) == 0 {
				i++
				continue
			}
			plain = append(plain, run...)
			for _, a := range analyseRun(strings.Join(run, " ")) {
				p.must = append(p.must, clause{alts: []alt{a}})
			}
		}
	}
	p.plain = strings.Join(plain, " ")
	for _, c := range p.must {
		for _, a := range c.alts {
			p.terms = append(p.terms, a.terms...)
			if a.phrase != "" {
				for _, t := range analyse(analyzers.AnalyzerName, a.phrase) {
					p.terms = append(p.terms, t.Term)
				}
			}
			p.rawWords = append(p.rawWords, a.words...)
		}
	}
	return p
}

func analyse(analyzer, text string) []analyzers.Token {
	toks, err := analyzers.Analyze(analyzer, text)
	if err != nil {
		return nil
	}
	return toks
}

// analyseRun turns plain words into one alternative per position.
func analyseRun(text string) []alt {
	toks := analyse(analyzers.QueryAnalyzerName, text)
	var out []alt
	pos := -1
	for _, t := range toks {
		if t.Position != pos || len(out) == 0 {
			out = append(out, alt{})
			pos = t.Position
		}
		a := &out[len(out)-1]
		if !containsStr(a.terms, t.Term) {
			a.terms = append(a.terms, t.Term)
		}
		if t.Start >= 0 && t.End <= len(text) && t.Start < t.End {
			a.words = append(a.words, text[t.Start:t.End])
		}
	}
	return out
}

func analyseAlts(it item) []alt {
	if it.kind == itemPhrase {
		if len(analyse(analyzers.ExactAnalyzerName, it.text)) == 0 {
			return nil
		}
		return []alt{{phrase: it.text, words: strings.Fields(it.text)}}
	}
	// A single word may still give several positions ("KTP/KK"): require
	// all of them by turning them into one phrase-free conjunction later.
	as := analyseRun(it.text)
	if len(as) <= 1 {
		return as
	}
	merged := alt{words: []string{it.text}}
	for _, a := range as {
		merged.terms = append(merged.terms, a.terms...)
	}
	// Several positions from one word are rare; treat them as a phrase.
	merged.phrase = it.text
	merged.terms = nil
	return []alt{merged}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// altQuery is the Bleve query that matches one alternative in the text
// field.
func altQuery(a alt, fuzzy bool) query.Query {
	if a.phrase != "" {
		pq := bleve.NewMatchPhraseQuery(a.phrase)
		pq.SetField(fieldText)
		return pq
	}
	var qs []query.Query
	for _, t := range a.terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(fieldText)
		qs = append(qs, tq)
		if fuzzy {
			if fz := fuzziness(t); fz > 0 {
				fq := bleve.NewFuzzyQuery(t)
				fq.SetField(fieldText)
				fq.SetFuzziness(fz)
				fq.SetPrefix(1)
				// Fuzzy matches rank below exact ones.
				fq.SetBoost(0.2)
				qs = append(qs, fq)
			}
		}
	}
	if fuzzy {
		for _, w := range a.words {
			w = strings.ToLower(w)
			if fz := fuzziness(w); fz > 0 && !containsStr(a.terms, w) {
				fq := bleve.NewFuzzyQuery(w)
				fq.SetField(fieldTitleExact)
				fq.SetFuzziness(fz)
				fq.SetPrefix(1)
				fq.SetBoost(0.3)
				qs = append(qs, fq)
			}
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// boostQueries score the words found in the title or the summary: they only
// add to the score of documents the text clauses matched.
func (p *parsedQuery) boostQueries() []query.Query {
	var qs []query.Query
	for _, c := range p.must {
		for _, a := range c.alts {
			if a.phrase != "" {
				// A quoted phrase found as such in the title.
				pq := bleve.NewMatchPhraseQuery(a.phrase)
				pq.SetField(fieldTitleExact)
				pq.SetBoost(boostFields[0].boost)
				qs = append(qs, pq)
				continue
			}
			for _, f := range boostFields {
				for _, t := range a.terms {
					tq := bleve.NewTermQuery(t)
					tq.SetField(f.name)
					tq.SetBoost(f.boost)
					qs = append(qs, tq)
				}
			}
		}
	}
	return qs
}

// fuzzable reports whether any positive word is long enough for
// typo-tolerant matching.
func (p *parsedQuery) fuzzable() bool {
	for _, c := range p.must {
		for _, a := range c.alts {
			for _, w := range append(append([]string{}, a.terms...), a.words...) {
				if fuzziness(w) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// fuzziness is the edit distance allowed for a word: none for short words,
// where a typo is indistinguishable from another word.
func fuzziness(w string) int {
	n := len([]rune(w))
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// titlePhraseBoost weighs a title that holds the query's words in order.
const titlePhraseBoost = 6

// textQuery builds the full-text part: every clause must match in the
// text field (with relaxed set, at least half of them), and title and
// summary matches add to the score.
func (p *parsedQuery) textQuery(relaxed, fuzzy bool) query.Query {
	bq := bleve.NewBooleanQuery()
	var clauses []query.Query
	for _, c := range p.must {
		var alts []query.Query
		for _, a := range c.alts {
			alts = append(alts, altQuery(a, fuzzy))
		}
		if len(alts) == 1 {
			clauses = append(clauses, alts[0])
		} else {
			clauses = append(clauses, bleve.NewDisjunctionQuery(alts...))
		}
	}
	if relaxed {
		// At least half the words: "any one word" would let a common word
		// ("kecamatan") bring back most of the collection.
		dq := bleve.NewDisjunctionQuery(clauses...)
		dq.SetMin(float64((len(clauses) + 1) / 2))
		bq.AddMust(dq)
	} else {
		bq.AddMust(clauses...)
	}
	bq.AddShould(p.boostQueries()...)
	// Documents whose title holds the words as typed, in order, rank first.
	if !relaxed && len(p.must) > 1 && p.plain != "" {
		pq := bleve.NewMatchPhraseQuery(p.plain)
		pq.SetField(fieldTitleExact)
		pq.SetBoost(titlePhraseBoost)
		bq.AddShould(pq)
	}
	for _, a := range p.mustNot {
		bq.AddMustNot(altQuery(a, false))
	}
	return bq
}
