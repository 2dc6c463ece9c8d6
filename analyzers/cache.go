package analyzers

import (
	"hash/maphash"
	"strings"
	"sync"
)

// stemCache is a bounded, sharded table safe for concurrent use. Each shard is an open-addressing
// table whose entries hold the word's bytes inline, one processor cache line each: a lookup of a
// word not in the processor's caches costs one memory access where a Go map costs three (control
// word, slot, key string). An import looks up every word of every document here, over a
// vocabulary too large for the processor's caches. A full shard is emptied rather than evicting
// entry by entry: cheap, and the working set of a corpus refills it at once.
type stemCache struct {
	seed   maphash.Seed
	shards [cacheShards]cacheShard
}

const (
	cacheShards     = 64
	cacheShardSlots = 8192                    // a power of two: 512 KiB per shard, 32 MiB in all
	cacheShardMax   = cacheShardSlots * 3 / 4 // entries before the shard is emptied
	cacheKeyMax     = 43                      // longer words are not cached (fills the entry to 64 bytes)
	cacheSlotMask   = uint64(cacheShardSlots - 1)
)

// cacheEntry is one slot: tag 0 marks it empty.
type cacheEntry struct {
	tag  uint32
	klen uint8
	key  [cacheKeyMax]byte
	root string
}

type cacheShard struct {
	mu      sync.RWMutex
	entries []cacheEntry // nil until the first put
	n       int
}

func newStemCache() *stemCache {
	return &stemCache{seed: maphash.MakeSeed()}
}

// locate hashes k once for its shard, its first slot and its tag.
func (c *stemCache) locate(k string) (sh *cacheShard, slot uint64, tag uint32) {
	h := maphash.String(c.seed, k)
	return &c.shards[h%cacheShards], (h / cacheShards) & cacheSlotMask, uint32(h>>32) | 1
}

func (c *stemCache) get(k string) (string, bool) {
	if len(k) > cacheKeyMax {
		return "", false
	}
	sh, i, tag := c.locate(k)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	if sh.entries == nil {
		return "", false
	}
	for {
		e := &sh.entries[i]
		switch {
		case e.tag == 0:
			return "", false
		case e.tag == tag && int(e.klen) == len(k) && string(e.key[:e.klen]) == k:
			return e.root, true
		}
		i = (i + 1) & cacheSlotMask
	}
}

// put stores k and a copy of root: root may be a slice of the text being analysed (a word that is
// its own root is), which the cache must not keep alive.
func (c *stemCache) put(k, root string) {
	if len(k) > cacheKeyMax {
		return
	}
	root = strings.Clone(root)
	sh, i, tag := c.locate(k)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.entries == nil {
		sh.entries = make([]cacheEntry, cacheShardSlots)
	} else if sh.n >= cacheShardMax {
		clear(sh.entries)
		sh.n = 0
	}
	for {
		e := &sh.entries[i]
		if e.tag == 0 {
			e.tag, e.klen, e.root = tag, uint8(len(k)), root
			copy(e.key[:], k)
			sh.n++
			return
		}
		if e.tag == tag && int(e.klen) == len(k) && string(e.key[:e.klen]) == k {
			e.root = root // another goroutine stemmed it meanwhile
			return
		}
		i = (i + 1) & cacheSlotMask
	}
}
