package bm25

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"jippnas/index/postings"
)

// list is a term's postings in one segment: read from the segment, or
// decoded once and kept by the Scorer's cache.
type list struct {
	pl    segment.PostingsList // deleted documents left out
	dec   *postings.List       // every document, deleted ones included
	count uint64               // live documents
}

// openList opens a term's postings in one segment; ok is false when no
// live document holds it.
func openList(ss *scorch.SegmentSnapshot, t Term, s *Scorer) (l list, ok bool, err error) {
	dict, err := ss.Segment().Dictionary(t.Field)
	if err != nil {
		return l, false, fmt.Errorf("bm25: %w", err)
	}
	pl, err := dict.PostingsList([]byte(t.Term), ss.Deleted(), nil)
	if err != nil {
		return l, false, fmt.Errorf("bm25: %w", err)
	}
	if pl == nil || pl.Count() == 0 {
		return l, false, nil
	}
	l = list{pl: pl, count: pl.Count()}
	if s != nil && l.count >= s.min {
		if l.dec, err = s.postings.Load(ss.Segment(), t.Field, t.Term, l.count, false); err != nil {
			return l, false, fmt.Errorf("bm25: %w", err)
		}
	}
	return l, true, nil
}

// posting is what the scorer reads of one posting.
type posting struct {
	doc  uint64
	freq uint64
	norm float64
}

// each walks a list's postings (a decoded list's deleted documents too:
// the caller leaves them out).
func (l *list) each(fn func(p posting)) error {
	if d := l.dec; d != nil {
		for i := range d.Len() {
			fn(posting{d.Doc(i), d.Freq(i), d.Norm(i)})
		}
		return nil
	}
	it := l.pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return fmt.Errorf("bm25: %w", err)
		}
		if p == nil {
			return nil
		}
		fn(posting{p.Number(), p.Frequency(), p.Norm()})
	}
}

// cursor seeks documents in ascending order in one list.
type cursor struct {
	l    *list
	it   segment.PostingsIterator
	i    int // in a decoded list
	at   posting
	on   bool // at holds a posting
	done bool
}

func (l *list) cursor() *cursor {
	c := &cursor{l: l}
	if l.dec == nil {
		c.it = l.pl.Iterator(true, true, false, nil)
	}
	return c
}

// seek reports whether the list holds doc, which must not decrease from
// one call to the next.
func (c *cursor) seek(doc uint64) (bool, error) {
	if c.done {
		return false, nil
	}
	if c.on && c.at.doc >= doc {
		return c.at.doc == doc, nil
	}
	if d := c.l.dec; d != nil {
		c.i = d.Search(c.i, doc)
		if c.i == d.Len() {
			c.done = true
			return false, nil
		}
		c.at, c.on = posting{d.Doc(c.i), d.Freq(c.i), d.Norm(c.i)}, true
		return c.at.doc == doc, nil
	}
	p, err := c.it.Advance(doc)
	if err != nil {
		return false, fmt.Errorf("bm25: %w", err)
	}
	if p == nil {
		c.done = true
		return false, nil
	}
	c.at, c.on = posting{p.Number(), p.Frequency(), p.Norm()}, true
	return c.at.doc == doc, nil
}
