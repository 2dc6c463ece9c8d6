package index_test

import (
	"context"
	"testing"

	"jippnas/analyzers"
	"jippnas/index"
	"jippnas/index/indextest"
)

// TestFieldLengths: every document records the token counts of its text
// and title fields, equal to what the analyzer gives for them (and so to
// the lengths Bleve normalises by), after updates too.
func TestFieldLengths(t *testing.T) {
	st, ix := indextest.DemoIndex(t)
	ctx := context.Background()
	docs, _ := indextest.Docs(t, st)
	d := docs[0]
	d.Title = "Judul Baru yang Lebih Panjang untuk Pengujian Panjang Medan"
	if _, err := st.Put(d); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(); err != nil {
		t.Fatal(err)
	}
	r := indextest.Reader(t, ix)
	got := map[string]map[string]int{}
	dict, err := r.FieldDict(index.FieldLengths)
	if err != nil {
		t.Fatal(err)
	}
	for e, err := dict.Next(); e != nil; e, err = dict.Next() {
		if err != nil {
			t.Fatal(err)
		}
		field, n, ok := index.ParseLengthTerm(e.Term)
		if !ok {
			t.Fatalf("bad length term %q", e.Term)
		}
		tfr, err := r.TermFieldReader(ctx, []byte(e.Term), index.FieldLengths, false, false, false)
		if err != nil {
			t.Fatal(err)
		}
		for m, err := tfr.Next(nil); m != nil; m, err = tfr.Next(nil) {
			if err != nil {
				t.Fatal(err)
			}
			id, err := r.ExternalID(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got[id] == nil {
				got[id] = map[string]int{}
			}
			got[id][field] = n
		}
		tfr.Close()
	}
	dict.Close()
	docs, texts := indextest.Docs(t, st) // with the update
	count := func(vals ...string) int {
		n := 0
		for _, v := range vals {
			n += len(index.Analyse(analyzers.AnalyzerName, v))
		}
		return n
	}
	for _, d := range docs {
		want := map[string]int{
			index.FieldText:  count(index.IndexedText(d, st.Regions(), texts[d.ID])...),
			index.FieldTitle: count(d.Title),
		}
		for _, f := range index.LengthFields {
			if got[d.ID][f] != want[f] {
				t.Errorf("%s: %s length %d, analyzer gives %d", d.ID, f, got[d.ID][f], want[f])
			}
		}
	}
	if len(got) != len(docs) {
		t.Errorf("%d documents with lengths, %d stored", len(got), len(docs))
	}
}
