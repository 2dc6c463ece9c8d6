package index

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// resultCache keeps search results for the current index version: portal
// traffic repeats popular searches (the home page, "kesehatan", a
// province), and a result cannot change until the index does. Any change
// to the index empties it.
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

// cacheKey identifies a normalised request.
func (r *Request) cacheKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q|%d|%d|%s|%d|%d|%q|%v|%v|", r.Query, r.YearFrom, r.YearTo, r.Sort, r.Page, r.Size, r.Cursor, r.Understand, r.NoFacets)
	b.WriteString(strings.Join(r.Facets, ","))
	skip := slices.Clone(r.SkipUnderstand)
	sort.Strings(skip)
	b.WriteString("|" + strings.Join(skip, ","))
	names := make([]string, 0, len(r.Filters))
	for k := range r.Filters {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		vals := slices.Clone(r.Filters[k])
		sort.Strings(vals)
		fmt.Fprintf(&b, "|%s=%q", k, vals)
	}
	return b.String()
}
