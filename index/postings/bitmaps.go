package postings

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Docs returns the documents of seg holding a term, deleted ones
// included: a filter term's (a type, a sector) documents, which every
// query filtering on it reads whole. They are kept as entries of the
// cache, under its budget and admission; built from zap on a miss or when
// c is nil. The bitmap must not be modified.
func (c *Cache) Docs(seg segment.Segment, field, term string) (*roaring.Bitmap, error) {
	k := key{seg: seg, field: field, term: term, bits: true}
	var f uint16
	if c != nil {
		c.mu.Lock()
		e, n := c.find(k)
		c.mu.Unlock()
		if e != nil {
			return e.bits, nil
		}
		f = n
	}
	b, err := bitmap(seg, field, term)
	if err != nil || c == nil {
		return b, err
	}
	// The bitmap is built whatever the cache decides: the size to admit is
	// the real one.
	e := &entry{key: k, bits: b, size: int64(b.GetSizeInBytes()) + int64(len(field)+len(term)) + entryOverhead}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.admit(f, e.size) {
		return b, nil
	}
	return c.insert(e).bits, nil
}

// bitmap reads the documents of a term's postings list in seg.
func bitmap(seg segment.Segment, field, term string) (*roaring.Bitmap, error) {
	pl, err := raw(seg, field, term)
	if err != nil {
		return nil, err
	}
	b := roaring.New()
	if pl != nil {
		if err := walk(pl, false, false, func(p segment.Posting) error {
			b.Add(uint32(p.Number()))
			return nil
		}); err != nil {
			return nil, fmt.Errorf("postings: documents of %q: %w", term, err)
		}
	}
	b.RunOptimize()
	return b, nil
}
