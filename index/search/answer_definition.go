package search

import (
	"strings"

	"jippnas/analyzers"
)

// "Apa yang dimaksud dengan budaya?", "apa itu e-KTP?", "pengertian
// inovasi itu apa?" ask what something is. The passage that answers
// opens by defining it: "Budaya adalah suatu cara hidup …", a sentence
// whose subject comes before a copula (adalah, merupakan, ialah, …).
// Among the best documents (all of which name the subject somewhere)
// those that open so are raised, as for the other kinds of answer.

// definitionFrames follow "apa"/"apakah" in a question asking for a
// definition: "apa ITU x", "apakah PENGERTIAN x", "apa ARTI x" ("apa
// yang dimaksud …" is read apart: asksDefinition).
var definitionFrames = map[string]bool{
	"itu": true, "dimaksud": true, "maksud": true, "maksudnya": true, "definisi": true,
	"pengertian": true, "arti": true, "artinya": true, "dimaksudkan": true,
}

// copulas introduce what a subject is.
var copulas = map[string]bool{"adalah": true, "merupakan": true, "ialah": true, "yaitu": true, "yakni": true}

// asksDefinition reports whether the words (normalised) of a question ask
// what something is.
func asksDefinition(words []string) bool {
	n := len(words)
	if n < 2 {
		return false
	}
	// Skip a leading "jelaskan"/"sebutkan": "jelaskan apa itu …".
	if words[0] == "jelaskan" || words[0] == "sebutkan" {
		words, n = words[1:], n-1
	}
	if n >= 2 && (words[0] == "apa" || words[0] == "apakah") {
		if words[1] == "yang" {
			// "apa yang dimaksud …", not "apa yang menyebabkan …".
			return n >= 3 && (words[2] == "dimaksud" || words[2] == "dimaksudkan" || words[2] == "disebut" || words[2] == "dinamakan")
		}
		return definitionFrames[words[1]]
	}
	if words[0] == "definisi" || words[0] == "pengertian" || words[0] == "arti" {
		return true
	}
	// "… itu apa", "… adalah apa".
	last, prev := words[n-1], words[n-2]
	return (last == "apa" || last == "apakah") && (prev == "itu" || copulas[prev])
}

// subjectTerms are the analysed terms of a ranking's content words: the
// words of the query that are neither interrogatives nor frame words.
func subjectTerms(rk *Ranking) map[string]bool {
	out := map[string]bool{}
	for _, s := range rk.Slots {
		if s.Weight < 1 || len(s.Exprs) == 0 {
			continue
		}
		for _, t := range s.Exprs[0].Terms {
			out[t] = true
		}
	}
	return out
}

// definitionReach is how many words into its first sentence a text may
// state what its subject is.
const definitionReach = 24

// defines reports whether a text opens by defining one of the subject
// terms: its first sentence names one before a copula within its first
// definitionReach words.
func defines(text string, subject map[string]bool) bool {
	if len(subject) == 0 {
		return false
	}
	if i := strings.Index(text, ". "); i >= 0 {
		text = text[:i]
	}
	words := strings.Fields(text)
	for i, w := range words[:min(len(words), definitionReach)] {
		if !copulas[strings.ToLower(strings.Trim(w, ",;:"))] {
			continue
		}
		if i == 0 {
			return false
		}
		toks, err := analyzers.Analyze(analyzers.AnalyzerName, strings.Join(words[:i], " "))
		if err != nil {
			return false
		}
		for _, t := range toks {
			if subject[t.Term] {
				return true
			}
		}
		return false
	}
	return false
}
