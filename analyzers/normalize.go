package analyzers

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalize applies the analyzers' normalisation to running text: Unicode NFKC, lowercase, diacritics
// folded (é → e), and each word mapped to its standard form (praktek → praktik, gmn → bagaimana). Punctuation and
// spacing are kept, so the result is still readable text.
func Normalize(text string) string {
	folded := foldText(text)
	var b strings.Builder
	b.Grow(len(folded))
	i := 0
	for i < len(folded) {
		r, size := utf8.DecodeRuneInString(folded[i:])
		if !isLetter(r) {
			b.WriteString(folded[i : i+size])
			i += size
			continue
		}
		j := i
		for j < len(folded) {
			r2, s2 := utf8.DecodeRuneInString(folded[j:])
			if !isLetter(r2) {
				break
			}
			j += s2
		}
		b.WriteString(spelling(folded[i:j]))
		i = j
	}
	return b.String()
}

// normalizeTerm folds one token (no spaces): NFKC, lowercase, diacritics removed, apostrophes dropped
// (Jum'at → jumat), spelling variants and informal forms mapped. ASCII input takes an allocation-free
// fast path when it is already lowercase.
func normalizeTerm(s string) string { return spelling(foldTerm(s)) }

// normalizeWord is normalizeTerm for a word, with the word class of the term it returns: one
// lookup answers both.
func normalizeWord(s string) (string, uint8) {
	w := foldTerm(s)
	if f, ok := wordFacts.get(w); ok {
		return f.standard, f.class
	}
	return w, 0
}

// foldTerm is normalizeTerm without the standard forms.
func foldTerm(s string) string {
	ascii, upper, apos := true, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c >= 'A' && c <= 'Z':
			upper = true
		case c == '\'':
			apos = true
		}
	}
	if ascii {
		if upper {
			s = strings.ToLower(s)
		}
		if apos {
			s = strings.ReplaceAll(s, "'", "")
		}
		return s
	}
	return foldText(s)
}

// foldText is the Unicode path: NFKC, lowercase, strip combining marks, drop apostrophes.
func foldText(s string) string {
	s = norm.NFKC.String(s)
	s = strings.ToLower(s)
	if hasNonASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if out, _, err := transform.String(t, s); err == nil {
			s = out
		}
	}
	if strings.ContainsAny(s, "'’ʼ‘`") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\'', '’', 'ʼ', '‘', '`':
				return -1
			}
			return r
		}, s)
	}
	return s
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// isLetter counts combining marks as letters so that decomposed accents stay inside their word.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9'
	}
	return unicode.IsDigit(r)
}
