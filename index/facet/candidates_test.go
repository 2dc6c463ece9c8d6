package facet

import (
	"math/rand"
	"slices"
	"strconv"
	"testing"
)

// randomColumns builds the columns of n documents: every single-valued
// facet with a few values (some documents without one) and the award facet
// with none to three values a document.
func randomColumns(rng *rand.Rand, n int) *Columns {
	c := &Columns{single: map[string][]uint16{}, multi: map[string]*multiColumn{},
		dict: map[string][]string{}, ordOf: map[string]map[string]uint16{}}
	for _, d := range defs {
		dict := []string{""}
		ordOf := map[string]uint16{}
		for v := range 2 + rng.Intn(5) {
			val := strconv.Itoa(v)
			if d.Name == Year {
				val = strconv.Itoa(2014 + v)
			}
			ordOf[val] = uint16(len(dict))
			dict = append(dict, val)
		}
		c.dict[d.Name], c.ordOf[d.Name] = dict, ordOf
		if !d.Multi {
			col := make([]uint16, n)
			for i := range col {
				col[i] = uint16(rng.Intn(len(dict))) // 0: no value
			}
			c.single[d.Name] = col
			continue
		}
		mc := &multiColumn{start: make([]uint32, n+1)}
		for i := range n {
			for range rng.Intn(4) {
				mc.vals = append(mc.vals, uint16(1+rng.Intn(len(dict)-1)))
			}
			mc.start[i+1] = uint32(len(mc.vals))
		}
		c.multi[d.Name] = mc
	}
	return c
}

// TestCandidatesHoldWhatAcceptCounts holds Candidates to its promise on
// random columns and selections: every document Accept passes or counts
// in some facet is a candidate, and the candidates are exactly the
// documents that fail no filter or only that of a counted facet.
func TestCandidatesHoldWhatAcceptCounts(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	narrowed := 0
	for round := range 400 {
		n := 1 + rng.Intn(300)
		cols := randomColumns(rng, n)
		sel := Selection{Filters: Filters{}}
		for _, d := range defs {
			if rng.Intn(3) != 0 {
				continue
			}
			dict := cols.dict[d.Name]
			for range 1 + rng.Intn(2) {
				sel.Filters[d.Name] = append(sel.Filters[d.Name], dict[1+rng.Intn(len(dict)-1)])
			}
		}
		if rng.Intn(3) == 0 {
			sel.YearFrom = 2014 + rng.Intn(4)
			sel.YearTo = sel.YearFrom + rng.Intn(3)
		}
		var want []string
		for _, f := range All {
			if rng.Intn(2) == 0 {
				want = append(want, f)
			}
		}
		c, err := sel.Counter(cols, want)
		if err != nil {
			t.Fatal(err)
		}
		cand := c.Candidates()
		if cand != nil {
			narrowed++
		}
		for d := range uint64(n) {
			probe, err := sel.Counter(cols, want)
			if err != nil {
				t.Fatal(err)
			}
			passed := probe.Accept(d)
			counted := false
			for _, w := range probe.want {
				counted = counted || slices.ContainsFunc(w.counts, func(k int) bool { return k > 0 })
			}
			if cand == nil {
				continue // every document is a candidate
			}
			// A candidate fails no filter, or only that of a counted
			// facet (where it counts if it has a value in that facet).
			failed := []string{}
			for _, f := range probe.filters {
				pass := false
				cols.values(f.name, d, func(o uint16) { pass = pass || f.ok[o] })
				if !pass {
					failed = append(failed, f.name)
				}
			}
			expect := len(failed) == 0 || (len(failed) == 1 && slices.Contains(want, failed[0]))
			in := cand.Contains(uint32(d))
			if in != expect || ((passed || counted) && !in) {
				t.Fatalf("round %d, %+v, facets %v: document %d candidate %v (failed %v), but Accept passed %v and counted %v",
					round, sel, want, d, in, failed, passed, counted)
			}
		}
	}
	if narrowed < 100 {
		t.Fatalf("only %d of 400 selections narrowed the documents: the test does not reach Candidates", narrowed)
	}
}

