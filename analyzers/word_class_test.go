package analyzers

import (
	"strings"
	"testing"
)

// TestWordClasses: the merged tables answer what the separate word lists
// say, word by word, and nothing else.
func TestWordClasses(t *testing.T) {
	want := map[string]uint8{}
	for w := range stopwords {
		want[w] |= classStop
	}
	for w := range echoWords {
		want[w] |= classEcho
	}
	for w := range acronymData.acronyms {
		want[w] |= classAcronym
	}
	for w := range acronymData.byFirst {
		want[w] |= classFirst
	}
	if len(wordClasses) != len(want) {
		t.Errorf("%d words classed, want %d", len(wordClasses), len(want))
	}
	for w, c := range want {
		if got := wordClasses[w]; got != c {
			t.Errorf("class of %q = %04b, want %04b", w, got, c)
		}
	}
	for _, w := range []string{"yang", "kupu-kupu", "rsud", "rumah", "pelayanan", "zzz"} {
		if wordClasses[w] != want[w] {
			t.Errorf("class of %q = %04b, want %04b", w, wordClasses[w], want[w])
		}
	}
	if wordClasses["yang"]&classStop == 0 || wordClasses["rsud"]&classAcronym == 0 || wordClasses["rumah"]&classFirst == 0 {
		t.Error("yang, rsud or rumah lost its class")
	}
}

// TestStandardForms: a spelling variant wins over an informal form of the
// same word, as the two lists were looked up in that order.
func TestStandardForms(t *testing.T) {
	for w, v := range informalWords {
		if _, ok := spellingVariants[w]; !ok && spelling(w) != v {
			t.Errorf("spelling(%q) = %q, want the informal word's %q", w, spelling(w), v)
		}
	}
	for w, v := range spellingVariants {
		if spelling(w) != v {
			t.Errorf("spelling(%q) = %q, want the variant's %q", w, spelling(w), v)
		}
	}
	if len(standardForms) > len(informalWords)+len(spellingVariants) {
		t.Errorf("%d standard forms from %d + %d words", len(standardForms), len(informalWords), len(spellingVariants))
	}
	if spelling("rumah") != "rumah" {
		t.Error("a standard word changed")
	}
}

// TestNormalizeWord holds the one lookup to the two it replaces: the
// standard form, then the class of that form.
func TestNormalizeWord(t *testing.T) {
	words := []string{"Yang", "GAK", "praktek", "Praktek", "kupu-kupu", "RSUD", "rumah", "pelayanan", "zzz", "Jum'at", "tdk", "café", ""}
	for w := range wordClasses {
		words = append(words, w)
	}
	for w := range standardForms {
		words = append(words, w, strings.ToUpper(w))
	}
	for _, w := range words {
		wantTerm := normalizeTerm(w)
		term, class := normalizeWord(w)
		if term != wantTerm || class != wordClasses[wantTerm] {
			t.Errorf("normalizeWord(%q) = %q, %04b; want %q, %04b", w, term, class, wantTerm, wordClasses[wantTerm])
		}
	}
	if term, class := normalizeWord("gak"); term != "tidak" || class&classStop == 0 {
		t.Errorf("gak: %q, %04b; want the stopword tidak", term, class)
	}
}

// TestFactTable: the bit set in front of the word facts turns away no word
// that has a fact, and lets few of the others through.
func TestFactTable(t *testing.T) {
	for w, f := range wordFacts.m {
		if got, ok := wordFacts.get(w); !ok || got != f {
			t.Errorf("get(%q) = %v, %v; want %v", w, got, ok, f)
		}
	}
	tests := []struct {
		word     string
		standard string
		class    uint8
		ok       bool
	}{
		{"yang", "yang", classStop, true},
		{"rsud", "rsud", classAcronym, true},
		{"rumah", "rumah", classFirst, true},
		{"fotoperiodisme", "", 0, false},
		{"", "", 0, false},
		{"zzzqqq", "", 0, false},
	}
	for _, tt := range tests {
		f, ok := wordFacts.get(tt.word)
		if ok != tt.ok || (ok && (f.standard != tt.standard || f.class&tt.class != tt.class)) {
			t.Errorf("get(%q) = %+v, %v; want %q class %04b, %v", tt.word, f, ok, tt.standard, tt.class, tt.ok)
		}
	}
	// Words without a fact: at most a few in a hundred reach the map.
	passed, n := 0, 0
	for i := range 20000 {
		w := "kata" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26))
		if _, has := wordFacts.m[w]; has {
			continue
		}
		n++
		h := factHash(w) % factBits
		if wordFacts.bits[h/64]&(1<<(h%64)) != 0 {
			passed++
		}
	}
	if passed*100 > 5*n {
		t.Errorf("%d of %d words without a fact pass the bit set", passed, n)
	}
}
