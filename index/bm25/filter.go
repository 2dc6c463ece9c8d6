package bm25

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// excluded are the segment's documents the must-not clauses leave out,
// and its deleted ones (which decoded lists and filter documents hold).
func excluded(ss *scorch.SegmentSnapshot, q Query, s *Scorer) (*roaring.Bitmap, error) {
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
		b, err := s.cache().Docs(ss.Segment(), t.Field, t.Term)
		if err != nil {
			return nil, fmt.Errorf("bm25: %w", err)
		}
		out.Or(b)
	}
	return out, nil
}

// allowed are the segment's documents that pass every filter group (nil
// when there is none), deleted ones included.
func allowed(ss *scorch.SegmentSnapshot, groups [][]Term, s *Scorer) (*roaring.Bitmap, error) {
	var out *roaring.Bitmap
	for _, g := range groups {
		b := roaring.New()
		for _, t := range g {
			d, err := s.cache().Docs(ss.Segment(), t.Field, t.Term)
			if err != nil {
				return nil, fmt.Errorf("bm25: %w", err)
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
