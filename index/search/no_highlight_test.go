package search

import (
	"context"
	"reflect"
	"testing"
)

// TestNoHighlight: a request without highlights finds the same hits, in the
// same order, with the same scores, totals and facets, and no passages;
// the result cache keeps the two apart.
func TestNoHighlight(t *testing.T) {
	_, _, s := demoSearcher(t, Config{})
	ctx := context.Background()
	for _, q := range []string{"pelayanan kesehatan", "akta kelahiran", "cara mengurus KTP", "sampah"} {
		for _, cache := range []bool{false, true} {
			full, err := s.Search(ctx, Request{Query: q, Understand: true, NoCache: !cache})
			if err != nil {
				t.Fatal(err)
			}
			bare, err := s.Search(ctx, Request{Query: q, Understand: true, NoCache: !cache, NoHighlight: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Hits) == 0 {
				t.Fatalf("%q: no hits in the demo data", q)
			}
			if full.Total != bare.Total || !reflect.DeepEqual(full.Facets, bare.Facets) || len(full.Hits) != len(bare.Hits) {
				t.Fatalf("%q (cache %v): total %d/%d, %d/%d hits: want the same without highlights",
					q, cache, full.Total, bare.Total, len(full.Hits), len(bare.Hits))
			}
			marked := 0
			for i, h := range bare.Hits {
				f := full.Hits[i]
				if h.Doc.ID != f.Doc.ID || h.Score != f.Score || h.Doc.Title != f.Doc.Title || h.Doc.Institution != f.Doc.Institution {
					t.Errorf("%q hit %d: %s %.4f, want %s %.4f", q, i, h.Doc.ID, h.Score, f.Doc.ID, f.Score)
				}
				if len(h.Highlights) != 0 || h.Section != nil {
					t.Errorf("%q hit %s: highlights %v section %v, want none", q, h.Doc.ID, h.Highlights, h.Section)
				}
				marked += len(f.Highlights)
			}
			if marked == 0 {
				t.Errorf("%q (cache %v): the full search marked nothing either; the comparison is empty", q, cache)
			}
		}
	}
}
