package search

import (
	"slices"
	"strings"
	"unicode"

	"jippnas/analyzers"
	"jippnas/index"
)

// slotsOf analyses plain words into slots: one per position of the query
// analyzer, whose terms at that position are the word's alternatives
// (e-KTP → ektp, ktp). Interrogatives are dropped; in a question, words
// that only frame it weigh frameWeight and names (a capital letter after
// the first word) properWeight. The synonym tables then add their
// alternatives, in order (a nil table adds none).
func slotsOf(text string, question bool, tables ...*Synonyms) []Slot {
	surface := map[int]string{} // start offset → the word as the exact analyzer reads it
	for _, t := range index.Analyse(analyzers.ExactAnalyzerName, text) {
		if _, ok := surface[t.Start]; !ok {
			surface[t.Start] = t.Term
		}
	}
	var slots []Slot
	var drop []bool
	pos := -1
	for _, t := range index.Analyse(analyzers.QueryAnalyzerName, text) {
		if t.Position != pos || len(slots) == 0 {
			pos = t.Position
			word := strings.ToLower(text[t.Start:t.End])
			w := 1.0
			if question && t.Start > 0 && startsUpper(text[t.Start:t.End]) {
				w = properWeight
			}
			slots = append(slots, Slot{Word: word, Weight: w})
			drop = append(drop, interrogatives[surface[t.Start]] || interrogatives[word])
		}
		s := &slots[len(slots)-1]
		if !slices.ContainsFunc(s.Exprs, func(e Expr) bool { return len(e.Terms) == 1 && e.Terms[0] == t.Term }) {
			s.Exprs = append(s.Exprs, Expr{Terms: []string{t.Term}, Mult: 1, Kind: kindWord})
		}
	}
	out := slots[:0]
	for i, s := range slots {
		if drop[i] {
			continue
		}
		if question && frameStems[s.Exprs[0].Terms[0]] {
			s.Weight = frameWeight
		}
		out = append(out, s)
	}
	for _, t := range tables {
		if t != nil {
			t.apply(out)
		}
	}
	return out
}

// analyseExpr analyses an expression of the synonym table, or a word,
// into the terms a document must hold: the first term at each position
// (e-KTP → ektp).
func analyseExpr(text string) []string {
	var terms []string
	pos := -1
	for _, t := range index.Analyse(analyzers.QueryAnalyzerName, text) {
		if t.Position != pos {
			terms = append(terms, t.Term)
			pos = t.Position
		}
	}
	return terms
}

// addExpr adds an alternative to a slot unless it has one with the same
// terms.
func (s *Slot) addExpr(e Expr) bool {
	if len(e.Terms) == 0 || slices.ContainsFunc(s.Exprs, func(x Expr) bool { return slices.Equal(x.Terms, e.Terms) }) {
		return false
	}
	s.Exprs = append(s.Exprs, e)
	return true
}

// wordTerms reports whether term is one of the slot's own (word) terms.
func (s *Slot) hasWordTerm(term string) bool {
	for _, e := range s.Exprs {
		if e.Kind == kindWord && len(e.Terms) == 1 && e.Terms[0] == term {
			return true
		}
	}
	return false
}

func startsUpper(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}
