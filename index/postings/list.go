package postings

import (
	"math"
	"slices"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
)

// List is one term's postings list in one segment, decoded once, deleted
// documents included (a segment never changes; deletions are a
// snapshot's, which the reader skips with NextLive): the documents in
// increasing order and, by index, their frequencies, norms and (once a
// reader asked for them) first positions. About 7 bytes a posting, 9 with
// the positions, so that the lists of frequent terms fit in a few tens of
// MiB. Never modified once built, except that the positions are added
// once, atomically, so that readers share it.
type List struct {
	docs     []uint32
	freqs    []uint8 // bigValue: in bigFreqs
	bigFreqs map[int32]uint32
	norms    []uint16  // index into normVals
	normVals []float32 // the list's distinct norms (zap keeps norms as float32)
	firsts   atomic.Pointer[Firsts]
	// A dense list (a document in 16 or more) also holds its documents as
	// bits, with the postings before each word of them: a seek into it
	// reads a word instead of galloping (dense.go).
	bits  []uint64
	ranks []uint32
}

// bigValue marks a value kept in an overflow map.
const bigValue = 255

// mapEntryBytes approximates the memory of one overflow map entry.
const mapEntryBytes = 24

// Len is the number of postings, deleted documents included.
func (l *List) Len() int { return len(l.docs) }

// Doc is the document number of posting i.
func (l *List) Doc(i int) uint64 { return uint64(l.docs[i]) }

// Docs are the document numbers by posting index, for a reader that
// steps through them itself; not to be modified.
func (l *List) Docs() []uint32 { return l.docs }

// Freq is the term frequency of posting i.
func (l *List) Freq(i int) uint64 {
	if f := l.freqs[i]; f != bigValue {
		return uint64(f)
	}
	return uint64(l.bigFreqs[int32(i)])
}

// Norm is the norm of posting i: the float32 zap stores, widened, so that
// scores are the same bit for bit as read from zap.
func (l *List) Norm(i int) float64 { return float64(l.normVals[l.norms[i]]) }

// Firsts are the first positions, nil until a Load asked for them.
func (l *List) Firsts() *Firsts { return l.firsts.Load() }

// Search returns the index of the first document at or after doc from i
// on, galloping then halving: a cursor mostly moves a short way.
func (l *List) Search(i int, doc uint64) int {
	i, _ = l.Seek(i, doc)
	return i
}

// Seek is Search that also returns the document found (0 when none): a
// dense list finds it in its bits, without reading its documents.
func (l *List) Seek(i int, doc uint64) (int, uint64) {
	n := len(l.docs)
	// A cursor walking a list mostly wants this posting or the next.
	if i >= n {
		return i, 0
	}
	if d := uint64(l.docs[i]); d >= doc {
		return i, d
	}
	if i+1 >= n {
		return i + 1, 0
	}
	if d := uint64(l.docs[i+1]); d >= doc {
		return i + 1, d
	}
	if l.bits != nil {
		return l.seekBits(doc)
	}
	lo, step := i, 1
	hi := i
	for hi < n && uint64(l.docs[hi]) < doc {
		lo = hi + 1
		hi += step
		step <<= 1
	}
	hi = min(hi, n)
	if doc > math.MaxUint32 { // beyond every document number
		return hi, 0
	}
	k, _ := slices.BinarySearch(l.docs[lo:hi], uint32(doc))
	if k += lo; k < n {
		return k, uint64(l.docs[k])
	}
	return k, 0
}

// NextLive is the index of the first document from i on that deleted
// does not hold (Len if none).
func (l *List) NextLive(i int, deleted *roaring.Bitmap) int {
	for deleted != nil && i < len(l.docs) && deleted.Contains(l.docs[i]) {
		i++
	}
	return i
}

// bytes approximates the list's memory, positions included.
func (l *List) bytes() int64 {
	n := 4*int64(len(l.docs)) + int64(len(l.freqs)) + mapEntryBytes*int64(len(l.bigFreqs)) +
		2*int64(len(l.norms)) + 4*int64(len(l.normVals)) + 8*int64(len(l.bits)) + 4*int64(len(l.ranks))
	if f := l.firsts.Load(); f != nil {
		n += f.bytes()
	}
	return n
}

// Firsts are a list's first positions (FirstPos) by posting index: nearly
// always below 65535, the others kept aside.
type Firsts struct {
	v   []uint16 // 65535: in big
	big map[int32]uint32
}

// At is the first position of posting i.
func (s *Firsts) At(i int) uint64 {
	if v := s.v[i]; v != 0xffff {
		return uint64(v)
	}
	return uint64(s.big[int32(i)])
}

// add appends f, the first position of posting i.
func (s *Firsts) add(i int, f uint64) {
	if f < 0xffff {
		s.v = append(s.v, uint16(f))
		return
	}
	s.v = append(s.v, 0xffff)
	if s.big == nil {
		s.big = map[int32]uint32{}
	}
	s.big[int32(i)] = uint32(f)
}

func (s *Firsts) bytes() int64 { return 2*int64(len(s.v)) + mapEntryBytes*int64(len(s.big)) }
