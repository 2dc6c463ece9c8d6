package index

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"
)

// randomTokens is a stream of n tokens over a vocabulary of v words.
func randomTokens(rng *rand.Rand, n, v int) analysis.TokenStream {
	ts := make(analysis.TokenStream, n)
	pos := 0
	for i := range ts {
		pos += 1 + rng.IntN(2)
		term := []byte("w" + strconv.Itoa(rng.IntN(v)))
		ts[i] = &analysis.Token{Term: term, Start: 3 * i, End: 3*i + len(term), Position: pos}
	}
	return ts
}

// frequencies runs tokenFrequencies with scratch sc (nil: none; else
// reused from call to call, as the pool's are) and returns the map a
// textField makes of the slabs, and the slabs.
func frequencies(t testing.TB, ts analysis.TokenStream, ap []uint64, opt bindex.FieldIndexingOptions, sc *freqScratch) (bindex.TokenFrequencies, [][]bindex.TokenFreq) {
	f := &textField{options: opt, analysed: true}
	f.slabs, f.terms = tokenFrequencies(ts, ap, opt, sc)
	m := f.AnalyzedTokenFrequencies()
	if len(m) != f.terms {
		t.Fatalf("%d terms counted, %d in the map", f.terms, len(m))
	}
	return m, f.slabs
}

// TestTokenFrequenciesAsBleve holds tokenFrequencies to Bleve's
// analysis.TokenFrequency for every combination of options that changes
// what it keeps, over streams with and without repeated terms.
func TestTokenFrequenciesAsBleve(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	options := []bindex.FieldIndexingOptions{
		bindex.IndexField,
		bindex.IndexField | bindex.IncludeTermVectors,
		bindex.IndexField | bindex.SkipFreqNorm,
		bindex.IndexField | bindex.IncludeTermVectors | bindex.SkipFreqNorm,
	}
	sc := new(freqScratch)
	for _, size := range []struct{ n, v int }{{0, 1}, {1, 1}, {5, 1}, {7, 100}, {8, 3}, {9, 3}, {70, 10}, {300, 150}, {1000, 5000}} {
		for _, opt := range options {
			for _, ap := range [][]uint64{nil, {2}} {
				ts := randomTokens(rng, size.n, size.v)
				scratch := sc
				if rng.IntN(3) == 0 {
					scratch = nil
				}
				got, _ := frequencies(t, ts, ap, opt, scratch)
				want := analysis.TokenFrequency(ts, ap, opt)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%d tokens over %d words, options %v: frequencies differ from Bleve's", size.n, size.v, opt)
				}
			}
		}
	}
}

// TestTokenFrequenciesMergeable: a term's locations are a part of a shared
// slice, yet appending to them (as Bleve's MergeAll does for a field seen
// twice) never overwrites another term's.
func TestTokenFrequenciesMergeable(t *testing.T) {
	ts := randomTokens(rand.New(rand.NewPCG(3, 4)), 50, 5)
	opt := bindex.IndexField | bindex.IncludeTermVectors
	sc := new(freqScratch)
	got, _ := frequencies(t, ts, nil, opt, sc)
	want := analysis.TokenFrequency(ts, nil, opt)
	extra, _ := frequencies(t, ts, nil, opt, sc)
	got.MergeAll("other", extra)
	want.MergeAll("other", analysis.TokenFrequency(ts, nil, opt))
	if !reflect.DeepEqual(got, want) {
		t.Fatal("merged frequencies differ from Bleve's")
	}
}

// TestTokenFrequencySlabs: the slabs hold every TokenFreq of the map once,
// the very ones it points to, in order of first occurrence; each term's
// locations lie one after the other in memory and are capped at their
// number.
func TestTokenFrequencySlabs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, size := range []struct{ n, v int }{{1, 1}, {70, 10}, {300, 150}, {1000, 5000}} {
		for _, opt := range []bindex.FieldIndexingOptions{bindex.IndexField, bindex.IndexField | bindex.IncludeTermVectors} {
			ts := randomTokens(rng, size.n, size.v)
			freqs, slabs := frequencies(t, ts, nil, opt, nil)
			var order []string
			seen := map[string]bool{}
			for _, tok := range ts {
				if !seen[string(tok.Term)] {
					seen[string(tok.Term)] = true
					order = append(order, string(tok.Term))
				}
			}
			k := 0
			for _, slab := range slabs {
				for i := range slab {
					tf := &slab[i]
					if k >= len(order) || string(tf.Term) != order[k] || freqs[order[k]] != tf {
						t.Fatalf("%d tokens, options %v: slab entry %d is not the map's %dth term in order", size.n, opt, k, k)
					}
					k++
					if cap(tf.Locations) != len(tf.Locations) {
						t.Fatalf("term %s: %d locations, capacity %d", tf.Term, len(tf.Locations), cap(tf.Locations))
					}
					for j := 1; j < len(tf.Locations); j++ {
						if tf.Locations[j] != &unsafe.Slice(tf.Locations[0], j+1)[j] {
							t.Fatalf("term %s: location %d is not next to the one before", tf.Term, j)
						}
					}
				}
			}
			if k != len(freqs) {
				t.Fatalf("%d tokens, options %v: %d terms in the slabs, %d in the map", size.n, opt, k, len(freqs))
			}
		}
	}
}

func BenchmarkTokenFrequencies(b *testing.B) {
	ts := randomTokens(rand.New(rand.NewPCG(5, 6)), 600, 2000)
	opt := bindex.IndexField | bindex.IncludeTermVectors
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		sc := new(freqScratch)
		for i := 0; i < b.N; i++ {
			tokenFrequencies(ts, nil, opt, sc)
		}
	})
	b.Run("bleve", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			analysis.TokenFrequency(ts, nil, opt)
		}
	})
}
