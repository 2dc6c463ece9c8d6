package analyzers

import (
	_ "embed"
	"slices"
	"strings"
)

// Acronyms and synonyms (data/acronyms.tsv). Index side: a document phrase equal to an expansion also
// yields the acronym token. Query side: an unambiguous expansion is contracted to the acronym, so both
// forms meet at one term with AND semantics intact.

//go:embed data/acronyms.tsv
var acronymsTSV string

type expansion struct {
	words     []string // normalised, unstemmed, stopwords included
	acronym   string
	ambiguous bool // the acronym has several expansions, or the phrase several acronyms
}

type acronymTable struct {
	acronyms map[string]bool        // acronym terms
	byFirst  map[string][]expansion // expansions by their first word, longest first
	firsts   map[string][]string    // the distinct first words of each acronym's expansions
}

// acronymData is filled by init in analyzer.go and never changed afterwards.
var acronymData *acronymTable

func parseAcronyms(raw string) *acronymTable {
	t := &acronymTable{acronyms: map[string]bool{}, byFirst: map[string][]expansion{}, firsts: map[string][]string{}}
	senses := map[string]int{}
	phraseAcr := map[string]map[string]bool{}
	type row struct {
		acr   string
		words []string
	}
	var rows []row
	for _, line := range strings.Split(raw, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			continue
		}
		acr := normalizeTerm(strings.TrimSpace(f[0]))
		if acr == "" || strings.ContainsAny(acr, " -./") {
			continue
		}
		words := surfaceWords(f[1])
		if len(words) == 0 {
			continue
		}
		t.acronyms[acr] = true
		key := strings.Join(words, " ")
		if phraseAcr[key] == nil {
			phraseAcr[key] = map[string]bool{}
		}
		if !phraseAcr[key][acr] {
			phraseAcr[key][acr] = true
			senses[acr]++
			rows = append(rows, row{acr, words})
		}
	}
	for _, r := range rows {
		key := strings.Join(r.words, " ")
		e := expansion{words: r.words, acronym: r.acr, ambiguous: senses[r.acr] > 1 || len(phraseAcr[key]) > 1}
		t.byFirst[r.words[0]] = append(t.byFirst[r.words[0]], e)
		if !slices.Contains(t.firsts[r.acr], r.words[0]) {
			t.firsts[r.acr] = append(t.firsts[r.acr], r.words[0])
		}
	}
	for k, list := range t.byFirst {
		// longest first, so that the query side contracts the longest phrase
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j].words) > len(list[j-1].words); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		t.byFirst[k] = list
	}
	return t
}

// surfaceWords tokenizes an expansion the way documents are tokenized (unstemmed, with stopwords).
func surfaceWords(text string) []string {
	toks := surface(nil, text, nil)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.Kind == KindCompound {
			continue
		}
		out = append(out, t.Term)
	}
	return out
}

// match returns the expansions starting at toks[i] (terms compared on the unstemmed surface form).
func (t *acronymTable) match(toks []Token, i int, fn func(e *expansion, end int) bool) {
	list := t.byFirst[toks[i].Term]
	for k := range list {
		e := &list[k]
		j, w := i, 0
		for ; w < len(e.words) && j < len(toks); j++ {
			if toks[j].Kind == KindCompound {
				continue // e-KTP emits two tokens at one position; skip the compound
			}
			if toks[j].Term != e.words[w] {
				break
			}
			w++
		}
		if w == len(e.words) {
			if !fn(e, j) {
				return
			}
		}
	}
}

// IsAcronym reports whether term is an acronym of the curated list, one
// that the index analyzer also emits where its expansion is written out.
func IsAcronym(term string) bool { return acronymData.acronyms[term] }

// ExpansionFirstWords returns the first words of the expansions of an
// acronym term, normalised as documents' words are (nil for a term that is
// not an acronym): the index analyzer emits the acronym from a text only
// where one of its expansions is written out, so a text holding none of
// these words cannot yield it that way. The slice is shared: not to be
// modified.
func ExpansionFirstWords(term string) []string { return acronymData.firsts[term] }
