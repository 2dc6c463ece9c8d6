package search

import (
	"container/list"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Defaults of the postings cache (Config.PostingsCacheBytes,
// Config.PostingsCacheMin).
const (
	defaultPostingsCacheBytes = 64 << 20
	defaultPostingsCacheMin   = 4096
)

// postingsCache keeps the decoded postings lists (decodedPostings) of
// frequent terms, so that a search seeks in arrays instead of decoding
// zap's chunks again, which is most of a query's cost. A segment never
// changes, so an entry stays right for as long as its segment lives;
// deletions are a snapshot's, applied by the cursor, never cached. The
// entries are bounded by a byte budget and evicted least recently used
// first; when full, a list is decoded only if asked for more often than
// those it would evict (postings_admit.go), so that a budget smaller than
// what the queries read does not churn. It is safe for concurrent use.
type postingsCache struct {
	budget int64  // bytes
	min    uint64 // postings a list needs to be cached
	mu     sync.Mutex
	used   int64
	lru    list.List // of *postingsEntry, most recently used first
	items  map[postingsKey]*list.Element
	freq   map[postingsKey]uint16 // requests of lists lately, kept or not
	events int                    // requests since the counts were last halved
	snap   any                    // the snapshot the entries were last pruned to
}

// postingsKey names a list. The segment itself is the key: two segments
// are never equal, whichever generation of the index they belong to, and
// the cache drops the entries of segments a newer snapshot no longer has
// (retain), so that it does not keep dead segments alive for long.
type postingsKey struct {
	seg   segment.Segment
	field string
	term  string
}

type postingsEntry struct {
	key  postingsKey
	d    *decodedPostings
	size int64
}

// newPostingsCache returns a cache of budget bytes for lists of at least
// min postings, or nil (no cache) for a negative budget; zero values take
// the defaults.
func newPostingsCache(budget int64, min int) *postingsCache {
	if budget < 0 {
		return nil
	}
	if budget == 0 {
		budget = defaultPostingsCacheBytes
	}
	if min <= 0 {
		min = defaultPostingsCacheMin
	}
	return &postingsCache{budget: budget, min: uint64(min), items: map[postingsKey]*list.Element{}, freq: map[postingsKey]uint16{}}
}

// wants reports whether a list of n postings is worth caching.
func (c *postingsCache) wants(n uint64) bool { return c != nil && n >= c.min }

// load returns a term's decoded postings in a segment (n postings), with
// the first positions if lead, decoding and keeping them on a miss; nil
// if the list is not to be kept. Two searches missing the same list at
// once both decode it: rare, and cheaper than making one wait.
func (c *postingsCache) load(seg segment.Segment, field, term string, n uint64, lead bool) (*decodedPostings, error) {
	key := postingsKey{seg: seg, field: field, term: term}
	d, admit := c.lookup(key, int64(n)*bytesPerPosting+entryOverhead)
	if d == nil {
		if !admit {
			return nil, nil
		}
		var err error
		if d, err = decodePostings(seg, field, term); err != nil || d == nil {
			return nil, err
		}
		d = c.put(key, d)
	}
	if lead && d.firsts.Load() == nil {
		f, err := decodeFirsts(seg, field, term, d)
		if err != nil {
			return nil, err
		}
		if d.firsts.CompareAndSwap(nil, f) {
			c.grow(key, d, f.bytes())
		}
	}
	return d, nil
}

// lookup returns a kept list, or whether one of about size bytes should
// be decoded and kept.
func (c *postingsCache) lookup(key postingsKey, size int64) (*decodedPostings, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.count(key)
	if el, ok := c.items[key]; ok {
		c.lru.MoveToFront(el)
		return el.Value.(*postingsEntry).d, false
	}
	return nil, c.admit(f, size)
}

// entryOverhead approximates the bytes of an entry besides its arrays:
// the map slot, the list element, the entry and the decoded header.
const entryOverhead = 256

// put keeps d unless it is larger than the whole budget, and returns the
// list to use: the one already kept if another search decoded it too.
func (c *postingsCache) put(key postingsKey, d *decodedPostings) *decodedPostings {
	size := d.bytes() + int64(len(key.field)+len(key.term)) + entryOverhead
	if size > c.budget {
		return d
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.lru.MoveToFront(el)
		return el.Value.(*postingsEntry).d
	}
	el := c.lru.PushFront(&postingsEntry{key: key, d: d, size: size})
	c.items[key] = el
	c.used += size
	c.evict(el)
	return d
}

// grow accounts for n bytes added to a kept list (its first positions).
func (c *postingsCache) grow(key postingsKey, d *decodedPostings, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok || el.Value.(*postingsEntry).d != d {
		return // evicted meanwhile: only its searches hold it
	}
	el.Value.(*postingsEntry).size += n
	c.used += n
	c.lru.MoveToFront(el)
	c.evict(el)
}

// evict removes the least recently used entries until the budget holds;
// keep goes last.
func (c *postingsCache) evict(keep *list.Element) {
	for c.used > c.budget {
		el := c.lru.Back()
		if el == keep {
			el = el.Prev()
		}
		if el == nil {
			el = keep
		}
		c.remove(el)
		if el == keep {
			return
		}
	}
}

func (c *postingsCache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*postingsEntry)
	delete(c.items, e.key)
	c.used -= e.size
}

// retain drops the entries of segments that snap no longer holds (merged
// away, or of a replaced generation), once per new snapshot. A search
// still running on an older snapshot may put some back; they age out.
func (c *postingsCache) retain(snap *scorch.IndexSnapshot) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == any(snap) {
		return
	}
	c.snap = snap
	if c.lru.Len() == 0 {
		return
	}
	live := map[segment.Segment]bool{}
	for _, ss := range snap.Segments() {
		live[ss.Segment()] = true
	}
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if !live[el.Value.(*postingsEntry).key.seg] {
			c.remove(el)
		}
		el = next
	}
	for k := range c.freq {
		if !live[k.seg] {
			delete(c.freq, k)
		}
	}
}
