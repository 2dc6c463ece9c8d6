package postings

// Admission to the cache. Decoding a whole list costs more than the few
// seeks one query makes in it, so a list is worth decoding only if it
// will be read again before it is evicted. With room to spare every entry
// is admitted; when full, an entry is admitted only if it was asked for
// more often lately than each entry it would evict (as TinyLFU does), and
// otherwise read from zap as without a cache. Repeated scans of more
// lists than fit (a query set replayed, a spread of frequent words) then
// keep a stable part cached instead of evicting each list before its
// next use.

// bytesPerPosting estimates a decoded list's size before it is decoded
// (List: 7 bytes a posting, 9 with the positions).
const bytesPerPosting = 7

// maxCount saturates the request counts.
const maxCount = 1<<16 - 1

// count records a request of k and returns its slot and count. Counts
// are halved every ten times as many requests as entries kept, and
// forgotten at zero, so that they follow what is asked for now and the
// map stays small. The caller holds c.mu.
func (c *Cache) count(k key) (*slot, uint16) {
	s := c.slots[k]
	if s == nil {
		s = &slot{}
		c.slots[k] = s
	}
	if s.f < maxCount {
		s.f++
	}
	f := s.f
	c.events++
	if c.events >= 10*(c.lru.Len()+64) {
		c.events = 0
		for k, s := range c.slots {
			if s.f >>= 1; s.f == 0 && s.el == nil {
				delete(c.slots, k)
			}
		}
	}
	return s, f
}

// admit reports whether an entry asked for f times, of about size bytes,
// should be kept. The caller holds c.mu.
func (c *Cache) admit(f uint16, size int64) bool {
	if size > c.budget {
		return false
	}
	need := c.used + size - c.budget
	for el := c.lru.Back(); el != nil && need > 0; el = el.Prev() {
		e := el.Value.(*entry)
		if s := c.slots[e.key]; s != nil && s.f >= f {
			return false
		}
		need -= e.size
	}
	return true
}
