package search

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index"
)

// fieldMeans are the mean lengths, in tokens, of the text and title
// fields over the live documents of a snapshot: BM25's avgdl.
type fieldMeans struct{ text, title float64 }

// lengthCache keeps the mean field lengths of the latest snapshot. They
// are sums of the lengths each document recorded (index.FieldLengths):
// per segment, read once, since a segment never changes; per snapshot,
// the lengths of its deleted documents are subtracted.
type lengthCache struct {
	mu    sync.Mutex
	snap  any
	means fieldMeans
	segs  map[segment.Segment]*segLengths
}

// segLengths are one segment's document lengths, by local document number,
// for each field of index.LengthFields, and their sums.
type segLengths struct {
	docs  [][]uint32
	total []uint64
}

func (c *lengthCache) get(ctx context.Context, r bindex.IndexReader) (fieldMeans, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == r && c.segs != nil {
		return c.means, nil
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fieldMeans{}, fmt.Errorf("field lengths: not a scorch index")
	}
	live := map[segment.Segment]*segLengths{}
	sums := make([]uint64, len(index.LengthFields))
	var n uint64
	for _, ss := range snap.Segments() {
		if ctx.Err() != nil {
			return fieldMeans{}, ctx.Err()
		}
		seg := ss.Segment()
		sl := c.segs[seg]
		if sl == nil {
			var err error
			if sl, err = readLengths(seg); err != nil {
				return fieldMeans{}, err
			}
		}
		live[seg] = sl
		n += ss.Count()
		for f := range sums {
			sum := sl.total[f]
			if del := ss.Deleted(); del != nil {
				it := del.Iterator()
				for it.HasNext() {
					if d := it.Next(); int(d) < len(sl.docs[f]) {
						sum -= uint64(sl.docs[f][d])
					}
				}
			}
			sums[f] += sum
		}
	}
	mean := func(f int) float64 {
		if n == 0 || sums[f] == 0 {
			return 1
		}
		return float64(sums[f]) / float64(n)
	}
	c.snap, c.segs = r, live
	c.means = fieldMeans{text: mean(fieldIndex(index.FieldText)), title: mean(fieldIndex(index.FieldTitle))}
	return c.means, nil
}

// readLengths reads a segment's lengths terms: one walk over the postings
// of each distinct length.
func readLengths(seg segment.Segment) (*segLengths, error) {
	n := seg.Count()
	sl := &segLengths{docs: make([][]uint32, len(index.LengthFields)), total: make([]uint64, len(index.LengthFields))}
	for f := range sl.docs {
		sl.docs[f] = make([]uint32, n)
	}
	dict, err := seg.Dictionary(index.FieldLengths)
	if err != nil {
		return nil, fmt.Errorf("field lengths: %w", err)
	}
	terms := dict.AutomatonIterator(nil, nil, nil)
	for {
		e, err := terms.Next()
		if err != nil {
			return nil, fmt.Errorf("field lengths: %w", err)
		}
		if e == nil {
			return sl, nil
		}
		field, length, ok := index.ParseLengthTerm(e.Term)
		f := fieldIndex(field)
		if !ok || f < 0 {
			continue
		}
		pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
		if err != nil {
			return nil, fmt.Errorf("field lengths: %w", err)
		}
		it := pl.Iterator(false, false, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return nil, fmt.Errorf("field lengths: %w", err)
			}
			if p == nil {
				break
			}
			if d := p.Number(); d < n {
				sl.docs[f][d] = uint32(length)
				sl.total[f] += uint64(length)
			}
		}
	}
}

func fieldIndex(field string) int {
	for i, f := range index.LengthFields {
		if f == field {
			return i
		}
	}
	return -1
}
