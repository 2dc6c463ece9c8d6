package postings

import (
	"errors"
	"fmt"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// raw is a term's postings list in seg without the deletions of any
// snapshot; nil if the segment has no such list.
func raw(seg segment.Segment, field, term string) (segment.PostingsList, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("postings: dictionary %s: %w", field, err)
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("postings: postings of %q: %w", term, err)
	}
	return pl, nil
}

// decode reads a term's whole postings list of seg: documents,
// frequencies, norms and, if firsts, the first positions, in one walk. It
// returns nil, nil for a list it cannot keep compactly (more than 65,536
// distinct norms) or that is absent.
func decode(seg segment.Segment, field, term string, firsts bool) (*List, error) {
	pl, err := raw(seg, field, term)
	if err != nil || pl == nil {
		return nil, err
	}
	n := int(pl.Count())
	l := &List{docs: make([]uint32, 0, n), freqs: make([]uint8, 0, n), norms: make([]uint16, 0, n)}
	var fs *Firsts
	if firsts {
		fs = &Firsts{v: make([]uint16, 0, n)}
	}
	normIdx := map[float32]uint16{}
	err = walk(pl, true, firsts, func(p segment.Posting) error {
		i := len(l.docs)
		if fs != nil {
			fs.add(i, FirstPos(p.Locations()))
		}
		l.docs = append(l.docs, uint32(p.Number()))
		if f := p.Frequency(); f < bigValue {
			l.freqs = append(l.freqs, uint8(f))
		} else {
			l.freqs = append(l.freqs, bigValue)
			if l.bigFreqs == nil {
				l.bigFreqs = map[int32]uint32{}
			}
			l.bigFreqs[int32(i)] = uint32(f)
		}
		norm := float32(p.Norm())
		k, ok := normIdx[norm]
		if !ok {
			if len(l.normVals) > 0xffff {
				return errTooManyNorms
			}
			k = uint16(len(l.normVals))
			normIdx[norm] = k
			l.normVals = append(l.normVals, norm)
		}
		l.norms = append(l.norms, k)
		return nil
	})
	if errors.Is(err, errTooManyNorms) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postings: reading %q: %w", term, err)
	}
	if fs != nil {
		l.firsts.Store(fs)
	}
	l.indexDense()
	return l, nil
}

// errTooManyNorms stops decoding a list whose norms do not fit its index.
var errTooManyNorms = errors.New("more than 65,536 distinct norms")

// walk calls fn with every posting of pl in order, with the frequencies
// and norms or the locations as asked; an error of fn ends the walk.
func walk(pl segment.PostingsList, freqNorm, locs bool, fn func(p segment.Posting) error) error {
	it := pl.Iterator(freqNorm, freqNorm, locs, nil)
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
}

// decodeFirsts reads the first position (FirstPos) of every posting of
// the list l was decoded from without them.
func decodeFirsts(seg segment.Segment, field, term string, l *List) (*Firsts, error) {
	pl, err := raw(seg, field, term)
	if err != nil {
		return nil, err
	}
	if pl == nil {
		return nil, fmt.Errorf("postings: positions of %q: no list", term)
	}
	s := &Firsts{v: make([]uint16, 0, len(l.docs))}
	errOrder := fmt.Errorf("postings: positions of %q do not follow its postings", term)
	err = walk(pl, false, true, func(p segment.Posting) error {
		i := len(s.v)
		if i >= len(l.docs) || uint64(l.docs[i]) != p.Number() {
			return errOrder
		}
		s.add(i, FirstPos(p.Locations()))
		return nil
	})
	if errors.Is(err, errOrder) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("postings: positions of %q: %w", term, err)
	}
	if len(s.v) != len(l.docs) {
		return nil, errOrder
	}
	return s, nil
}

// ValueStride is how far apart the parts of a multi-part text value are
// indexed: part k's positions start at k·ValueStride + 1 (the index
// package's positions.go). 2^19 keeps the later parts' positions in three
// bytes of varint and holds any body a document may have.
const ValueStride = 1 << 19

// InPart is a position within its part.
func InPart(pos uint64) uint64 { return pos & (ValueStride - 1) }

// FirstPos is the smallest position > 0 of locs within its part (InPart),
// 0 if none: the one position a decoded list keeps per posting.
func FirstPos(locs []segment.Location) uint64 {
	first := uint64(0)
	for _, l := range locs {
		if p := InPart(l.Pos()); p > 0 && (first == 0 || p < first) {
			first = p
		}
	}
	return first
}
