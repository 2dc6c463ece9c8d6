package search

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"strconv"
	"testing"

	"jippnas/content"
	"jippnas/index/facet"
	"jippnas/index/indextest"
)

// TestFacetColumnsMatchBleve compares, over random requests, the facet
// counts, totals and hits of the column path with Bleve's own facets.
func TestFacetColumnsMatchBleve(t *testing.T) {
	st, ix := indextest.DemoIndex(t)
	ctx := context.Background()
	cols, ref := New(ix, Config{}), New(ix, Config{BleveFacets: true})

	// The column path must really be taken: its counts come from the
	// facet columns, not from a silent fallback to Bleve's facets.
	p := cols.compiler.Load().compile(Request{Query: "desa", Facets: facet.All, Page: 1, Size: 10, Sort: SortRelevance})
	v := ix.Acquire()
	fq := facet.NewQuery(textQuery(p), &cols.cols, p.Select, p.Facets, true)
	_, err := cols.bleve.search(ctx, v, p, fq)
	v.Release()
	if err != nil || len(fq.Counts()[facet.Type]) == 0 {
		t.Fatalf("column path not taken: %v %v", err, fq.Counts())
	}

	values := map[string][]string{}
	if _, err := st.Each(ctx, func(d content.Document) error {
		add := func(k, v string) {
			if v != "" {
				values[k] = append(values[k], v)
			}
		}
		add(facet.Type, d.Type)
		add(facet.Province, d.ProvinceCode())
		if d.RegionCode != d.ProvinceCode() {
			add(facet.Region, d.RegionCode)
		}
		add(facet.Sector, d.Sector)
		add(facet.Source, d.Source)
		add(facet.Stage, d.Stage)
		add(facet.Status, d.Status)
		if d.Year > 0 {
			add(facet.Year, strconv.Itoa(d.Year))
		}
		for _, a := range d.Awards {
			add(facet.Award, a)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	queries := []string{"", "inovasi", "pelayanan kesehatan", "desa", "sampah -bank", "akta OR ktp", `"rumah sakit"`}
	// Both searchers read the same index: the same segments, statistics
	// and scores, so hits must agree too, before and after updates.
	compare := func(label string) {
		t.Helper()
		for round := 0; round < 150; round++ {
			r := Request{Query: queries[rng.Intn(len(queries))], Filters: facet.Filters{}, Size: 5, Facets: facet.All, NoCache: true,
				FacetsOfHits: rng.Intn(3) == 0}
			for _, name := range facet.All {
				if rng.Intn(4) == 0 && len(values[name]) > 0 {
					for k := 0; k <= rng.Intn(2); k++ {
						r.Filters[name] = append(r.Filters[name], values[name][rng.Intn(len(values[name]))])
					}
				}
			}
			if rng.Intn(5) == 0 {
				r.YearFrom = 2016 + rng.Intn(5)
				r.YearTo = r.YearFrom + rng.Intn(4)
			}
			if rng.Intn(4) == 0 {
				r.Sort = SortNewest
			}
			a, err := cols.Search(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			b, err := ref.Search(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if a.Total != b.Total || !reflect.DeepEqual(a.Facets, b.Facets) || ids(a) != ids(b) {
				t.Fatalf("%s round %d %+v:\ncolumns: %d %s %v\nbleve:   %d %s %v", label, round, r, a.Total, ids(a), a.Facets, b.Total, ids(b), b.Facets)
			}
		}
	}
	compare("demo data")
	// New segments, merges and deletions: the per-segment columns are
	// reused and combined, and must still count exactly.
	var all []content.Document
	if _, err := st.Each(ctx, func(d content.Document) error {
		all = append(all, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, d := range all {
		switch {
		case i%9 == 0:
			if err := st.Delete(d.ID); err != nil {
				t.Fatal(err)
			}
		case i%5 == 0:
			d.RegionCode, d.Sector, d.Year = "34.03", "pangan", 2019
			d.Awards = append(d.Awards, "Uji Kolom 2024")
			if _, err := st.Put(d); err != nil {
				t.Fatal(err)
			}
		}
		if i%20 == 0 {
			if err := ix.CatchUp(); err != nil {
				t.Fatal(err)
			}
			if _, err := cols.Search(ctx, Request{Query: "desa", Facets: facet.All, NoCache: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := ix.CatchUp(); err != nil {
		t.Fatal(err)
	}
	values[facet.Award] = append(values[facet.Award], "Uji Kolom 2024")
	compare("after updates")
}

func ids(r *Result) string {
	s := ""
	for _, h := range r.Hits {
		s += fmt.Sprintf("%s@%.5f ", h.Doc.ID, h.Score)
	}
	return s
}
