package bm25

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// list is a term's postings in one segment: read from the segment, or
// decoded once and kept by a Cache.
type list struct {
	pl    segment.PostingsList // deleted documents left out
	dec   *decoded             // every document, deleted ones included
	count uint64               // live documents
}

// openList opens a term's postings in one segment; ok is false when no
// live document holds it.
func openList(ss *scorch.SegmentSnapshot, t Term, c *Cache) (l list, ok bool, err error) {
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
	if c != nil && l.count >= c.min {
		if l.dec, err = c.get(ss.Segment(), t, dict); err != nil {
			return l, false, err
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
		for i, doc := range d.docs {
			fn(posting{uint64(doc), uint64(d.freqs[i]), float64(d.norms[i])})
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
		c.i += sort.Search(len(d.docs)-c.i, func(j int) bool { return uint64(d.docs[c.i+j]) >= doc })
		if c.i == len(d.docs) {
			c.done = true
			return false, nil
		}
		c.at, c.on = posting{uint64(d.docs[c.i]), uint64(d.freqs[c.i]), float64(d.norms[c.i])}, true
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

// Cache keeps the decoded postings lists of frequent terms, and the
// documents of filter terms, per segment.
// Zap decodes a posting in some 40 ns; a type-ahead prefix reads a
// hundred thousand of them, the same ones for every user. A segment never
// changes: a list is decoded once, with its deleted documents (which the
// scorer leaves out), and dropped when its segment leaves the index.
type Cache struct {
	mu      sync.Mutex
	budget  int64  // bytes
	min     uint64 // postings a list needs to be kept
	used    int64
	lists   map[cacheKey]*decoded
	bitmaps map[cacheKey]*roaring.Bitmap // the documents of filter terms
	segs    map[segment.Segment]bool     // of the latest snapshot
	free    []*accumulator               // for the next queries
}

// maxFree bounds the accumulators kept: about one per concurrent query.
const maxFree = 4

// accumulator returns a zeroed accumulator, reused when c has one.
func (c *Cache) accumulator() *accumulator {
	if c == nil {
		return &accumulator{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.free); n > 0 {
		a := c.free[n-1]
		c.free = c.free[:n-1]
		return a
	}
	return &accumulator{}
}

// done takes back an accumulator (cleared).
func (c *Cache) done(a *accumulator) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.free) < maxFree {
		c.free = append(c.free, a)
	}
}

type cacheKey struct {
	seg         segment.Segment
	field, term string
}

// decoded is one postings list in arrays; norms are the float32 values zap
// stores, so scores are the same bit for bit.
type decoded struct {
	docs  []uint32
	freqs []uint16
	norms []float32
}

// postingBytes is the memory of one decoded posting.
const postingBytes = 4 + 2 + 4

// NewCache returns a cache of at most budget bytes of lists with at least
// min postings (shorter lists cost little to read).
func NewCache(budget int64, min uint64) *Cache {
	return &Cache{budget: budget, min: max(min, 1), lists: map[cacheKey]*decoded{}, bitmaps: map[cacheKey]*roaring.Bitmap{}}
}

// retain forgets the lists of segments no longer in the snapshot.
func (c *Cache) retain(segs []*scorch.SegmentSnapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	same := len(segs) == len(c.segs)
	for _, ss := range segs {
		same = same && c.segs[ss.Segment()]
	}
	if same {
		return
	}
	c.segs = make(map[segment.Segment]bool, len(segs))
	for _, ss := range segs {
		c.segs[ss.Segment()] = true
	}
	for k, d := range c.lists {
		if !c.segs[k.seg] {
			delete(c.lists, k)
			c.used -= int64(len(d.docs)) * postingBytes
		}
	}
	for k, b := range c.bitmaps {
		if !c.segs[k.seg] {
			delete(c.bitmaps, k)
			c.used -= int64(b.GetSizeInBytes())
		}
	}
}

// get returns the decoded list, decoding it if the budget allows; nil
// when it does not.
func (c *Cache) get(seg segment.Segment, t Term, dict segment.TermDictionary) (*decoded, error) {
	key := cacheKey{seg, t.Field, t.Term}
	c.mu.Lock()
	d, ok := c.lists[key]
	c.mu.Unlock()
	if ok {
		return d, nil
	}
	pl, err := dict.PostingsList([]byte(t.Term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("bm25: %w", err)
	}
	size := int64(pl.Count()) * postingBytes
	c.mu.Lock()
	full := c.used+size > c.budget
	c.mu.Unlock()
	if full {
		return nil, nil
	}
	n := pl.Count()
	d = &decoded{docs: make([]uint32, 0, n), freqs: make([]uint16, 0, n), norms: make([]float32, 0, n)}
	it := pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("bm25: %w", err)
		}
		if p == nil {
			break
		}
		if p.Frequency() > math.MaxUint16 {
			return nil, nil // never in practice; read from the segment
		}
		d.docs = append(d.docs, uint32(p.Number()))
		d.freqs = append(d.freqs, uint16(p.Frequency()))
		d.norms = append(d.norms, float32(p.Norm()))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.lists[key]; ok {
		return prev, nil
	}
	if c.used+size > c.budget {
		return nil, nil
	}
	c.lists[key] = d
	c.used += size
	return d, nil
}
