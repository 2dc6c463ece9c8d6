package bm25

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// excluded are the segment's documents the must-not clauses leave out,
// and its deleted ones (which decoded lists and filter bitmaps hold).
func excluded(ss *scorch.SegmentSnapshot, q Query, c *Cache) (*roaring.Bitmap, error) {
	out := roaring.New()
	if del := ss.Deleted(); del != nil {
		out.Or(del)
	}
	if len(q.NotIDs) > 0 {
		b, err := ss.DocNumbers(q.NotIDs)
		if err != nil {
			return nil, fmt.Errorf("bm25: %w", err)
		}
		out.Or(b)
	}
	for _, t := range q.Not {
		b, err := c.docs(ss, t)
		if err != nil {
			return nil, err
		}
		out.Or(b)
	}
	return out, nil
}

// allowed are the segment's documents that pass every filter group (nil
// when there is none), deleted ones included.
func allowed(ss *scorch.SegmentSnapshot, groups [][]Term, c *Cache) (*roaring.Bitmap, error) {
	var out *roaring.Bitmap
	for _, g := range groups {
		b := roaring.New()
		for _, t := range g {
			d, err := c.docs(ss, t)
			if err != nil {
				return nil, err
			}
			b.Or(d)
		}
		if out == nil {
			out = b
		} else {
			out.And(b)
		}
	}
	return out, nil
}

// docs are the segment's documents holding t, deleted ones included: a
// filter term's (a type, a sector) are read once per segment when c keeps
// them. The bitmap must not be modified.
func (c *Cache) docs(ss *scorch.SegmentSnapshot, t Term) (*roaring.Bitmap, error) {
	var key cacheKey
	if c != nil {
		key = cacheKey{ss.Segment(), t.Field, t.Term}
		c.mu.Lock()
		b, ok := c.bitmaps[key]
		c.mu.Unlock()
		if ok {
			return b, nil
		}
	}
	dict, err := ss.Segment().Dictionary(t.Field)
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	pl, err := dict.PostingsList([]byte(t.Term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	b := roaring.New()
	if pl != nil {
		it := pl.Iterator(false, false, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return nil, fmt.Errorf("bm25: %w", err)
			}
			if p == nil {
				break
			}
			b.Add(uint32(p.Number()))
		}
	}
	b.RunOptimize()
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		size := int64(b.GetSizeInBytes())
		if _, ok := c.bitmaps[key]; !ok && c.used+size <= c.budget {
			c.bitmaps[key] = b
			c.used += size
		}
	}
	return b, nil
}
