package analyzers

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var _ = utf8.RuneSelf // the reference below decodes runes

// tokenizeReference is tokenize as it was before its ASCII fast path.
func tokenizeReference(text string) []chunk {
	n := len(text)
	out := make([]chunk, 0, n/7+1)
	flat := make([]span, 0, n/7+1) // backing store for all chunk parts
	var parts []span
	i := 0
	for i < n {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isAlnum(r) {
			i += size
			continue
		}
		parts = parts[:0]
		partStart := i
		prev := r
		i += size
		for i < n {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isAlnum(r) {
				prev = r
				i += size
				continue
			}
			next, nsize := utf8.DecodeRuneInString(text[i+size:])
			if i+size >= n || !isAlnum(next) {
				break
			}
			_ = nsize
			switch {
			case isHyphen(r):
				parts = append(parts, span{start: partStart, end: i})
				partStart = i + size
			case r == '.' && (isDigit(prev) && isDigit(next) || isLetter(prev) && isLetter(next)):
			case r == ',' && isDigit(prev) && isDigit(next):
			case isApostrophe(r) && isLetter(prev) && isLetter(next):
			default:
				goto done
			}
			prev = r
			i += size
		}
	done:
		parts = append(parts, span{start: partStart, end: i})
		from := len(flat)
		for _, p := range parts {
			flat = appendPart(flat, text, p.start, p.end)
		}
		out = append(out, chunk{parts: flat[from:len(flat):len(flat)]})
	}
	return out
}

// tokenizeSamePieces are the pieces random texts are made of: words,
// numbers, acronyms, connectors in and out of words, non-ASCII letters,
// combining marks, digits of other scripts and bytes that are not UTF-8.
var tokenizeSamePieces = []string{"pelayanan", "KTP", "e", "-", "‐", ".", ",", "'", "’", " ", "\n", "1", "000", "27", "9", "2019", "A9",
	"S", "Pd", "P", "T", "anak", "é", "e\u0301", "Ñ", "٣", "\xff", "/", "(", ")", "ʼ", "kota", "lalu", "a", "Jum", "at"}

// TestTokenizeSameAsReference: the fast path splits and classifies as the
// rune-by-rune scan did, on random texts of tricky pieces.
func TestTokenizeSameAsReference(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for round := 0; round < 20000; round++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(tokenizeSamePieces[rng.Intn(len(tokenizeSamePieces))])
		}
		sameTokenize(t, b.String())
	}
}

func sameTokenize(t *testing.T, text string) {
	t.Helper()
	got, want := tokenize(text), tokenizeReference(text)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tokenize(%q)\n got  %v\n want %v", text, got, want)
	}
}

func FuzzTokenizeSameAsReference(f *testing.F) {
	for _, s := range []string{"e-KTP", "P.T.", "27,90", "anak-anak", "a.b.c.d", "--", "é́", "KTP/KK", "1.000,5", "x-", "\xff-\xfe", "Jum'at"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sameTokenize(t, text)
	})
}
