package search

import (
	"slices"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"jippnas/content"
	"jippnas/index"
	"jippnas/index/indextest"
)

// TestTermWalksAsBleve: the terms prefixTerms and fuzzyTerms walk are the
// ones Bleve's FieldDictPrefix and FieldDictFuzzy list, once each.
func TestTermWalksAsBleve(t *testing.T) {
	st, ix, s := demoSearcher(t, Config{})
	// More documents, indexed batch by batch: segments that share terms,
	// which the walks list once.
	synth := indextest.NewSynth(3, st.Regions())
	for b := range 3 {
		var docs []content.Document
		for i := range 40 {
			docs = append(docs, synth.Doc(b*40+i))
		}
		if _, err := st.PutBatch(docs); err != nil {
			t.Fatal(err)
		}
		if err := ix.CatchUp(); err != nil {
			t.Fatal(err)
		}
	}
	v := ix.Acquire()
	defer v.Release()
	sn, err := openSnapshot(v, nil, &s.fuzzy)
	if err != nil {
		t.Fatal(err)
	}
	defer sn.close()
	list := func(d bindex.FieldDict, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var out []string
		for {
			e, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				return out
			}
			out = append(out, e.Term)
		}
	}
	words := []string{"pelayanan", "layan", "kesehtan", "sehat", "sekolah", "puskesmas", "desa", "inovasi", "zzzz", "ékspor", "a", "\xff\xff"}
	walked := 0
	for _, w := range words {
		var got []string
		if err := sn.prefixTerms(index.FieldText, w, func(term string) { got = append(got, term) }); err != nil {
			t.Fatal(err)
		}
		want := list(sn.snap.FieldDictPrefix(index.FieldText, []byte(w)))
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("prefix %q: walked %v, Bleve lists %v", w, got, want)
		}
		walked += len(got)
		for fz := 1; fz <= 2; fz++ {
			fields := []string{index.FieldText, index.FieldTitleExact}
			gotBy := map[string][]string{}
			err := sn.fuzzyTerms(w, fz, fields, func(field, term string) { gotBy[field] = append(gotBy[field], term) })
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fields {
				got := gotBy[f]
				want := list(sn.snap.FieldDictFuzzy(f, w, fz, string([]rune(w)[:1])))
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("%s within %d of %q: walked %v, Bleve lists %v", f, fz, w, got, want)
				}
				walked += len(got)
			}
		}
	}
	if len(sn.segs) < 2 {
		t.Fatalf("%d segment: no term is in two", len(sn.segs))
	}
	if walked < 50 {
		t.Fatalf("only %d terms walked: the words do not reach the demo index's dictionary", walked)
	}
	if _, err := s.fuzzy.automaton("x", 3); err == nil {
		t.Error("fuzziness 3 accepted")
	}
}
