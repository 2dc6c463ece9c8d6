package search

import (
	"slices"
	"strings"
)

// spellingVariants lists the other spellings Indonesian text uses for a
// word (lowercase, as typed). Our own rules, from the history of Indonesian
// spelling and of loanwords:
//   - the pre-1972 spelling kept in names (Soewandi 1947: oe → u; EYD 1972:
//     dj → j, tj → c, sj → sy, nj → ny, ch → kh, then j → y), and back;
//   - transliteration: kh/k, ph/f, th/t, dh/d, gh/g, v/f, z/j, q/k, ae/a, ck/k,
//     double or single consonants;
//   - loanword endings: -ika/-ik, -isme/-is, -ma/-me, -ium/-ia;
//   - an e before r: samudera/samudra.
//
// The search uses a variant only for a rare word and only when the index
// holds the variant in more documents (resolve.go), so a wrong variant
// costs nothing.
func spellingVariants(w string) []string {
	var out []string
	add := func(v string) {
		if v != w && v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	// Old spelling → new, and new → old (in names).
	n := strings.NewReplacer("oe", "u", "dj", "j", "tj", "c", "sj", "sy", "nj", "ny", "ch", "kh").Replace(w)
	add(n)
	if strings.Contains(w, "dj") || strings.Contains(w, "tj") || strings.Contains(w, "oe") {
		add(strings.ReplaceAll(n, "j", "y"))
	}
	add(strings.ReplaceAll(w, "u", "oe"))
	add(strings.NewReplacer("u", "oe", "y", "j", "c", "tj").Replace(w))
	for _, p := range [][2]string{{"kh", "k"}, {"ph", "f"}, {"th", "t"}, {"dh", "d"}, {"v", "f"}, {"f", "v"},
		{"z", "j"}, {"q", "k"}, {"ae", "a"}, {"ck", "k"}, {"gh", "g"}} {
		if strings.Contains(w, p[0]) {
			add(strings.ReplaceAll(w, p[0], p[1]))
		}
	}
	for _, p := range [][2]string{{"k", "kh"}, {"d", "dh"}} {
		if strings.Contains(w, p[0]) && !strings.Contains(w, p[1]) {
			add(strings.ReplaceAll(w, p[0], p[1]))
		}
	}
	// Double consonants made single, and single ones doubled.
	b := []byte(w)
	var single []byte
	for i := 0; i < len(b); i++ {
		if i > 0 && b[i] == b[i-1] && !isVowel(b[i]) {
			continue
		}
		single = append(single, b[i])
	}
	add(string(single))
	for i := 1; i+1 < len(b); i++ {
		if c := b[i]; !isVowel(c) && isVowel(b[i-1]) && b[i+1] != c {
			add(w[:i] + string(c) + w[i:])
		}
	}
	for _, p := range [][2]string{{"ika", "ik"}, {"ik", "ika"}, {"isme", "is"}, {"me", "ma"}, {"ma", "me"}, {"ium", "ia"}} {
		if strings.HasSuffix(w, p[0]) && len(w) > len(p[0])+3 {
			add(w[:len(w)-len(p[0])] + p[1])
		}
	}
	// An e before r after a consonant: samudera ↔ samudra.
	for i := 1; i+1 < len(b); i++ {
		if b[i] == 'e' && !isVowel(b[i-1]) && b[i+1] == 'r' {
			add(w[:i] + w[i+1:])
		}
		if b[i] == 'r' && !isVowel(b[i-1]) && b[i-1] != 'r' {
			add(w[:i] + "e" + w[i:])
		}
	}
	return out
}

func isVowel(c byte) bool { return strings.IndexByte("aiueo", c) >= 0 }
