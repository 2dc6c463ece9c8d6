package postings

import (
	"fmt"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// snapshotOf indexes docs in two batches (two segments) in a new
// on-disk index and returns its snapshot.
func snapshotOf(t testing.TB, docs []string) *scorch.IndexSnapshot {
	t.Helper()
	ix, err := bleve.New(t.TempDir()+"/ix", bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for half := 0; half < 2; half++ {
		b := ix.NewBatch()
		for i := half; i < len(docs); i += 2 {
			if err := b.Index(fmt.Sprint("d", i), map[string]any{"f": docs[i]}); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	adv, err := ix.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r.(*scorch.IndexSnapshot)
}

// TestCacheSegments: lists and bitmaps read from real segments hold what
// zap's iterators give, are kept and shared, and are dropped once their
// segments leave the snapshot; a nil cache keeps nothing but still gives
// the bitmaps.
func TestCacheSegments(t *testing.T) {
	var docs []string
	for i := 0; i < 120; i++ {
		// Frequencies past 255 go to the overflow map.
		words := []string{"alpha", strings.Repeat("beta ", (i*3)%400+1)}
		if i%7 == 0 {
			words = append(words, strings.Repeat("gamma ", 1+i%4), "common")
		} else {
			words = append([]string{"common"}, words...)
		}
		docs = append(docs, strings.Join(words, " "))
	}
	snap := snapshotOf(t, docs)
	c := New(1 << 20)
	for n, ss := range snap.Segments() {
		seg := ss.Segment()
		for _, term := range []string{"common", "beta", "gamma", "absent"} {
			// In one segment the lists are kept without their positions
			// first, which a later Load adds (decodeFirsts); in the
			// other they are decoded with them at once.
			if c.Kept(seg, "f", term) != nil {
				t.Fatalf("%q: kept before any Load", term)
			}
			if n == 0 {
				if _, err := c.Load(seg, "f", term, 1, false); err != nil {
					t.Fatal(err)
				}
				if term != "absent" && c.Kept(seg, "f", term) != nil {
					t.Fatalf("%q: kept with first positions it was not decoded with", term)
				}
			}
			l, err := c.Load(seg, "f", term, 1, true)
			if err != nil {
				t.Fatal(err)
			}
			if term != "absent" && c.Kept(seg, "f", term) != l {
				t.Fatalf("%q: Kept does not give the list kept with its first positions", term)
			}
			bits, err := c.Docs(seg, "f", term)
			if err != nil {
				t.Fatal(err)
			}
			want := roaring.New()
			pl, err := raw(seg, "f", term)
			if err != nil {
				t.Fatal(err)
			}
			it := pl.Iterator(true, true, true, nil)
			i := 0
			for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
				if err != nil {
					t.Fatal(err)
				}
				want.Add(uint32(p.Number()))
				if l.Doc(i) != p.Number() || l.Freq(i) != p.Frequency() || l.Norm(i) != p.Norm() || l.Firsts().At(i) != FirstPos(p.Locations()) {
					t.Fatalf("%q posting %d: %d %d %v %d, zap %d %d %v %d", term, i, l.Doc(i), l.Freq(i), l.Norm(i), l.Firsts().At(i),
						p.Number(), p.Frequency(), p.Norm(), FirstPos(p.Locations()))
				}
				i++
			}
			if term == "absent" {
				if l != nil && l.Len() != 0 {
					t.Fatalf("absent term: %d postings", l.Len())
				}
			} else if l.Len() != i {
				t.Fatalf("%q: %d postings, zap %d", term, l.Len(), i)
			}
			if !bits.Equals(want) {
				t.Fatalf("%q: documents %v, zap %v", term, bits, want)
			}
			if again, _ := c.Load(seg, "f", term, 1, false); again != l {
				t.Fatalf("%q: the list was not kept", term)
			}
			if again, _ := c.Docs(seg, "f", term); again != bits {
				t.Fatalf("%q: the bitmap was not kept", term)
			}
			var none *Cache
			if none.Kept(seg, "f", term) != nil {
				t.Fatal("a nil cache kept a list")
			}
			if l, err := none.Load(seg, "f", term, 1, true); l != nil || err != nil {
				t.Fatalf("a nil cache gave a list (%v)", err)
			}
			if b, err := none.Docs(seg, "f", term); err != nil || !b.Equals(want) {
				t.Fatalf("a nil cache's documents of %q: %v (%v)", term, b, err)
			}
		}
	}
	if n, b := c.Stats(); n == 0 || b > c.budget {
		t.Fatalf("%d entries, %d bytes", n, b)
	}
	c.Retain(snap)
	if n, _ := c.Stats(); n == 0 {
		t.Fatal("Retain of the same snapshot dropped entries")
	}
	c.Retain(snapshotOf(t, docs[:10]))
	if n, b := c.Stats(); n != 0 || b != 0 {
		t.Fatalf("after Retain of another index: %d entries, %d bytes", n, b)
	}
	(*Cache)(nil).Retain(snap)
}

// TestLoadSought: a long list sought at a few documents is not decoded,
// however often asked for, nor given first positions, but a copy a walking
// reader had decoded is returned; a reader that walks it, or seeks it
// densely, has it decoded at once.
func TestLoadSought(t *testing.T) {
	var docs []string
	for i := 0; i < 1000; i++ {
		docs = append(docs, "common")
	}
	snap := snapshotOf(t, docs)
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		pl, err := raw(seg, "f", "common")
		if err != nil {
			t.Fatal(err)
		}
		n := pl.Count()
		if n/sparseSeeks < 2 {
			t.Fatalf("segment of %d postings too short for the test", n)
		}
		tests := []struct {
			name    string
			seeks   uint64
			decoded bool
		}{
			{"walks", Walks, true},
			{"dense", n / 8, true},
			{"at the line", n / sparseSeeks, true},
			{"sparse", n/sparseSeeks - 1, false},
			{"one seek", 1, false},
		}
		for _, tt := range tests {
			c := New(1 << 20)
			for req := 0; req < 10; req++ {
				l, err := c.LoadSought(seg, "f", "common", n, true, tt.seeks)
				if err != nil {
					t.Fatal(err)
				}
				if (l != nil) != tt.decoded {
					t.Fatalf("%s: request %d gave a list: %v, want %v", tt.name, req, l != nil, tt.decoded)
				}
			}
			if tt.decoded {
				continue
			}
			walked, err := c.LoadSought(seg, "f", "common", n, false, Walks)
			if err != nil || walked == nil {
				t.Fatalf("%s: a walking reader's Load: %v, %v", tt.name, walked, err)
			}
			l, err := c.LoadSought(seg, "f", "common", n, true, tt.seeks)
			if err != nil || l != walked {
				t.Fatalf("%s: the kept copy not returned: %v, %v", tt.name, l, err)
			}
			if l.Firsts() != nil {
				t.Fatalf("%s: a sparse reader had first positions decoded", tt.name)
			}
		}
	}
}
