package search

import (
	"slices"
	"strings"
	"unicode"

	"jippnas/analyzers"
	"jippnas/index"
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

// Clause is one requirement of the text: any of its alternatives.
type Clause struct {
	Alts []Alt `json:"alts"`
}

// Alt is a term (with same-position variants) or a phrase.
type Alt struct {
	Terms  []string `json:"terms,omitempty"`  // alternatives at one position (e.g. "e-ktp" and "ktp")
	Phrase string   `json:"phrase,omitempty"` // raw phrase text
	Words  []string `json:"words,omitempty"`  // the user's words behind the alternative
}

// Text is the analysed full-text part of a request.
type Text struct {
	Must  []Clause `json:"must,omitempty"`  // every clause must match
	Not   []Alt    `json:"not,omitempty"`   // no document may match one of these
	Plain string   `json:"plain,omitempty"` // the plain words as typed, for the title phrase bonus
}

func (t *Text) empty() bool { return len(t.Must) == 0 }

// plain reports whether the text is words only (exclusions of single
// words allowed): no phrase and no OR.
func (t *Text) plain() bool {
	for _, c := range t.Must {
		if len(c.Alts) != 1 || c.Alts[0].Phrase != "" {
			return false
		}
	}
	for _, a := range t.Not {
		if a.Phrase != "" {
			return false
		}
	}
	return len(t.Must) > 0
}

// terms returns every positive analysed term, for highlighting.
func (t *Text) terms() []string {
	var out []string
	for _, c := range t.Must {
		for _, a := range c.Alts {
			out = append(out, a.Terms...)
			if a.Phrase != "" {
				for _, tok := range index.Analyse(analyzers.AnalyzerName, a.Phrase) {
					out = append(out, tok.Term)
				}
			}
		}
	}
	return out
}

// parseText analyses the query with the query analyzer. Consecutive plain
// words are analysed together so that a multi-word expansion ("kartu tanda
// penduduk") contracts to its acronym.
func parseText(q string) Text {
	items := lexQuery(q)
	var p Text
	var plain []string
	i := 0
	for i < len(items) {
		it := items[i]
		switch {
		case it.negated:
			p.Not = append(p.Not, analyseAlts(it)...)
			i++
		case i+1 < len(items) && items[i+1].kind == itemOr:
			// a OR b OR c: one clause of alternatives.
			var c Clause
			for {
				c.Alts = append(c.Alts, analyseAlts(items[i])...)
				if i+2 < len(items) && items[i+1].kind == itemOr && !items[i+2].negated {
					i += 2
					continue
				}
				i++
				break
			}
			if len(c.Alts) > 0 {
				p.Must = append(p.Must, c)
			}
		case it.kind == itemPhrase:
			if as := analyseAlts(it); len(as) > 0 {
				p.Must = append(p.Must, Clause{Alts: as})
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
				p.Must = append(p.Must, Clause{Alts: []Alt{a}})
			}
		}
	}
	p.Plain = strings.Join(plain, " ")
	return p
}

// analyseRun turns plain words into one alternative per position.
func analyseRun(text string) []Alt {
	toks := index.Analyse(analyzers.QueryAnalyzerName, text)
	var out []Alt
	pos := -1
	for _, t := range toks {
		if t.Position != pos || len(out) == 0 {
			out = append(out, Alt{})
			pos = t.Position
		}
		a := &out[len(out)-1]
		if !slices.Contains(a.Terms, t.Term) {
			a.Terms = append(a.Terms, t.Term)
		}
		if t.Start >= 0 && t.End <= len(text) && t.Start < t.End {
			a.Words = append(a.Words, text[t.Start:t.End])
		}
	}
	return out
}

func analyseAlts(it item) []Alt {
	if it.kind == itemPhrase {
		if len(index.Analyse(analyzers.ExactAnalyzerName, it.text)) == 0 {
			return nil
		}
		return []Alt{{Phrase: it.text, Words: strings.Fields(it.text)}}
	}
	// A single word may still give several positions ("KTP/KK"): all of
	// them are required, in order.
	as := analyseRun(it.text)
	if len(as) <= 1 {
		return as
	}
	// Several positions from one word are rare; treat them as a phrase.
	return []Alt{{Phrase: it.text, Words: []string{it.text}}}
}

// fuzzable reports whether any positive word is long enough for
// typo-tolerant matching.
func (p *Text) fuzzable() bool {
	for _, c := range p.Must {
		for _, a := range c.Alts {
			for _, w := range append(append([]string{}, a.Terms...), a.Words...) {
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
