package search

import (
	"context"
	"slices"
	"strings"
	"unicode"

	bindex "github.com/blevesearch/bleve_index_api"

	"jippnas/analyzers"
	"jippnas/index"
)

// didYouMean proposes a corrected query from the index's own vocabulary:
// every word taken for a typo (typos; nil: every word the index does not
// know, neither as typed in a title nor through its stem anywhere) is
// replaced by the most frequent title word within edit distance 1 (2 for
// words of 9 letters or more). It returns "" when nothing needs
// correcting.
func didYouMean(v index.View, q string, typos []string) string {
	words := strings.Fields(q)
	if len(words) == 0 || (typos == nil && len(words) > 8) || len(words) > 40 {
		return ""
	}
	adv, err := v.Bleve().Advanced()
	if err != nil {
		return ""
	}
	r, err := adv.Reader()
	if err != nil {
		return ""
	}
	defer r.Close()
	fuzzy, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	known := func(field, term string) bool {
		tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
		if err != nil {
			return false
		}
		defer tfr.Close()
		return tfr.Count() > 0
	}
	changed := false
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w
		trimmed := strings.Trim(w, punctuation)
		lw := strings.ToLower(trimmed)
		if strings.HasPrefix(w, "-") || strings.ContainsAny(w, `"`) || w == "OR" || !allLetters(lw) || len([]rune(lw)) < 4 {
			continue
		}
		if typos != nil && !slices.Contains(typos, lw) {
			continue
		}
		if typos == nil && known(index.FieldTitleExact, lw) {
			continue
		}
		stemKnown := false
		for _, t := range index.Analyse(analyzers.QueryAnalyzerName, lw) {
			if known(index.FieldText, t.Term) { // text holds the title and summary too
				stemKnown = true
			}
		}
		if stemKnown && typos == nil {
			continue
		}
		fz := 1
		if len([]rune(lw)) >= 9 {
			fz = 2
		}
		dict, err := fuzzy.FieldDictFuzzy(index.FieldTitleExact, lw, fz, "")
		if err != nil {
			continue
		}
		var best *bindex.DictEntry
		for e, err := dict.Next(); err == nil && e != nil; e, err = dict.Next() {
			if e.Term == lw || !allLetters(e.Term) {
				continue
			}
			if best == nil || e.EditDistance < best.EditDistance ||
				(e.EditDistance == best.EditDistance && e.Count > best.Count) {
				c := *e
				best = &c
			}
		}
		dict.Close()
		if best != nil {
			out[i] = strings.Replace(w, trimmed, best.Term, 1)
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// punctuation around a word that is not part of it.
const punctuation = `.,;:!?()"“”'`

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
