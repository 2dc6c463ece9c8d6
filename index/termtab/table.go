// Package termtab is a table from terms to numbers for the hot loops of
// indexing, where a Go map[string]uint32 costs more memory reads than the
// work around it.
//
// A Go map finds a key through its group's control word, then the slot
// holding the key's string header, then the key's bytes, wherever the
// string that was stored lives: for the vocabulary of a batch of documents,
// too large for the processor's caches, most lookups miss the caches two or
// three times. A Table keeps a short key's bytes in its slot, one 32-byte
// entry, two to a cache line: a lookup reads one line. Keys longer than
// the slot holds (rare in text) go to a Go map beside it.
package termtab

import "hash/maphash"

const (
	// KeyMax is the longest key kept in a slot.
	KeyMax   = 23
	minSlots = 64
)

type slot struct {
	gen  uint32 // the table's generation when written; any other: empty
	val  uint32
	klen uint8
	key  [KeyMax]byte
}

// Table maps terms to uint32 values. The zero Table is empty and ready to
// use; it is not safe for concurrent use.
type Table struct {
	seed  maphash.Seed
	slots []slot
	gen   uint32
	n     int // short keys in the current generation
	long  map[string]uint32
}

// Len is the number of keys in the table.
func (t *Table) Len() int { return t.n + len(t.long) }

// Reset empties the table and keeps its memory. A slot written before is
// empty because its generation is not the table's: a reset clears nothing
// but the long keys (and every slot once every 2³² resets).
func (t *Table) Reset() {
	t.n = 0
	clear(t.long)
	t.gen++
	if t.gen == 0 {
		clear(t.slots)
		t.gen = 1
	}
}

func (t *Table) init() {
	t.seed = maphash.MakeSeed()
	t.slots = make([]slot, minSlots)
	t.gen = 1
}

// Get returns the value of k.
func (t *Table) Get(k string) (uint32, bool) {
	if len(k) > KeyMax {
		v, ok := t.long[k]
		return v, ok
	}
	if t.slots == nil {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := maphash.String(t.seed, k) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.gen != t.gen {
			return 0, false
		}
		if int(s.klen) == len(k) && string(s.key[:s.klen]) == k {
			return s.val, true
		}
	}
}

// GetOrPut returns the value of k and true if k is in the table; else it
// puts k with value v and returns v and false.
func (t *Table) GetOrPut(k string, v uint32) (uint32, bool) {
	if len(k) > KeyMax {
		if old, ok := t.long[k]; ok {
			return old, true
		}
		if t.long == nil {
			t.long = map[string]uint32{}
		}
		t.long[k] = v
		return v, false
	}
	if t.slots == nil {
		t.init()
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := maphash.String(t.seed, k) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.gen != t.gen {
			s.gen, s.val, s.klen = t.gen, v, uint8(len(k))
			copy(s.key[:], k)
			t.n++
			return v, false
		}
		if int(s.klen) == len(k) && string(s.key[:s.klen]) == k {
			return s.val, true
		}
	}
}

// grow doubles the slots and puts the current generation's keys back.
func (t *Table) grow() {
	old, gen := t.slots, t.gen
	t.slots = make([]slot, 2*len(old))
	t.gen = 1
	mask := uint64(len(t.slots) - 1)
	for j := range old {
		o := &old[j]
		if o.gen != gen {
			continue
		}
		i := maphash.Bytes(t.seed, o.key[:o.klen]) & mask // the same hash as String's of those bytes
		for t.slots[i].gen == t.gen {
			i = (i + 1) & mask
		}
		t.slots[i] = *o
		t.slots[i].gen = t.gen
	}
}
