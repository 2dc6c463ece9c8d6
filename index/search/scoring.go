package search

import (
	"jippnas/analyzers"
	"jippnas/index"
)

// How a plan of the query language (phrases, OR, exclusions of phrases)
// or another order than relevance scores; slot-ranked plans are scored by
// rank_model.go. Every clause must match in the text field (BM25, boost
// 1). Each term of a clause also adds its score in the title and the
// summary (boostFields) to documents the clauses matched, which is what
// ranks a title match first. The words of the query found as typed, in
// order, in the title add the title phrase bonus. Bleve combines these as
// a Boolean query (must + should, with its coordination factor and query
// norm).
var boostFields = []struct {
	field string
	boost float64
}{
	{index.FieldTitle, 3},
	{index.FieldSummary, 1},
}

// titlePhraseBoost weighs a title that holds the query's words in order.
const titlePhraseBoost = 6

// termSpec is one scored term query.
type termSpec struct {
	field string
	term  string
	boost float64
}

// boostTerms are the should-queries of one term: its title and summary
// matches.
func boostTerms(term string) []termSpec {
	out := make([]termSpec, len(boostFields))
	for i, f := range boostFields {
		out[i] = termSpec{f.field, term, f.boost}
	}
	return out
}

// phraseSlot is one position of the title phrase bonus; pos counts from
// the phrase's first word (a removed stopword leaves a gap).
type phraseSlot struct {
	term string
	pos  int
}

// titlePhrase analyses the plain words as the title_exact field is
// analysed. ok is false when two words share a position (a multi-phrase,
// which only Bleve's phrase searcher handles).
func titlePhrase(plain string) (slots []phraseSlot, ok bool) {
	toks := index.Analyse(analyzers.ExactAnalyzerName, plain)
	if len(toks) == 0 {
		return nil, false
	}
	first, last := toks[0].Position, -1
	for _, t := range toks {
		if t.Position == last {
			return nil, false
		}
		last = t.Position
		slots = append(slots, phraseSlot{term: t.Term, pos: t.Position - first})
	}
	return slots, true
}

// hasTitlePhrase reports whether the plan earns the title phrase bonus.
func (p *Plan) hasTitlePhrase() bool {
	return len(p.Text.Must) > 1 && p.Text.Plain != ""
}
