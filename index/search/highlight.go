package search

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"jippnas/analyzers"
)

// highlighter marks the places in a text whose analysed terms match the
// query's. Matching on analysed terms means a query for "pelayanan" marks
// "melayani" and a query for "KTP" marks "kartu tanda penduduk".
type highlighter struct {
	terms   map[string]bool
	needles [][]byte
	// buf holds the lowercased text being scanned, reused across the hits
	// of a search (strings.ToLower allocates and copies byte by byte: it
	// was 9 % of a search's time at 100k).
	buf []byte
	// starts holds the starts of the words matchWords analyses, reused.
	starts []int
	// expands is set when a term is an acronym: its expansion spans several
	// words, which only an analysis of the whole text finds.
	expands bool
	// firsts are the first words of the acronyms' expansions: a text
	// holding none of them is not analysed whole (most texts: "kelurahan"
	// asked as its acronym "kel" made every title, summary and passage
	// without a literal match analysed whole, half a search's time).
	firsts [][]byte
}

func newHighlighter(terms []string) *highlighter {
	h := &highlighter{terms: make(map[string]bool, len(terms))}
	for _, t := range terms {
		if h.terms[t] {
			continue
		}
		h.terms[t] = true
		if t == "" {
			continue // no token is empty: it marks nothing
		}
		h.needles = append(h.needles, []byte(needle(t)))
		if analyzers.IsAcronym(t) {
			h.expands = true
			for _, w := range analyzers.ExpansionFirstWords(t) {
				h.firsts = append(h.firsts, []byte(w))
			}
		}
	}
	return h
}

// needle is the part of a stem that its inflected forms contain: without
// its first letter, which Indonesian nasal assimilation may replace (pukul
// → memukul, tulis → menulis, sapu → menyapu).
func needle(t string) string {
	if len(t) >= 4 {
		return t[1:]
	}
	return t
}

type span struct{ start, end int }

// matches returns the byte spans of text that match, merged and in order,
// and the term each matched. Only the words that contain a needle are
// analysed, one by one; if none matches that way (a match through an
// acronym's expansion spans several words), the whole text is analysed.
func (h *highlighter) matches(text string) ([]span, []string) {
	if len(h.terms) == 0 || text == "" {
		return nil, nil
	}
	if spans, terms := h.matchWords(text); len(spans) > 0 || !h.expands {
		return spans, terms
	}
	if !h.mayExpand(text) {
		return nil, nil
	}
	return h.matchAll(text)
}

// mayExpand reports whether text holds the first word of an acronym's
// expansion, or cannot tell (case folding changed its length).
func (h *highlighter) mayExpand(text string) bool {
	lower, ok := h.lower(text)
	if !ok {
		return true
	}
	for _, w := range h.firsts {
		if bytes.Contains(lower, w) {
			return true
		}
	}
	return false
}

func (h *highlighter) matchWords(text string) ([]span, []string) {
	var spans []span
	var terms []string
	lower, ok := h.lower(text)
	if !ok {
		// Case folding changed byte lengths (rare scripts): offsets would
		// not line up.
		return nil, nil
	}
	// The words (runs between spaces) that hold a needle, found by
	// searching the text for each needle (a vectorised scan) instead of
	// testing word after word; each is analysed once, in order.
	starts := h.starts[:0]
	for _, n := range h.needles {
		for off := 0; off < len(lower); {
			k := bytes.Index(lower[off:], n)
			if k < 0 {
				break
			}
			p := off + k
			i, j := p, p+len(n) // a needle holds no space: terms are words
			for i > 0 && !isSpaceByte(text[i-1]) {
				i--
			}
			for j < len(text) && !isSpaceByte(text[j]) {
				j++
			}
			starts = append(starts, i)
			off = j // on past the word: it is analysed once
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	h.starts = starts
	for _, i := range starts {
		j := i
		for j < len(text) && !isSpaceByte(text[j]) {
			j++
		}
		toks, err := analyzers.Analyze(analyzers.AnalyzerName, text[i:j])
		if err != nil {
			continue
		}
		for _, t := range toks {
			if h.terms[t.Term] && t.Start >= 0 && t.End <= j-i && t.Start < t.End {
				if n := len(spans); n > 0 && i+t.Start < spans[n-1].end {
					continue
				}
				spans = append(spans, span{i + t.Start, i + t.End})
				terms = append(terms, t.Term)
			}
		}
	}
	return spans, terms
}

// lower returns text lowercased into h.buf, valid until the next call; ok
// is false when folding changed its length (a rare script), so that offsets
// into it are not text's. Bytes that are not UTF-8 stay as they are.
func (h *highlighter) lower(text string) (lower []byte, ok bool) {
	if cap(h.buf) < len(text) {
		h.buf = make([]byte, 0, len(text)+len(text)/8)
	}
	// ASCII by index into a slice of the text's length (append per byte
	// costs twice as much); from the first other byte on, rune by rune.
	b := h.buf[:len(text)]
	i := 0
	for ; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			break
		}
		b[i] = lowerASCII(text[i])
	}
	b, ok = b[:i], true
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			b = append(b, lowerASCII(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, text[i]) // not UTF-8: kept as it is
			i++
			continue
		}
		l := unicode.ToLower(r)
		ok = ok && utf8.RuneLen(l) == size
		b = utf8.AppendRune(b, l)
		i += size
	}
	h.buf = b
	return b, ok
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func (h *highlighter) matchAll(text string) ([]span, []string) {
	toks, err := analyzers.Analyze(analyzers.AnalyzerName, text)
	if err != nil {
		return nil, nil
	}
	var spans []span
	var terms []string
	for _, t := range toks {
		if !h.terms[t.Term] || t.Start < 0 || t.End > len(text) || t.Start >= t.End {
			continue
		}
		if n := len(spans); n > 0 && t.Start < spans[n-1].end {
			// Same place (an expansion over a word already marked): widen.
			if t.End > spans[n-1].end {
				spans[n-1].end = t.End
			}
			continue
		}
		spans = append(spans, span{t.Start, t.End})
		terms = append(terms, t.Term)
	}
	return spans, terms
}

