package search

import (
	"sync"

	"jippnas/content/store"
)

// shownCache keeps the documents result pages showed (store.Shown: card,
// text and sections) for the current index version, so that the hits
// searches share — the popular innovations, the guides most searches
// find — are read from the store and decoded once, not once a page.
// Reading ten hits took a third of a search's time at 100k documents.
// Like the result cache it follows the index: any change to the index
// empties it, so a page never shows a document older than the index it
// was ranked on. A full cache is emptied too: simple, and the hits of
// current searches refill it at once.
type shownCache struct {
	mu      sync.Mutex
	version uint64
	budget  int64 // bytes; ≤ 0: nothing is kept
	used    int64
	entries map[string]*shownEntry
}

// shownEntry is a kept document; withText is false when it was read
// without its text (store.CardsMany), which serves pages without
// passages only.
type shownEntry struct {
	sh       store.Shown
	withText bool
}

// defaultShownCacheBytes bounds the kept documents: some 6,000 hits of
// the demo corpus's size.
const defaultShownCacheBytes = 32 << 20

// get returns the kept documents of ids (with their text if withText)
// by id, and the ids it does not keep, in their order.
func (c *shownCache) get(version uint64, ids []string, withText bool) (map[string]*store.Shown, []string) {
	found := make(map[string]*store.Shown, len(ids))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return found, ids
	}
	var missing []string
	for _, id := range ids {
		if e, ok := c.entries[id]; ok && (e.withText || !withText) {
			found[id] = &e.sh
			continue
		}
		missing = append(missing, id)
	}
	return found, missing
}

// put keeps documents read at version.
func (c *shownCache) put(version uint64, shown []store.Shown, withText bool) {
	if c.budget <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.entries == nil {
		if version < c.version {
			return // read before the index changed: the next search refills
		}
		c.version, c.used, c.entries = version, 0, map[string]*shownEntry{}
	}
	for _, sh := range shown {
		size := shownSize(&sh)
		if size > c.budget {
			continue
		}
		if c.used+size > c.budget {
			c.used, c.entries = 0, map[string]*shownEntry{}
		}
		if old, ok := c.entries[sh.Doc.ID]; ok {
			c.used -= shownSize(&old.sh)
		}
		c.entries[sh.Doc.ID] = &shownEntry{sh: sh, withText: withText}
		c.used += size
	}
}

// shownSize approximates a kept document's memory: its strings, and a
// few hundred bytes of headers, slices and map slot.
func shownSize(sh *store.Shown) int64 {
	d := &sh.Doc
	n := len(sh.Text) + len(d.Title) + len(d.Summary) + len(d.Institution) + len(d.URL) + len(d.Contact) + 512
	for _, s := range d.Tags {
		n += len(s) + 16
	}
	for _, s := range d.Awards {
		n += len(s) + 16
	}
	for _, sec := range sh.Sections {
		n += len(sec.Heading) + len(sec.Anchor) + 48
	}
	n += len(d.Provenance) * 128
	return int64(n)
}