func TestCandidatesNilWhenEveryDocumentCounts(t *testing.T) {
	cols := randomColumns(rand.New(rand.NewSource(1)), 50)
	for _, tc := range []struct {
		name string
		sel  Selection
		want []string
		nil  bool
	}{
		{"no filter", Selection{}, All, true},
		{"one filter, its facet counted", Selection{Filters: Filters{Province: {"1"}}}, []string{Province}, true},
		{"year range, year counted", Selection{YearFrom: 2015}, []string{Year, Sector}, true},
		{"one filter, its facet not counted", Selection{Filters: Filters{Province: {"1"}}}, []string{Sector}, false},
		{"two filters", Selection{Filters: Filters{Province: {"1"}, Sector: {"0"}}}, All, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.sel.Counter(cols, tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Candidates() == nil; got != tc.nil {
				t.Fatalf("Candidates() == nil is %v, want %v", got, tc.nil)
			}
		})
	}
}

// TestCandidatesCachedBySelection: on one snapshot's columns, Candidates
// gives what computing them afresh gives, whatever selections came
// before (the same filters with other facets counted differ), returns the
// kept bitmap for a selection seen before, and keeps at most
// candidateCacheMax of them.
func TestCandidatesCachedBySelection(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	cols := randomColumns(rng, 500)
	type seen struct {
		sel  Selection
		want []string
	}
	var earlier []seen
	hits := 0
	for round := range 600 {
		var s seen
		if len(earlier) > 0 && rng.Intn(3) == 0 {
			s = earlier[rng.Intn(len(earlier))]
		} else {
			// Few facets and values, so that selections often share
			// their filters' names, or their filters, and differ in the
			// rest.
			s.sel = Selection{Filters: Filters{}}
			for _, name := range []string{Province, Sector} {
				if rng.Intn(4) != 0 {
					dict := cols.dict[name]
					s.sel.Filters[name] = []string{dict[1+rng.Intn(len(dict)-1)]}
				}
			}
			if rng.Intn(2) == 0 {
				s.sel.YearFrom = 2014 + rng.Intn(4)
			}
			for _, f := range []string{Province, Sector, Year} {
				if rng.Intn(2) == 0 {
					s.want = append(s.want, f)
				}
			}
			earlier = append(earlier, s)
		}
		c, err := s.sel.Counter(cols, s.want)
		if err != nil {
			t.Fatal(err)
		}
		before, cached := cols.cands.get(c.candidatesKey())
		got := c.Candidates()
		fresh := c.candidates()
		if got == nil {
			continue // every document counts: nothing to keep
		}
		if !got.Equals(fresh) {
			t.Fatalf("round %d, %+v, facets %v: %d candidates, computed afresh %d", round, s.sel, s.want, got.GetCardinality(), fresh.GetCardinality())
		}
		if cached {
			hits++
			if got != before {
				t.Fatalf("round %d: a selection seen before was computed again", round)
			}
		}
		if n := len(cols.cands.m); n > candidateCacheMax {
			t.Fatalf("round %d: %d selections kept", round, n)
		}
	}
	if hits < 50 {
		t.Fatalf("only %d selections were found kept: the test does not reach the cache", hits)
	}
}

// BenchmarkCandidates: a province, a sector and a year range over 100k
// documents, the three facets counted: computed, and kept from an
// earlier search of the same snapshot.
func BenchmarkCandidates(b *testing.B) {
	cols := randomColumns(rand.New(rand.NewSource(3)), 100_000)
	sel := Selection{Filters: Filters{Province: {"1"}, Sector: {"2"}}, YearFrom: 2015, YearTo: 2016}
	c, err := sel.Counter(cols, []string{Province, Sector, Year})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("computed", func(b *testing.B) {
		for range b.N {
			if c.candidates().IsEmpty() {
				b.Fatal("no candidates")
			}
		}
	})
	b.Run("kept", func(b *testing.B) {
		for range b.N {
			if c.Candidates().IsEmpty() {
				b.Fatal("no candidates")
			}
		}
	})
}