// snippet returns text (cut to max bytes around the first match when max >
// 0) with matches marked, HTML-escaped, and the number of matches.
func (h *highlighter) snippet(text string, max int) (string, int) {
	spans, _ := h.matches(text)
	if len(spans) == 0 {
		return "", 0
	}
	if max <= 0 || len(text) <= max {
		return mark(text, 0, len(text), spans), len(spans)
	}
	start := max0(spans[0].start - max/4)
	return window(text, start, max, spans), len(spans)
}

// bestPassage finds the window of about size bytes with the most distinct
// matched terms (then the most matches) and returns it marked, the number
// of matches in it, and its start offset. Long texts are not analysed
// whole: a cheap byte scan finds where the query's stems occur and only the
// densest region around them is analysed.
func (h *highlighter) bestPassage(text string, size int) (string, int, int) {
	if len(text) > 4*size {
		if lo, hi, ok := h.region(text, size); ok {
			s, n, off := h.bestPassageIn(text, lo, hi, size)
			if n > 0 {
				return s, n, off
			}
		}
		// The stems were not found literally: only an acronym's expansion
		// can still match; look for it in a bounded prefix.
		if !h.expands {
			return "", 0, 0
		}
		return h.bestPassageIn(text, 0, min(len(text), 4096), size)
	}
	return h.bestPassageIn(text, 0, len(text), size)
}

// region returns the byte range around the densest cluster of needle hits.
// A needle is a stem without its first letter, which survives Indonesian
// nasal assimilation (pukul → memukul, tulis → menulis, layan → pelayanan).
func (h *highlighter) region(text string, size int) (int, int, bool) {
	lower, _ := h.lower(text) // offsets are only near when lengths differ
	var pos []int
	for _, n := range h.needles {
		for off := 0; len(pos) < 256; {
			i := bytes.Index(lower[off:], n)
			if i < 0 {
				break
			}
			pos = append(pos, off+i)
			off += i + len(n)
		}
	}
	if len(pos) == 0 {
		return 0, 0, false
	}
	slices.Sort(pos)
	best, bestN := 0, 0
	for i := range pos {
		n := 0
		for j := i; j < len(pos) && pos[j]-pos[i] <= size; j++ {
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	lo := min(max0(pos[best]-size), len(text))
	hi := min(len(text), pos[best]+2*size)
	// Whole words only: move the edges to spaces.
	for lo > 0 && text[lo-1] != ' ' && text[lo-1] != '\n' {
		lo--
	}
	for hi < len(text) && text[hi] != ' ' && text[hi] != '\n' {
		hi++
	}
	return lo, hi, true
}

func (h *highlighter) bestPassageIn(full string, lo, hi, size int) (string, int, int) {
	text := full[lo:hi]
	spans, terms := h.matches(text)
	if len(spans) == 0 {
		return "", 0, 0
	}
	best, bestDistinct, bestCount := 0, 0, 0
	for i := range spans {
		seen := map[string]bool{}
		count := 0
		for j := i; j < len(spans) && spans[j].end-spans[i].start <= size; j++ {
			seen[terms[j]] = true
			count++
		}
		if len(seen) > bestDistinct || (len(seen) == bestDistinct && count > bestCount) {
			best, bestDistinct, bestCount = i, len(seen), count
		}
	}
	start := max0(spans[best].start - size/5)
	for i := range spans {
		spans[i].start += lo
		spans[i].end += lo
	}
	return window(full, lo+start, size, spans), bestCount, lo + spans[best].start
}

// window cuts text to about size bytes from start, on word boundaries, with
// ellipses where it was cut.
func window(text string, start, size int, spans []span) string {
	end := min(len(text), start+size)
	// Move start forward to a word boundary, end back to one.
	if start > 0 {
		if i := strings.IndexAny(text[start:min(len(text), start+30)], " \n\t"); i >= 0 {
			start += i + 1
		}
	}
	if end < len(text) {
		if i := strings.LastIndexAny(text[max0(end-30):end], " \n\t"); i >= 0 {
			end = max0(end-30) + i
		}
	}
	for start < len(text) && !utf8.RuneStart(text[start]) {
		start++
	}
	for end < len(text) && end > start && !utf8.RuneStart(text[end]) {
		end--
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	b.WriteString(mark(text, start, end, spans))
	if end < len(text) {
		b.WriteString(" …")
	}
	return b.String()
}

// mark escapes text[start:end] and wraps the spans inside it in <mark>.
func mark(text string, start, end int, spans []span) string {
	var b strings.Builder
	pos := start
	for _, s := range spans {
		if s.end <= start || s.start >= end {
			continue
		}
		ss, se := max(s.start, start), min(s.end, end)
		b.WriteString(html.EscapeString(collapse(text[pos:ss])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[ss:se]))
		b.WriteString("</mark>")
		pos = se
	}
	b.WriteString(html.EscapeString(collapse(text[pos:end])))
	return b.String()
}

// collapse folds runs of whitespace (newlines between Markdown blocks) so a
// snippet reads as one line.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func max0(i int) int { return max(i, 0) }
