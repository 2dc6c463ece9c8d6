package search

import (
	"fmt"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
)

// fuzzyBuilders make the Levenshtein automata of typo corrections. The
// builders of distance 1 and 2 take some milliseconds and their tables to
// make, so a searcher makes them once, on the first search that corrects a
// word; each correction then builds its word's automaton from them.
type fuzzyBuilders struct {
	once sync.Once
	lb   [3]*levenshtein.LevenshteinAutomatonBuilder // by distance: 1 and 2
	err  error
}

// automaton accepts the words within fz edits of term (transpositions
// count as one).
func (f *fuzzyBuilders) automaton(term string, fz int) (segment.Automaton, error) {
	if fz < 1 || fz >= len(f.lb) {
		return nil, fmt.Errorf("search: fuzziness %d out of 1–%d", fz, len(f.lb)-1)
	}
	f.once.Do(func() {
		for d := 1; d < len(f.lb) && f.err == nil; d++ {
			f.lb[d], f.err = levenshtein.NewLevenshteinAutomatonBuilder(uint8(d), true)
		}
	})
	if f.err != nil {
		return nil, fmt.Errorf("search: Levenshtein automata: %w", f.err)
	}
	dfa, err := f.lb[fz].BuildDfa(term, uint8(fz))
	if err != nil {
		return nil, fmt.Errorf("search: Levenshtein automaton of %q: %w", term, err)
	}
	return dfa, nil
}
