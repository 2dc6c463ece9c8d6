package index_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"jippnas/analyzers"
	"jippnas/content"
	"jippnas/index"
	"jippnas/index/indextest"
	"jippnas/index/postings"
)

// TestTermVectorsHoldPositionsNotOffsets: the text field's term vectors
// keep, for every occurrence of a word, the value it is in and its position
// there, exactly as the analyzer gives them (as one position: the value's
// part of the stride and the position within it), and neither byte offsets
// nor array positions.
func TestTermVectorsHoldPositionsNotOffsets(t *testing.T) {
	st, ix := indextest.DemoIndex(t)
	ctx := context.Background()
	docs, texts := indextest.Docs(t, st)
	// Where each of a few words occurs in each document, by the analyzer.
	terms := []string{"layan", "masyarakat", "desa", "sampah", "inovasi"}
	want := map[string]map[string][]string{} // term -> id -> "value:position"
	for _, d := range docs {
		for vi, v := range index.IndexedText(d, st.Regions(), texts[d.ID]) {
			for _, tok := range index.Analyse(analyzers.AnalyzerName, v) {
				for _, term := range terms {
					if tok.Term == term {
						if want[term] == nil {
							want[term] = map[string][]string{}
						}
						want[term][d.ID] = append(want[term][d.ID], fmt.Sprintf("%d:%d", vi, tok.Position))
					}
				}
			}
		}
	}

	r := indextest.Reader(t, ix)
	v := ix.Acquire()
	defer v.Release()
	for _, term := range terms {
		if len(want[term]) == 0 {
			t.Fatalf("%q is in no demo document: pick another word", term)
		}
		got := map[string][]string{}
		tfr, err := r.TermFieldReader(ctx, []byte(term), index.FieldText, true, true, true)
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
			for _, l := range m.Vectors {
				if l.Start != 0 || l.End != 0 {
					t.Errorf("%s %q: offsets %d–%d kept in the index", id, term, l.Start, l.End)
				}
				if len(l.ArrayPositions) != 0 {
					t.Fatalf("%s %q: array positions %v kept in the index", id, term, l.ArrayPositions)
				}
				got[id] = append(got[id], fmt.Sprintf("%d:%d", l.Pos/postings.ValueStride, postings.InPart(l.Pos)))
			}
		}
		tfr.Close()
		if len(got) != len(want[term]) {
			t.Errorf("%q: in %d documents, the analyzer finds it in %d", term, len(got), len(want[term]))
		}
		for id, w := range want[term] {
			g := got[id]
			sort.Strings(g)
			sort.Strings(w)
			if fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("%s %q: positions %v, analyzer %v", id, term, g, w)
			}
		}
	}

	// A phrase matches within a value, never across two: the last word of
	// a title and the first word of the summary after it make no phrase,
	// unless they also follow each other inside one value of the document.
	adjacent := func(d content.Document, a, b string) bool {
		for _, v := range index.IndexedText(d, st.Regions(), texts[d.ID]) {
			toks := index.Analyse(analyzers.AnalyzerName, v)
			for i := 1; i < len(toks); i++ {
				if toks[i-1].Term == a && toks[i].Term == b && toks[i].Position == toks[i-1].Position+1 {
					return true
				}
			}
		}
		return false
	}
	tried := 0
	for _, d := range docs {
		if d.Title == "" || d.Summary == "" || !hasValues(index.IndexedText(d, st.Regions(), texts[d.ID]), d.Title, d.Summary) {
			continue
		}
		first := index.Analyse(analyzers.AnalyzerName, d.Title)
		second := index.Analyse(analyzers.AnalyzerName, d.Summary)
		if len(first) == 0 || len(second) == 0 {
			continue
		}
		a, b := first[len(first)-1], second[0]
		phrase := d.Title[a.Start:a.End] + " " + d.Summary[b.Start:b.End]
		q := bleve.NewMatchPhraseQuery(phrase)
		q.SetField(index.FieldText)
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		res, err := v.Bleve().Search(req)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range res.Hits {
			found = found || h.ID == d.ID
		}
		if found != adjacent(d, a.Term, b.Term) {
			t.Errorf("%s: phrase %q across title and summary found %v", d.ID, phrase, found)
		}
		if tried++; tried == 20 {
			break
		}
	}
	if tried == 0 {
		t.Fatal("no demo document with a title and a summary")
	}
	// And a phrase inside one value is found.
	q := bleve.NewMatchPhraseQuery("bank sampah")
	q.SetField(index.FieldText)
	res, err := v.Bleve().Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Error(`phrase "bank sampah" finds nothing`)
	}
}

// hasValues reports whether every one of want is a value of vals.
func hasValues(vals []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, v := range vals {
			found = found || v == w
		}
		if !found {
			return false
		}
	}
	return true
}
