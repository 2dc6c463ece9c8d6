package search

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"jippnas/content"
	"jippnas/content/store"
)

// TestShownCacheFollowsIndex: a page shows a document as the store holds
// it once the index has caught up with its update, although an earlier
// page kept it.
func TestShownCacheFollowsIndex(t *testing.T) {
	st, ix, s := demoSearcher(t, Config{})
	ctx := context.Background()
	req := Request{Query: "akta kelahiran", Size: 5, NoCache: true}
	res, err := s.Search(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("no hits (%v)", err)
	}
	d, err := st.Get(res.Hits[0].Doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.Title += " (diperbarui)"
	if _, err := st.Put(d); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(); err != nil {
		t.Fatal(err)
	}
	res, err = s.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Doc.ID == d.ID {
			if h.Doc.Title != d.Title {
				t.Fatalf("hit %s shows title %q after the index caught up, want %q", d.ID, h.Doc.Title, d.Title)
			}
			return
		}
	}
	t.Fatalf("%s no longer found", d.ID)
}

// TestShownCacheSamePages: pages served from kept documents — cards kept
// by a page without passages, then the same hits with passages, and the
// other way round — are the pages a searcher keeping none serves.
func TestShownCacheSamePages(t *testing.T) {
	_, ix, kept := demoSearcher(t, Config{})
	plain := New(ix, Config{ShownCacheBytes: -1})
	for _, q := range []string{"pelayanan kesehatan", "akta kelahiran", "panduan validasi inovasi", "sampah", "pelayanan kesehatan"} {
		for _, noHighlight := range []bool{true, false, true} {
			got, want := searchBoth(t, kept, plain, Request{Query: q, Size: 10, NoCache: true, NoHighlight: noHighlight})
			if !reflect.DeepEqual(got.Hits, want.Hits) {
				t.Fatalf("%q (no highlight: %v): pages differ:\n got %+v\nwant %+v", q, noHighlight, got.Hits, want.Hits)
			}
		}
	}
	if n := len(kept.shown.entries); n == 0 {
		t.Fatal("no document kept")
	}
}

// TestShownCacheBounds: the cache keeps what its budget holds, for one
// index version; a put from an older version keeps nothing.
func TestShownCacheBounds(t *testing.T) {
	doc := func(id string, text int) store.Shown {
		return store.Shown{Doc: content.Document{ID: id, Title: "judul " + id}, Derived: store.Derived{Text: strings.Repeat("a", text)}}
	}
	for _, tc := range []struct {
		name     string
		budget   int64
		puts     [][]store.Shown
		versions []uint64
		getAt    uint64
		ids      []string
		withText bool
		found    []string
	}{
		{"kept", 1 << 20, [][]store.Shown{{doc("a", 100), doc("b", 100)}}, []uint64{1}, 1, []string{"a", "b", "c"}, true, []string{"a", "b"}},
		{"other version", 1 << 20, [][]store.Shown{{doc("a", 100)}}, []uint64{1}, 2, []string{"a"}, true, nil},
		{"older put ignored", 1 << 20, [][]store.Shown{{doc("a", 100)}, {doc("b", 100)}}, []uint64{2, 1}, 2, []string{"a", "b"}, true, []string{"a"}},
		{"larger than the budget: not kept", 1000, [][]store.Shown{{doc("a", 100), doc("b", 2000)}}, []uint64{1}, 1, []string{"a", "b"}, true, []string{"a"}},
		{"full: emptied", 3000, [][]store.Shown{{doc("a", 1000), doc("b", 1000)}}, []uint64{1}, 1, []string{"a", "b"}, true, []string{"b"}},
		{"cards serve cards only", 1 << 20, nil, nil, 1, []string{"a"}, true, nil},
		{"none kept", -1, [][]store.Shown{{doc("a", 10)}}, []uint64{1}, 1, []string{"a"}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &shownCache{budget: tc.budget}
			for i, p := range tc.puts {
				c.put(tc.versions[i], p, true)
			}
			if tc.name == "cards serve cards only" {
				c.put(1, []store.Shown{doc("a", 0)}, false)
				if found, _ := c.get(1, []string{"a"}, false); len(found) != 1 {
					t.Fatal("a card kept should serve a page without passages")
				}
			}
			found, missing := c.get(tc.getAt, tc.ids, tc.withText)
			var got []string
			for _, id := range tc.ids {
				if _, ok := found[id]; ok {
					got = append(got, id)
				}
			}
			if !reflect.DeepEqual(got, tc.found) || len(found)+len(missing) != len(tc.ids) {
				t.Fatalf("found %v, missing %v; want found %v", got, missing, tc.found)
			}
			if c.used > max(tc.budget, 0) {
				t.Fatalf("%d bytes kept over a budget of %d", c.used, tc.budget)
			}
		})
	}
}
