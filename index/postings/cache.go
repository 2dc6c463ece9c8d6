// Package postings keeps decoded postings lists (List) and the document
// bitmaps of filter terms of scorch segments, so that the searches that
// read the same frequent terms again seek in arrays instead of decoding
// zap's chunks, which is most of a query's cost.
package postings

import (
	"container/list"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Cache keeps decoded lists (Load) and filter bitmaps (Docs) per segment.
// A segment never changes, so an entry stays right for as long as its
// segment lives; deletions are a snapshot's, applied by the reader, never
// cached. The entries are bounded by a byte budget and evicted least
// recently used first; when full, an entry is kept only if asked for more
// often than those it would evict (admit.go), so that a budget smaller
// than what the queries read does not churn. It is safe for concurrent
// use; a nil *Cache caches nothing.
type Cache struct {
	budget int64 // bytes
	mu     sync.Mutex
	used   int64
	lru    list.List // of *entry, most recently used first
	// slots holds, in one map, the entries kept and the requests of keys
	// lately, kept or not: a request costs one lookup (it was three in
	// two maps, a twentieth of a short search).
	slots  map[key]*slot
	events int // requests since the counts were last halved
	snap   any // the snapshot the entries were last pruned to
}

// key names an entry. The segment itself is the key: two segments are
// never equal, whichever generation of the index they belong to, and the
// cache drops the entries of segments a newer snapshot no longer has
// (Retain), so that it does not keep dead segments alive for long.
type key struct {
	seg   segment.Segment
	field string
	term  string
	bits  bool // a filter bitmap (Docs), not a List
}

// entry is a List or a bitmap, and its approximate memory.
type entry struct {
	key  key
	list *List
	bits *roaring.Bitmap
	size int64
}

// slot is a key's place in the cache.
type slot struct {
	el *list.Element // its entry in lru; nil if not kept
	f  uint16        // its requests lately (count)
}

// entryOverhead approximates the bytes of an entry besides its arrays:
// the map slot, the list element, the entry and the list header.
const entryOverhead = 256

// New returns a cache of at most budget bytes, or nil (no cache) for a
// budget ≤ 0.
func New(budget int64) *Cache {
	if budget <= 0 {
		return nil
	}
	return &Cache{budget: budget, slots: map[key]*slot{}}
}

// Stats returns the entries held and their bytes.
func (c *Cache) Stats() (entries int, bytes int64) {
	if c == nil {
		return 0, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.used
}

// lookup returns a kept entry, or whether one of about size bytes should
// be built and kept.
func (c *Cache) lookup(k key, size int64) (*entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, f := c.find(k)
	if e != nil {
		return e, false
	}
	return nil, c.admit(f, size)
}

// find counts a request of k and returns its entry, if kept, and its
// count. The caller holds c.mu.
func (c *Cache) find(k key) (*entry, uint16) {
	s, f := c.count(k)
	if s.el != nil {
		c.lru.MoveToFront(s.el)
		return s.el.Value.(*entry), f
	}
	return nil, f
}

// put keeps e unless it is larger than the whole budget, and returns the
// entry to use: the one already kept if another search built it too.
func (c *Cache) put(e *entry) *entry {
	if e.size > c.budget {
		return e
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.insert(e)
}

// insert is put's work. The caller holds c.mu.
func (c *Cache) insert(e *entry) *entry {
	s := c.slots[e.key]
	if s != nil && s.el != nil {
		c.lru.MoveToFront(s.el)
		return s.el.Value.(*entry)
	}
	if s == nil {
		s = &slot{}
		c.slots[e.key] = s
	}
	el := c.lru.PushFront(e)
	s.el = el
	c.used += e.size
	c.evict(el)
	return e
}

// evict removes the least recently used entries until the budget holds;
// keep goes last. The caller holds c.mu.
func (c *Cache) evict(keep *list.Element) {
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

func (c *Cache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*entry)
	if s := c.slots[e.key]; s != nil {
		if s.el = nil; s.f == 0 {
			delete(c.slots, e.key)
		}
	}
	c.used -= e.size
}

// Retain drops the entries of segments that snap no longer holds (merged
// away, or of a replaced generation), once per new snapshot. A search
// still running on an older snapshot may put some back; they age out.
func (c *Cache) Retain(snap *scorch.IndexSnapshot) {
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
		if !live[el.Value.(*entry).key.seg] {
			c.remove(el)
		}
		el = next
	}
	for k := range c.slots {
		if !live[k.seg] { // its entry, if any, was removed above
			delete(c.slots, k)
		}
	}
}
