package search

import (
	"reflect"
	"runtime"
	"testing"
)

// TestFillHitsSplitSameAsOne: a page shared between goroutines (idle
// processors, passages to find) has the hits, in the order, with the
// highlights and sections that one goroutine gives.
func TestFillHitsSplitSameAsOne(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Fatalf("GOMAXPROCS %d: a split page needs two processors", runtime.GOMAXPROCS(0))
	}
	_, ix, split := demoSearcher(t, Config{})
	one := New(ix, Config{ParallelMin: -1})
	for _, tc := range []struct {
		q    string
		size int
	}{
		{"pelayanan", 10},
		{"pelayanan kesehatan", 12},
		{"akta kelahiran", 7},
		{"cara mengurus akta kelahiran", 10},
		{"inovasi desa", 20},
		{"panduan validasi inovasi", 10}, // pages: sections
		{"KTP", 9},                       // an acronym's expansion
		{"sampah", 6},
		{"aplikasi", 3}, // too few hits to split
	} {
		got, want := searchBoth(t, split, one, Request{Query: tc.q, Size: tc.size, NoCache: true})
		if len(want.Hits) == 0 {
			t.Fatalf("%q: no hits: the case tests nothing", tc.q)
		}
		if !reflect.DeepEqual(got.Hits, want.Hits) || got.NextCursor != want.NextCursor {
			t.Errorf("%q: split page differs:\n got %+v\nwant %+v", tc.q, hitIDs(got), hitIDs(want))
		}
	}
}
