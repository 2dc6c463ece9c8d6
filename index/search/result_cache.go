package search

import "sync"

// resultCache keeps search results for the current index version: portal
// traffic repeats popular searches (the home page, "kesehatan", a
// province), and a result cannot change until the index does. Any change
// to the index empties it. Keys are plan keys (Plan.key).
type resultCache struct {
	mu      sync.Mutex
	version uint64
	entries map[string]*Result
}

const resultCacheMax = 2048

func (c *resultCache) get(version uint64, key string) (*Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, false
	}
	r, ok := c.entries[key]
	return r, ok
}

func (c *resultCache) put(version uint64, key string, r *Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.entries == nil || len(c.entries) >= resultCacheMax {
		c.version, c.entries = version, make(map[string]*Result, 64)
	}
	c.entries[key] = r
}
