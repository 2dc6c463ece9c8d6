package facet

import (
	"encoding/binary"
	"math/bits"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Candidates narrow a filtered search before it reads any posting: a
// search whose words are common but whose filters are narrow ("masyarakat"
// in one province, sector and year range) otherwise walks every document
// holding the words only to have Accept turn nearly all of them down. The
// search leapfrogs its words' postings with the candidates instead, as
// Lucene does with a filter clause.

// inverted is a facet's column turned around: ordinal → the snapshot's
// documents with that value. It is built on a snapshot's first search that
// filters on the facet and kept with its columns.
type inverted struct {
	once sync.Once
	docs []*roaring.Bitmap // by ordinal; nil where no document has it
}

// docsOf returns, for facet f, the documents of each ordinal.
func (c *Columns) docsOf(f string) []*roaring.Bitmap {
	c.invMu.Lock()
	inv := c.inv[f]
	if inv == nil {
		if c.inv == nil {
			c.inv = map[string]*inverted{}
		}
		inv = &inverted{}
		c.inv[f] = inv
	}
	c.invMu.Unlock()
	inv.once.Do(func() { inv.docs = c.invert(f) })
	return inv.docs
}

// invert builds facet f's inverted column. Documents are visited in
// increasing order, so each ordinal's list is sorted as it grows.
func (c *Columns) invert(f string) []*roaring.Bitmap {
	lists := make([][]uint32, len(c.dict[f]))
	if col, ok := c.single[f]; ok {
		counts := make([]int, len(lists))
		for _, o := range col {
			counts[o]++
		}
		for o, n := range counts {
			if n > 0 {
				lists[o] = make([]uint32, 0, n)
			}
		}
		for d, o := range col {
			lists[o] = append(lists[o], uint32(d))
		}
	} else if mc, ok := c.multi[f]; ok {
		for d := 0; d+1 < len(mc.start); d++ {
			if mc.start[d] == mc.start[d+1] {
				lists[0] = append(lists[0], uint32(d))
				continue
			}
			for _, o := range mc.vals[mc.start[d]:mc.start[d+1]] {
				if int(o) < len(lists) {
					lists[o] = append(lists[o], uint32(d))
				}
			}
		}
	}
	out := make([]*roaring.Bitmap, len(lists))
	for o, l := range lists {
		if len(l) > 0 {
			b := roaring.New()
			b.AddMany(l)
			b.RunOptimize()
			out[o] = b
		}
	}
	return out
}

// passing returns the documents that pass filter f.
func (c *Counter) passing(f *columnFilter) *roaring.Bitmap {
	docs := c.cols.docsOf(f.name)
	var take []*roaring.Bitmap
	for o, ok := range f.ok {
		if ok && o < len(docs) && docs[o] != nil {
			take = append(take, docs[o])
		}
	}
	if len(take) == 0 {
		return roaring.New()
	}
	return roaring.FastOr(take...)
}

// Candidates returns the snapshot's documents that Accept may pass or
// count: those that pass every filter, and those that fail only the
// filter of a facet it counts (disjunctive counts). Any other document
// Accept turns down without counting it. Candidates returns nil when that
// is every document: no filter, or a single filter whose facet is counted.
// The bitmap is shared: kept with the columns (see candidateCache), it
// must not be modified.
func (c *Counter) Candidates() *roaring.Bitmap {
	if len(c.filters) == 0 {
		return nil
	}
	for _, w := range c.want {
		if w.ownBit != 0 && len(c.filters) == 1 {
			return nil
		}
	}
	key := c.candidatesKey()
	if cand, ok := c.cols.cands.get(key); ok {
		return cand
	}
	cand := c.candidates()
	c.cols.cands.put(key, cand)
	return cand
}

// candidatesKey identifies what Candidates depends on: each filter's
// accepted ordinals and which filters belong to a counted facet.
func (c *Counter) candidatesKey() string {
	var own uint64
	for _, w := range c.want {
		own |= w.ownBit
	}
	b := binary.AppendUvarint(nil, own)
	for _, f := range c.filters {
		b = append(append(b, f.name...), 0)
		n := 0
		for _, ok := range f.ok {
			if ok {
				n++
			}
		}
		b = binary.AppendUvarint(b, uint64(n))
		for o, ok := range f.ok {
			if ok {
				b = binary.AppendUvarint(b, uint64(o))
			}
		}
	}
	return string(b)
}

// candidates computes Candidates.
func (c *Counter) candidates() *roaring.Bitmap {
	pass := make([]*roaring.Bitmap, len(c.filters))
	for i := range c.filters {
		pass[i] = c.passing(&c.filters[i])
	}
	// all but skip (-1: all) of the filters.
	allBut := func(skip int) *roaring.Bitmap {
		var in []*roaring.Bitmap
		for j, b := range pass {
			if j != skip {
				in = append(in, b)
			}
		}
		if len(in) == 1 {
			return in[0].Clone()
		}
		return roaring.FastAnd(in...)
	}
	cand := allBut(-1)
	for _, w := range c.want {
		if w.ownBit != 0 {
			cand.Or(allBut(bits.TrailingZeros64(w.ownBit)))
		}
	}
	return cand
}

// candidateCache keeps a snapshot's candidates by selection: the same
// filters recur across searches (a province, a sector, a year range), and
// computing their candidates is a few unions and intersections over every
// document, about a tenth of a filtered search at 100k documents
// (docs/benchmarks.md, 2026-12-07, second session). Lucene keeps filters'
// bitsets the same way. The columns, and so the cache, live as long as
// their snapshot; it is emptied when full.
type candidateCache struct {
	mu sync.Mutex
	m  map[string]*roaring.Bitmap
}

// candidateCacheMax bounds a snapshot's cache: at 1M documents a bitmap
// takes at most 128 KB.
const candidateCacheMax = 64

func (cc *candidateCache) get(key string) (*roaring.Bitmap, bool) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	b, ok := cc.m[key]
	return b, ok
}

func (cc *candidateCache) put(key string, b *roaring.Bitmap) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.m == nil || len(cc.m) >= candidateCacheMax {
		cc.m = make(map[string]*roaring.Bitmap)
	}
	cc.m[key] = b
}
