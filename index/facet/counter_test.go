package facet

import (
	"math/rand"
	"reflect"
	"testing"
)

// TestCountAllAsAccept: counting a filterless counter's documents in
// batches gives the counts Accept gives one by one, on random columns,
// facets and documents, and never a count of "no value".
func TestCountAllAsAccept(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for round := range 300 {
		n := 1 + rng.Intn(400)
		cols := randomColumns(rng, n)
		var want []string
		for _, f := range All {
			if rng.Intn(2) == 0 {
				want = append(want, f)
			}
		}
		sel := Selection{Filters: Filters{}}
		for _, hits := range []bool{false, true} {
			mk := sel.Counter
			if hits {
				mk = sel.HitsCounter
			}
			one, err := mk(cols, want)
			if err != nil {
				t.Fatal(err)
			}
			batched, err := mk(cols, want)
			if err != nil {
				t.Fatal(err)
			}
			if !one.Filterless() || !batched.Filterless() {
				t.Fatal("a selection without filters made a counter with filters")
			}
			var batch []uint64
			for d := range uint64(n) {
				if rng.Intn(3) == 0 {
					continue // not a match
				}
				if !one.Accept(d) {
					t.Fatalf("round %d: Accept refused document %d without filters", round, d)
				}
				batch = append(batch, d)
				if rng.Intn(20) == 0 {
					batched.CountAll(batch)
					batch = batch[:0]
				}
			}
			batched.CountAll(batch)
			got, wantCounts := batched.Counts(), one.Counts()
			if !reflect.DeepEqual(got, wantCounts) {
				t.Fatalf("round %d, facets %v: CountAll counted %v, Accept %v", round, want, got, wantCounts)
			}
			for f, m := range got {
				if _, ok := m[""]; ok {
					t.Fatalf("round %d: facet %s reports documents without a value", round, f)
				}
			}
		}
	}
	sel := Selection{Filters: Filters{Province: {"1"}}}
	c, err := sel.Counter(randomColumns(rng, 10), []string{Province})
	if err != nil {
		t.Fatal(err)
	}
	if c.Filterless() {
		t.Fatal("a counter with a province filter says it has none")
	}
}
