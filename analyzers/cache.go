package analyzers

import (
	"hash/maphash"
	"strings"
	"sync"
)

// stemCache is a bounded, sharded map safe for concurrent use. A full shard is emptied rather than
// evicting entry by entry: cheap, and the working set of a corpus refills it at once.
type stemCache struct {
	seed   maphash.Seed
	shards [cacheShards]cacheShard
}

const (
	cacheShards   = 64
	cacheShardMax = 8192 // 512 Ki words in total
)

type cacheShard struct {
	mu sync.RWMutex
	m  map[string]string
}

func newStemCache() *stemCache {
	c := &stemCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string]string, 256)
	}
	return c
}

func (c *stemCache) shard(k string) *cacheShard {
	return &c.shards[maphash.String(c.seed, k)%cacheShards]
}

func (c *stemCache) get(k string) (string, bool) {
	sh := c.shard(k)
	sh.mu.RLock()
	v, ok := sh.m[k]
	sh.mu.RUnlock()
	return v, ok
}

// put stores copies of k and root: both may be slices of the text being analysed (the analyzer's
// terms are, and so is a word that is its own root), which the cache must not keep alive.
func (c *stemCache) put(k, root string) {
	k = strings.Clone(k)
	if root == k {
		root = k
	} else {
		root = strings.Clone(root)
	}
	sh := c.shard(k)
	sh.mu.Lock()
	if len(sh.m) >= cacheShardMax {
		sh.m = make(map[string]string, 256)
	}
	sh.m[k] = root
	sh.mu.Unlock()
}
