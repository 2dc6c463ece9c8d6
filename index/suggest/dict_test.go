package suggest

import (
	"slices"
	"sort"
	"testing"

	"jippnas/index"
)

// The in-memory dictionary gives the completions Bleve's dictionary gives,
// in the same order.
func TestDictMatchesBleve(t *testing.T) {
	_, sg := suggestIndex(t)
	v := sg.ix.Acquire()
	defer v.Release()
	d, err := sg.dicts.get(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"", "p", "pe", "pus", "puskesmas", "k", "di", "s", "zzz", "1"} {
		want := bleveCompletions(t, v, prefix)
		for _, k := range []int{1, 8, maxPrefixTerms, 1 << 20} {
			got := d.top(prefix, k, nil)
			if w := want[:min(k, len(want))]; !slices.Equal(got, w) {
				t.Errorf("%q top %d: got %v, want %v", prefix, k, got, w)
			}
		}
		var keep []dictEntry
		for _, e := range want {
			if worthSuggesting(e.term) {
				keep = append(keep, e)
			}
		}
		if got := d.top(prefix, 5, worthSuggesting); !slices.Equal(got, keep[:min(5, len(keep))]) {
			t.Errorf("%q suggestable: got %v, want %v", prefix, got, keep[:min(5, len(keep))])
		}
	}
	// A second call with the same segments reuses the merge.
	if d2, _ := sg.dicts.get(v); d2 != d {
		t.Error("dictionary rebuilt for the same segments")
	}
}

func bleveCompletions(t *testing.T, v index.View, prefix string) []dictEntry {
	t.Helper()
	fd, err := v.Bleve().FieldDictPrefix(index.FieldTitleExact, []byte(prefix))
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	var all []dictEntry
	for {
		e, err := fd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		all = append(all, dictEntry{e.Term, e.Count})
	}
	sort.Slice(all, func(i, j int) bool { return before(all[i], all[j]) })
	return all
}
