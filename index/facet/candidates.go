package facet

import (
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
func (c *Counter) Candidates() *roaring.Bitmap {
	if len(c.filters) == 0 {
		return nil
	}
	for _, w := range c.want {
		if w.ownBit != 0 && len(c.filters) == 1 {
			return nil
		}
	}
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
