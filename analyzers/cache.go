package analyzers

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// stemCache is a bounded, sharded table safe for concurrent use. Each shard is an open-addressing
// table whose entries hold the word and its root inline, one processor cache line each: a lookup of
// a word not in the processor's caches costs one memory access where a Go map costs three (control
// word, slot, key string) and a root kept as a string one more. An import looks up every word of
// every document here, over a vocabulary too large for the processor's caches. A full shard is
// emptied rather than evicting entry by entry: cheap, and the working set of a corpus refills it
// at once. Entries hold no pointer, so the garbage collector does not scan the tables.
//
// A lookup writes nothing: a slot is written once, its tag stored last, and a shard is emptied by
// replacing its table. With a lock taken for reading, as before, every lookup wrote the shard's
// lock word, which the other analysis goroutine had most likely written last: a transfer between
// processors' caches for each word (docs/benchmarks.md, 2026-12-07, fourth session).
type stemCache struct {
	seed   maphash.Seed
	shards [cacheShards]cacheShard
}

const (
	cacheShards     = 64
	cacheShardSlots = 8192                    // a power of two: 512 KiB per shard, 32 MiB in all
	cacheShardMax   = cacheShardSlots * 3 / 4 // entries before the shard is emptied
	cacheBufLen     = 58                      // a word and its root; longer pairs are not cached (fills the entry to 64 bytes)
	cacheSlotMask   = uint64(cacheShardSlots - 1)
)

// cacheEntry is one slot: the key's klen bytes, then the root's rlen bytes. Its tag, 0 while the
// slot is empty, is stored after the rest, which is never written again.
type cacheEntry struct {
	tag  atomic.Uint32
	klen uint8
	rlen uint8
	buf  [cacheBufLen]byte
}

type cacheTable [cacheShardSlots]cacheEntry

type cacheShard struct {
	mu    sync.Mutex // serialises puts
	table atomic.Pointer[cacheTable]
	n     int // entries in table, under mu
}

func newStemCache() *stemCache {
	return &stemCache{seed: maphash.MakeSeed()}
}

// locate hashes k once for its shard, its first slot and its tag.
func (c *stemCache) locate(k string) (sh *cacheShard, slot uint64, tag uint32) {
	h := maphash.String(c.seed, k)
	return &c.shards[h%cacheShards], (h / cacheShards) & cacheSlotMask, uint32(h>>32) | 1
}

// appendGet appends the root of k to dst, if k is cached.
func (c *stemCache) appendGet(dst []byte, k string) ([]byte, bool) {
	if len(k) >= cacheBufLen {
		return dst, false
	}
	sh, i, tag := c.locate(k)
	t := sh.table.Load()
	if t == nil {
		return dst, false
	}
	for {
		e := &t[i]
		switch et := e.tag.Load(); {
		case et == 0:
			return dst, false
		case et == tag && int(e.klen) == len(k) && string(e.buf[:e.klen]) == k:
			return append(dst, e.buf[e.klen:e.klen+e.rlen]...), true
		}
		i = (i + 1) & cacheSlotMask
	}
}

// touch reads the first slot each key hashes to and returns nothing of
// use: called on a text's words before they are looked up one by one, its
// loads wait for none of the others, so the misses in the processor's
// caches that the lookups would meet one after another overlap here, and
// the lookups then find their slots cached (docs/benchmarks.md,
// 2026-12-07, fifth session).
func (c *stemCache) touch(toks []Token) uint32 {
	var sum uint32
	for i := range toks {
		k := toks[i].Term
		if !toks[i].stemmed() || len(k) < minStemLen || len(k) >= cacheBufLen {
			continue
		}
		sh, slot, _ := c.locate(k)
		if t := sh.table.Load(); t != nil {
			sum += t[slot].tag.Load()
		}
	}
	return sum
}

// put stores k and its root. A word already cached keeps its entry: another goroutine stemmed it
// meanwhile, to the same root.
func (c *stemCache) put(k, root string) {
	if len(k)+len(root) > cacheBufLen {
		return
	}
	sh, i, tag := c.locate(k)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	t := sh.table.Load()
	if t == nil || sh.n >= cacheShardMax {
		t = new(cacheTable)
		sh.table.Store(t)
		sh.n = 0
	}
	for {
		e := &t[i]
		et := e.tag.Load()
		if et == 0 {
			e.klen, e.rlen = uint8(len(k)), uint8(len(root))
			copy(e.buf[copy(e.buf[:], k):], root)
			e.tag.Store(tag) // publishes the entry
			sh.n++
			return
		}
		if et == tag && int(e.klen) == len(k) && string(e.buf[:e.klen]) == k {
			return
		}
		i = (i + 1) & cacheSlotMask
	}
}
