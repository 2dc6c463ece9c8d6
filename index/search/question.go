package search

import (
	"strings"
	"unicode"

	"jippnas/analyzers"
)

// People ask the portal questions ("bagaimana cara mengurus akta
// kelahiran?", "siapa penemu radio?"), not only keywords. A question is
// matched by any of its words (ranked by how much of it a document
// answers), its interrogatives are not searched for, the words that only
// frame it weigh less, and quotes in it are read as words. Our own lists,
// from Indonesian grammar; measured on real questions (docs/search.md).

// interrogatives say what kind of answer is wanted, not what it is about:
// a question word, and the same with the question particle -kah or -tah.
var interrogatives = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`apa siapa kapan bilamana dimana kemana darimana berapa bagaimana
		mengapa kenapa adakah bilakah manakah`) {
		m[w], m[w+"kah"], m[w+"tah"] = true, true, true
	}
	return m
}()

// frameStems (analysed) frame a question without naming its subject:
// "apa NAMA ibu kota …", "PERTAMA KALI", "yang DIMAKSUD dengan",
// "PENGERTIAN/DEFINISI/ARTI/ISTILAH …", "SEBUTKAN …", "CONTOH …",
// "JELASKAN …". Their slots weigh frameWeight.
var frameStems = map[string]bool{
	"nama": true, "kali": true, "maksud": true, "definisi": true, "erti": true, "arti": true,
	"istilah": true, "sebut": true, "contoh": true, "jelas": true,
}

// frameWeight is the weight of a frame word's slot (a content word: 1).
const frameWeight = 0.3

// properWeight is the weight of a word a question writes with a capital
// letter after its first word: a name ("siapa raja pertama kerajaan
// Banten?") says what the question is about more than its other words.
// Measured on qa-dev: MRR@10 +0.0025 on both halves at 1.2–1.4.
const properWeight = 1.25

// isQuestion reports whether a query asks: it ends with a question mark or
// holds an interrogative.
func isQuestion(q string) bool {
	q = strings.TrimSpace(q)
	if strings.HasSuffix(q, "?") {
		return true
	}
	// Normalised, so that informal forms count (gmn → bagaimana).
	for _, w := range strings.FieldsFunc(analyzers.Normalize(q), notWordRune) {
		if interrogatives[w] {
			return true
		}
	}
	return false
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }

// questionWords turns a question into plain words: quotes ("Alex"
// Ferguson) and the query language's operators mean nothing in a
// question, so they are read as the words they hold.
func questionWords(q string) string {
	q = strings.NewReplacer(`"`, " ", "“", " ", "”", " ").Replace(q)
	var out []string
	for _, w := range strings.Fields(q) {
		if w == "OR" {
			continue
		}
		out = append(out, strings.TrimLeft(w, "-"))
	}
	return strings.Join(out, " ")
}
