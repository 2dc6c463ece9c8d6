package bm25

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"jippnas/content"
	"jippnas/index"
	"jippnas/index/indextest"
)

// multiSegment is the demo data, its pages and synthetic documents written
// in several batches, some deleted: several segments, deletions among them.
func multiSegment(t *testing.T) *index.Index {
	t.Helper()
	st := indextest.WithPages(t, indextest.DemoStore(t, ""))
	_, ix := indextest.Index(t, st, index.Config{InMemory: true})
	synth := indextest.NewSynth(7, st.Regions())
	f := ix.Follow()
	for b := 0; b < 4; b++ {
		var docs []content.Document
		for i := 0; i < 150; i++ {
			docs = append(docs, synth.Doc(b*150+i))
		}
		if _, err := st.PutBatch(docs); err != nil {
			t.Fatal(err)
		}
		if err := f.Kick(); err != nil {
			t.Fatal(err)
		}
		if err := st.Delete(docs[b*7].ID); err != nil {
			t.Fatal(err)
		}
	}
	// Deleted last, so that no merge has dropped them yet.
	for i := 0; i < 20; i++ {
		if err := st.Delete(synth.Doc(i*29 + 1).ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Kick(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return ix
}

// Top gives Bleve's hits and scores for random queries of every shape.
func TestTopMatchesBleve(t *testing.T) {
	ix := multiSegment(t)
	v := ix.Acquire()
	defer v.Release()
	ctx := context.Background()
	vocab := map[string][]string{}
	fields := []string{index.FieldTitleExact, index.FieldTitle, index.FieldSummary, index.FieldText, index.FieldTags}
	filterFields := []string{index.FieldType, index.FieldSector, index.FieldProvince, index.FieldStage}
	for _, f := range append(fields, filterFields...) {
		fd, err := v.Bleve().FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			e, err := fd.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			vocab[f] = append(vocab[f], e.Term)
		}
		fd.Close()
	}
	var ids []string
	if _, err := ix.Store().Each(ctx, func(d content.Document) error {
		ids = append(ids, d.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// No cache, every list decoded, and a budget that fills up.
	scorers := []*Scorer{nil, NewScorer(1<<30, 1), NewScorer(20000, 1)}
	rng := rand.New(rand.NewPCG(1, 2))
	found := 0
	term := func() Term {
		if rng.IntN(20) == 0 {
			// A field no document has: Bleve scores it by TF-IDF.
			return Term{Field: "nosuchfield", Term: "x", Boost: 2}
		}
		f := fields[rng.IntN(len(fields))]
		w := vocab[f][rng.IntN(len(vocab[f]))]
		if rng.IntN(4) == 0 {
			w += "zz" // absent
		}
		return Term{Field: f, Term: w, Boost: []float64{0, 1, 0.5, 3}[rng.IntN(4)]}
	}
	for round := 0; round < 300; round++ {
		var q Query
		for range rng.IntN(3) {
			q.All = append(q.All, term())
		}
		for range rng.IntN(40) {
			q.Any = append(q.Any, term())
		}
		if len(q.All)+len(q.Any) == 0 {
			q.Any = append(q.Any, term())
		}
		if rng.IntN(2) == 0 {
			q.Not = []Term{{Field: index.FieldType, Term: []string{content.TypeGuide, content.TypeNews, content.TypeInnovation}[rng.IntN(3)]}}
		}
		for range rng.IntN(3) {
			q.NotIDs = append(q.NotIDs, ids[rng.IntN(len(ids))])
		}
		for range rng.IntN(3) / 2 {
			var g []Term
			for range 1 + rng.IntN(3) {
				f := filterFields[rng.IntN(len(filterFields))]
				g = append(g, Term{Field: f, Term: vocab[f][rng.IntN(len(vocab[f]))]})
			}
			q.Only = append(q.Only, g)
		}
		k := 1 + rng.IntN(30)
		want := bleveTop(t, v, q, k)
		if len(want) > 0 {
			found++
		}
		for ci, sc := range scorers {
			got, err := sc.Top(ctx, v, q, k)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("round %d, scorer %d, %+v: %d hits, Bleve %d", round, ci, q, len(got), len(want))
			}
			for i := range got {
				if got[i].ID != want[i].ID || math.Abs(got[i].Score-want[i].Score) > 1e-9*math.Abs(want[i].Score) {
					t.Fatalf("round %d, scorer %d, %+v: hit %d is %+v, Bleve's %+v", round, ci, q, i, got[i], want[i])
				}
			}
		}
	}
	// The queries found something often enough to compare.
	t.Logf("%d of 300 queries found documents", found)
	if found < 60 {
		t.Errorf("only %d of 300 queries found documents", found)
	}
}

func bleveTop(t *testing.T, v index.View, q Query, k int) []Hit {
	t.Helper()
	tq := func(x Term) query.Query {
		q := bleve.NewTermQuery(x.Term)
		q.SetField(x.Field)
		if x.Boost != 0 {
			q.SetBoost(x.Boost)
		}
		return q
	}
	var must []query.Query
	for _, x := range q.All {
		must = append(must, tq(x))
	}
	if len(q.Any) > 0 {
		var alts []query.Query
		for _, x := range q.Any {
			alts = append(alts, tq(x))
		}
		must = append(must, bleve.NewDisjunctionQuery(alts...))
	}
	// Filters as facet.Selection makes them: boost 0, a disjunction of
	// the values of one facet.
	for _, g := range q.Only {
		var alts []query.Query
		for _, x := range g {
			f := tq(x)
			f.(*query.TermQuery).SetBoost(0)
			alts = append(alts, f)
		}
		if len(alts) == 1 {
			must = append(must, alts[0])
		} else {
			must = append(must, bleve.NewDisjunctionQuery(alts...))
		}
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	var not []query.Query
	for _, x := range q.Not {
		not = append(not, tq(x))
	}
	if len(q.NotIDs) > 0 {
		not = append(not, bleve.NewDocIDQuery(q.NotIDs))
	}
	if len(not) > 0 {
		bq.AddMustNot(not...)
	}
	sr, err := v.Bleve().SearchInContext(context.Background(), bleve.NewSearchRequestOptions(bq, k, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var out []Hit
	for _, h := range sr.Hits {
		out = append(out, Hit{ID: h.ID, Score: h.Score})
	}
	return out
}
