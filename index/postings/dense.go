package postings

import "math/bits"

// Dense lists. A search that needs every word walks the rarest word's list
// and seeks each other word's list to the document found: in the list of a
// frequent word that is a gallop and a binary search over tens of
// postings, a fifth of a median search's time at 100k documents
// (docs/benchmarks.md, 2026-12-07, seventh session). A list holding one
// document in denseRatio or more also keeps them as bits, with the number
// of postings before each 64-bit word: the posting at or after a document
// is then found in its word (or the next words that hold any), and its
// index by counting bits. The bits cost at most 2 bytes a posting and the
// counts 1 (a list's own arrays take about 7).

// denseRatio: a list with at least one document in denseRatio (and
// denseMin postings) keeps bits.
const (
	denseRatio = 16
	denseMin   = 256
)

// indexDense gives l its bits when it is dense.
func (l *List) indexDense() {
	n := len(l.docs)
	if n < denseMin {
		return
	}
	last := uint64(l.docs[n-1])
	if last+1 > denseRatio*uint64(n) {
		return
	}
	words := int(last>>6) + 1
	l.bits = make([]uint64, words)
	l.ranks = make([]uint32, words)
	for _, d := range l.docs {
		l.bits[d>>6] |= 1 << (d & 63)
	}
	r := uint32(0)
	for w, b := range l.bits {
		l.ranks[w] = r
		r += uint32(bits.OnesCount64(b))
	}
}

// seekBits is Seek over a dense list's bits: the index of the first
// document at or after doc and that document (Len and 0 if none).
func (l *List) seekBits(doc uint64) (int, uint64) {
	w := doc >> 6
	if w >= uint64(len(l.bits)) {
		return len(l.docs), 0
	}
	if m := l.bits[w] >> (doc & 63); m != 0 {
		d := doc + uint64(bits.TrailingZeros64(m))
		return l.rankOf(d), d
	}
	for w++; w < uint64(len(l.bits)); w++ {
		if b := l.bits[w]; b != 0 {
			d := w<<6 + uint64(bits.TrailingZeros64(b))
			return l.rankOf(d), d
		}
	}
	return len(l.docs), 0
}

// rankOf is the index of document d, which the list holds.
func (l *List) rankOf(d uint64) int {
	w := d >> 6
	return int(l.ranks[w]) + bits.OnesCount64(l.bits[w]&(1<<(d&63)-1))
}
