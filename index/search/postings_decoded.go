package search

import (
	"fmt"
	"sort"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// decodedPostings is one term's postings list in one segment, decoded
// once, deleted documents included: the documents in increasing order
// and, by index, their frequencies, norms and (once the lead asked for
// them) first positions. About 7 bytes a posting, 9 with the positions,
// so that the lists of a query set's frequent terms fit in a few tens of
// MiB. Never modified once built, except that the positions are added
// once, atomically, so that searches share it.
type decodedPostings struct {
	docs     []uint32
	freqs    []uint8 // bigValue: in bigFreqs
	bigFreqs map[int32]uint32
	norms    []uint16  // index into normVals
	normVals []float32 // the list's distinct norms (zap keeps norms as float32)
	firsts   atomic.Pointer[smallInts]
}

// bigValue marks a value kept in an overflow map.
const bigValue = 255

// smallInts are per-posting numbers that are nearly always below 65535,
// the others kept aside.
type smallInts struct {
	v   []uint16 // 65535: in big
	big map[int32]uint32
}

func (s *smallInts) at(i int) uint64 {
	if v := s.v[i]; v != 0xffff {
		return uint64(v)
	}
	return uint64(s.big[int32(i)])
}

// mapEntryBytes approximates the memory of one overflow map entry.
const mapEntryBytes = 24

func (s *smallInts) bytes() int64 { return 2*int64(len(s.v)) + mapEntryBytes*int64(len(s.big)) }

func (d *decodedPostings) bytes() int64 {
	n := 4*int64(len(d.docs)) + int64(len(d.freqs)) + mapEntryBytes*int64(len(d.bigFreqs)) +
		2*int64(len(d.norms)) + 4*int64(len(d.normVals))
	if f := d.firsts.Load(); f != nil {
		n += f.bytes()
	}
	return n
}

func (d *decodedPostings) freq(i int) uint64 {
	if f := d.freqs[i]; f != bigValue {
		return uint64(f)
	}
	return uint64(d.bigFreqs[int32(i)])
}

func (d *decodedPostings) norm(i int) float64 { return float64(d.normVals[d.norms[i]]) }

// rawPostings is a term's postings list in seg without the deletions of
// any snapshot.
func rawPostings(seg segment.Segment, field, term string) (segment.PostingsList, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("postings cache: dictionary %s: %w", field, err)
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("postings cache: postings of %q: %w", term, err)
	}
	return pl, nil
}

// decodePostings reads a term's whole postings list of seg: documents,
// frequencies and norms. It returns nil, nil for a list it cannot keep
// compactly (more than 65,536 distinct norms).
func decodePostings(seg segment.Segment, field, term string) (*decodedPostings, error) {
	pl, err := rawPostings(seg, field, term)
	if err != nil {
		return nil, err
	}
	n := int(pl.Count())
	d := &decodedPostings{docs: make([]uint32, 0, n), freqs: make([]uint8, 0, n), norms: make([]uint16, 0, n)}
	normIdx := map[float32]uint16{}
	it := pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("postings cache: reading %q: %w", term, err)
		}
		if p == nil {
			return d, nil
		}
		i := len(d.docs)
		d.docs = append(d.docs, uint32(p.Number()))
		if f := p.Frequency(); f < bigValue {
			d.freqs = append(d.freqs, uint8(f))
		} else {
			d.freqs = append(d.freqs, bigValue)
			if d.bigFreqs == nil {
				d.bigFreqs = map[int32]uint32{}
			}
			d.bigFreqs[int32(i)] = uint32(f)
		}
		norm := float32(p.Norm())
		k, ok := normIdx[norm]
		if !ok {
			if len(d.normVals) > 0xffff {
				return nil, nil
			}
			k = uint16(len(d.normVals))
			normIdx[norm] = k
			d.normVals = append(d.normVals, norm)
		}
		d.norms = append(d.norms, k)
	}
}

// decodeFirsts reads the first position (firstPos) of every posting of
// the list d was decoded from.
func decodeFirsts(seg segment.Segment, field, term string, d *decodedPostings) (*smallInts, error) {
	pl, err := rawPostings(seg, field, term)
	if err != nil {
		return nil, err
	}
	s := &smallInts{v: make([]uint16, 0, len(d.docs))}
	it := pl.Iterator(false, false, true, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("postings cache: positions of %q: %w", term, err)
		}
		if p == nil {
			break
		}
		i := len(s.v)
		if i >= len(d.docs) || uint64(d.docs[i]) != p.Number() {
			return nil, fmt.Errorf("postings cache: positions of %q do not follow its postings", term)
		}
		if f := firstPos(p.Locations()); f < 0xffff {
			s.v = append(s.v, uint16(f))
		} else {
			s.v = append(s.v, 0xffff)
			if s.big == nil {
				s.big = map[int32]uint32{}
			}
			s.big[int32(i)] = uint32(f)
		}
	}
	if len(s.v) != len(d.docs) {
		return nil, fmt.Errorf("postings cache: positions of %q do not follow its postings", term)
	}
	return s, nil
}

// firstPos is the smallest position > 0 of locs, 0 if none: what the lead
// reads.
func firstPos(locs []segment.Location) uint64 {
	first := uint64(0)
	for _, l := range locs {
		if p := l.Pos(); p > 0 && (first == 0 || p < first) {
			first = p
		}
	}
	return first
}

// search returns the index of the first document at or after doc from i
// on, galloping then halving: a cursor mostly moves a short way.
func (d *decodedPostings) search(i int, doc uint64) int {
	n := len(d.docs)
	lo, step := i, 1
	hi := i
	for hi < n && uint64(d.docs[hi]) < doc {
		lo = hi + 1
		hi += step
		step <<= 1
	}
	hi = min(hi, n)
	return lo + sort.Search(hi-lo, func(k int) bool { return uint64(d.docs[lo+k]) >= doc })
}

// nextLive is the index of the first live document from i on.
func (d *decodedPostings) nextLive(i int, deleted *roaring.Bitmap) int {
	for deleted != nil && i < len(d.docs) && deleted.Contains(d.docs[i]) {
		i++
	}
	return i
}
