package postings

import segment "github.com/blevesearch/scorch_segment_api/v2"

// Load returns a term's decoded list in seg (n postings, as the caller
// counted them), with the first positions if firsts, decoding and keeping
// it on a miss. It returns nil when the list is not kept (not admitted,
// absent, or c is nil): the caller then reads zap's iterator. Callers
// decide which lists are long enough to be worth it. Two searches missing
// the same list at once both decode it: rare, and cheaper than making one
// wait.
func (c *Cache) Load(seg segment.Segment, field, term string, n uint64, firsts bool) (*List, error) {
	return c.LoadSought(seg, field, term, n, firsts, Walks)
}

// Walks is LoadSought's seeks for a reader that may read every posting.
const Walks = ^uint64(0)

// sparseSeeks: a reader that seeks a list at fewer than one in this many of
// its postings does not have it decoded.
const sparseSeeks = 64

// LoadSought is Load for a reader that seeks the list at no more than
// seeks documents. A long list sought at a few (a frequent word where a
// rare one leads) is returned if kept, but not decoded, nor given its
// first positions: decoding it cost such a search far more than its seeks
// (at 1M, a search for two rare words and a frequent one took 2 ms, and
// 55 ms when it decoded the frequent word's 600k postings), and a search
// that walks the list decodes it soon enough. Its request is counted all
// the same.
func (c *Cache) LoadSought(seg segment.Segment, field, term string, n uint64, firsts bool, seeks uint64) (*List, error) {
	if c == nil {
		return nil, nil
	}
	sparse := seeks != Walks && seeks < n/sparseSeeks
	k := key{seg: seg, field: field, term: term}
	e, admit := c.lookup(k, int64(n)*bytesPerPosting+entryOverhead)
	if e == nil {
		if !admit || sparse {
			return nil, nil
		}
		l, err := decode(seg, field, term, firsts)
		if err != nil || l == nil {
			return nil, err
		}
		e = c.put(&entry{key: k, list: l, size: l.bytes() + int64(len(field)+len(term)) + entryOverhead})
	}
	l := e.list
	if firsts && !sparse && l.firsts.Load() == nil {
		f, err := decodeFirsts(seg, field, term, l)
		if err != nil {
			return nil, err
		}
		if l.firsts.CompareAndSwap(nil, f) {
			c.grow(e, f.bytes())
		}
	}
	return l, nil
}

// Kept returns a term's decoded list in seg if the cache keeps it with its
// first positions, nil otherwise. It neither counts a request nor decodes:
// it serves readers of a few postings of a list (the lead's first
// positions of a page's candidates), for whom decoding a whole list costs
// more than seeking zap's.
func (c *Cache) Kept(seg segment.Segment, field, term string) *List {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slots[key{seg: seg, field: field, term: term}]
	if s == nil || s.el == nil {
		return nil
	}
	el := s.el
	l := el.Value.(*entry).list
	if l.firsts.Load() == nil {
		return nil
	}
	c.lru.MoveToFront(el)
	return l
}

// grow accounts for n bytes added to a kept list (its first positions).
func (c *Cache) grow(e *entry, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slots[e.key]
	if s == nil || s.el == nil || s.el.Value.(*entry) != e {
		return // evicted meanwhile: only its searches hold it
	}
	el := s.el
	e.size += n
	c.used += n
	c.lru.MoveToFront(el)
	c.evict(el)
}
