package postings

import (
	"math/rand/v2"
	"testing"
)

// randomList is a list of n documents each a gap of 1 to maxGap after the
// one before, from first.
func randomList(rng *rand.Rand, n, maxGap int, first uint32) *List {
	l := &List{docs: make([]uint32, n)}
	d := first
	for i := range l.docs {
		l.docs[i] = d
		d += 1 + uint32(rng.IntN(maxGap))
	}
	return l
}

// TestDenseSearch: a list that keeps bits finds, from any start and for
// any target, the posting galloping finds, and Seek the document there; a
// sparse or short list keeps none.
func TestDenseSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name      string
		n, maxGap int
		first     uint32
		dense     bool
	}{
		{"every document", 500, 1, 0, true},
		{"half", 1000, 3, 5, true},
		{"a sixteenth", 4000, 31, 0, true},
		{"words apart", 300, 64, 1000, false},
		{"sparse", 2000, 200, 0, false},
		{"short", 100, 1, 0, false},
		{"at the threshold", denseMin, 2, 63, true},
		{"late start", 600, 2, 1 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain := randomList(rng, tt.n, tt.maxGap, tt.first)
			dense := &List{docs: plain.docs}
			dense.indexDense()
			if (dense.bits != nil) != tt.dense {
				t.Fatalf("bits kept: %v, want %v", dense.bits != nil, tt.dense)
			}
			last := uint64(plain.docs[tt.n-1])
			for k := 0; k < 20000; k++ {
				start := rng.IntN(tt.n + 1)
				doc := uint64(rng.IntN(int(last) + 130))
				if k%500 == 0 {
					doc = 1<<32 + uint64(k)
				}
				if got, want := dense.Search(start, doc), plain.Search(start, doc); got != want {
					t.Fatalf("Search(%d, %d) = %d, want %d", start, doc, got, want)
				}
				for _, l := range []*List{plain, dense} {
					if i, d := l.Seek(start, doc); i < tt.n && d != uint64(l.docs[i]) {
						t.Fatalf("Seek(%d, %d) = %d, document %d; the list holds %d there", start, doc, i, d, l.docs[i])
					}
				}
			}
			for i, d := range plain.docs {
				if got := dense.Search(0, uint64(d)); got != i {
					t.Fatalf("Search(0, %d) = %d, want %d", d, got, i)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	plain := randomList(rng, 30000, 6, 0)
	dense := &List{docs: plain.docs}
	dense.indexDense()
	// A rarer word's documents, in order, as a conjunction seeks them.
	targets := make([]uint64, 4096)
	t := uint64(0)
	for i := range targets {
		t += 1 + uint64(rng.IntN(50))
		targets[i] = t
	}
	for _, bc := range []struct {
		name string
		l    *List
	}{{"gallop", plain}, {"bits", dense}} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for k := 0; k < b.N; k++ {
				if k&4095 == 0 {
					i = 0
				}
				i = bc.l.Search(i, targets[k&4095])
			}
		})
	}
}
