package analyzers

import (
	"strings"
	"unicode/utf8"
)

// The tokenizer works on the ORIGINAL text so that every token keeps byte offsets usable for
// highlighting; normalisation happens per token afterwards.
//
// A chunk is a run of letters and digits joined by in-word connectors: a hyphen between two
// alphanumerics (anak-anak, e-KTP, covid-19), a dot between letters (S.Pd, P.T) or digits (1.000),
// a comma between digits (27,90) and an apostrophe between letters (Jum'at). Slashes and all other
// punctuation separate tokens (KTP/KK → ktp, kk).

// span is one token candidate inside a chunk, with offsets into the original text.
type span struct {
	start, end int
	kind       string // KindWord, KindNumber or KindAcronym (dotted acronym)
}

// chunk is a hyphen group: one span, or several parts joined by hyphens.
type chunk struct {
	parts []span
}

// Token kinds.
const (
	KindWord     = "word"
	KindNumber   = "number"
	KindAcronym  = "acronym"
	KindCompound = "compound"
)

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isAlnum(r rune) bool { return isLetter(r) || isDigit(r) }

// asciiAlnum marks the ASCII letters and digits.
var asciiAlnum = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isAlnum(rune(c))
	}
	return t
}()

// tokenize splits text into chunks. ASCII is read byte by byte, and a part
// of letters and digits only (most words) is classified as it is scanned;
// a part with dots or commas goes to appendPart.
func tokenize(text string) []chunk {
	out, _ := tokenizeInto(nil, nil, text)
	return out
}

// tokenizeInto is tokenize appending to out, with the chunks' parts
// appended to flat; it returns both.
func tokenizeInto(out []chunk, flat []span, text string) ([]chunk, []span) {
	n := len(text)
	if cap(out) < n/7+1 {
		out = make([]chunk, 0, n/7+1)
	}
	if cap(flat) < n/7+1 {
		flat = make([]span, 0, n/7+1) // backing store for all chunk parts
	}
	i := 0
	for i < n {
		var r rune
		size := 1
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiAlnum[c] {
				i++
				continue
			}
			r = rune(c)
		} else if r, size = utf8.DecodeRuneInString(text[i:]); !isAlnum(r) {
			i += size
			continue
		}
		from := len(flat)
		partStart := i
		// What the part holds so far, as appendPart would find it.
		letter, punct := isLetter(r), false
		endPart := func(end int) {
			switch {
			case !letter:
				flat = append(flat, span{partStart, end, KindNumber})
			case !punct:
				flat = append(flat, span{partStart, end, KindWord})
			default:
				flat = appendPart(flat, text, partStart, end)
			}
		}
		prev := r
		i += size
		for i < n {
			if c := text[i]; c < utf8.RuneSelf {
				r, size = rune(c), 1
				if asciiAlnum[c] {
					letter = letter || c > '9'
					prev = r
					i++
					continue
				}
			} else if r, size = utf8.DecodeRuneInString(text[i:]); isAlnum(r) {
				letter = letter || isLetter(r)
				prev = r
				i += size
				continue
			}
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if i+size >= n || !isAlnum(next) {
				break
			}
			switch {
			case isHyphen(r):
				endPart(i)
				partStart = i + size
				letter, punct = false, false
			case r == '.' && (isDigit(prev) && isDigit(next) || isLetter(prev) && isLetter(next)):
				punct = true
			case r == ',' && isDigit(prev) && isDigit(next):
				punct = true
			case isApostrophe(r) && isLetter(prev) && isLetter(next):
			default:
				goto done
			}
			prev = r
			i += size
		}
	done:
		endPart(i)
		out = append(out, chunk{parts: flat[from:len(flat):len(flat)]})
	}
	return out, flat
}

// splitPart classifies one hyphen-free part; a part with dots that is not a number or a dotted
// acronym is split at the dots (kota.lalu → kota, lalu).
func appendPart(dst []span, text string, start, end int) []span {
	raw := text[start:end]
	hasLetter, hasDigit, hasDot, hasComma := false, false, false, false
	for _, r := range raw {
		switch {
		case isLetter(r):
			hasLetter = true
		case isDigit(r):
			hasDigit = true
		case r == '.':
			hasDot = true
		case r == ',':
			hasComma = true
		}
	}
	if !hasLetter {
		return append(dst, span{start, end, KindNumber})
	}
	if !hasDot && !hasComma {
		return append(dst, span{start, end, KindWord})
	}
	if !hasDigit && !hasComma && isDottedAcronym(raw) {
		return append(dst, span{start, end, KindAcronym})
	}
	// split at dots and commas
	s := start
	for j := start; j <= end; j++ {
		if j == end || text[j] == '.' || text[j] == ',' {
			if j > s {
				dst = appendPart(dst, text, s, j)
			}
			s = j + 1
		}
	}
	return dst
}

// isDottedAcronym: letter groups of at most three letters joined by dots, the first of one letter
// (P.T, S.Pd, S.H, M.Si, a.n) or all of one letter (K.H.M).
func isDottedAcronym(raw string) bool {
	groups := strings.Split(raw, ".")
	if len(groups) < 2 {
		return false
	}
	for _, g := range groups {
		if n := utf8.RuneCountInString(g); n == 0 || n > 3 {
			return false
		}
	}
	return utf8.RuneCountInString(groups[0]) == 1
}

// numberTerm writes numbers in one form: thousands dots dropped (1.000.000 → 1000000, 1.250,50 →
// 1250,50), a decimal comma or a non-thousands dot kept (27,90; 08.00; 3.5).
func numberTerm(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	intPart := s
	if i := strings.IndexByte(s, ','); i >= 0 {
		intPart = s[:i]
	}
	groups := strings.Split(intPart, ".")
	for i, g := range groups {
		if i > 0 && len(g) != 3 || i == 0 && (len(g) == 0 || len(g) > 3) {
			return s
		}
	}
	return strings.ReplaceAll(intPart, ".", "") + s[len(intPart):]
}

// echoWords are lexicalised reduplications and echo words: one meaning, kept as one term.
var echoWords = map[string]bool{
	"kupu-kupu": true, "laba-laba": true, "ubur-ubur": true, "kura-kura": true, "biri-biri": true,
	"paru-paru": true, "cumi-cumi": true, "lumba-lumba": true, "kunang-kunang": true, "rama-rama": true,
	"alun-alun": true, "oleh-oleh": true, "undang-undang": true, "kanak-kanak": true, "rata-rata": true,
	"mata-mata": true, "hati-hati": true, "pura-pura": true, "sia-sia": true, "gara-gara": true,
	"teka-teki": true, "gado-gado": true, "ondel-ondel": true, "layang-layang": true, "onde-onde": true,
	"sayur-mayur": true, "bolak-balik": true, "ramah-tamah": true, "lauk-pauk": true, "warna-warni": true,
	"gotong-royong": true, "porak-poranda": true, "mondar-mandir": true, "compang-camping": true,
	"serba-serbi": true, "tunggang-langgang": true, "hingar-bingar": true, "kocar-kacir": true,
	"simpang-siur": true, "tindak-tanduk": true, "corat-coret": true, "sahut-menyahut": true,
	"anai-anai": true, "pundi-pundi": true, "kisi-kisi": true, "rambu-rambu": true, "jari-jari": true,
}

func isEchoWord(w string) bool { return echoWords[w] }

// servicePrefixes are the one-letter prefixes of service names: e-KTP, m-Paspor, i-Pubers.
var servicePrefixes = map[string]bool{"e": true, "m": true, "i": true}
