package index

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"jippnas/content"
)

// TestFacetColumnsMatchBleve compares, over random requests, the facet
// counts, totals and hits of the column path with Bleve's own facets.
func TestFacetColumnsMatchBleve(t *testing.T) {
	st := demoStore(t, "")
	defer st.Close()
	ctx := context.Background()
	cols, err := Open(ctx, Config{InMemory: true}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cols.Close()
	ref, err := Open(ctx, Config{InMemory: true, BleveFacets: true}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()

	// The column path must really be taken.
	g := cols.acquire()
	r := Request{Query: "desa", Facets: AllFacets}
	r.Normalize()
	_, fq, err := cols.runFaceted(ctx, g, &r, parseQueryText("desa"), true)
	g.release()
	if err != nil || fq == nil {
		t.Fatalf("column path not taken: %v", err)
	}

	values := map[string][]string{}
	if _, err := st.Each(ctx, func(d content.Document) error {
		add := func(k, v string) {
			if v != "" {
				values[k] = append(values[k], v)
			}
		}
		add(FacetType, d.Type)
		add(FacetProvince, d.ProvinceCode())
		if d.RegionCode != d.ProvinceCode() {
			add(FacetRegion, d.RegionCode)
		}
		add(FacetSector, d.Sector)
		add(FacetSource, d.Source)
		add(FacetStage, d.Stage)
		add(FacetStatus, d.Status)
		if d.Year > 0 {
			add(FacetYear, strconv.Itoa(d.Year))
		}
		for _, a := range d.Awards {
			add(FacetAward, a)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	queries := []string{"", "inovasi", "pelayanan kesehatan", "desa", "sampah -bank", "akta OR ktp", `"rumah sakit"`}
	// withHits: the two indexes have the same segments, so the same
	// statistics and scores; after updates their merge histories differ,
	// and so do Bleve's BM25 statistics (deleted documents' terms linger in
	// unmerged dictionaries): then only totals and facets must agree.
	compare := func(label string, withHits bool) {
		t.Helper()
		for round := 0; round < 150; round++ {
			r := Request{Query: queries[rng.Intn(len(queries))], Filters: Filters{}, Size: 5, Facets: AllFacets, NoCache: true}
			for _, name := range AllFacets {
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
			if a.Total != b.Total || !reflect.DeepEqual(a.Facets, b.Facets) || withHits && ids(a) != ids(b) {
				t.Fatalf("%s round %d %+v:\ncolumns: %d %s %v\nbleve:   %d %s %v", label, round, r, a.Total, ids(a), a.Facets, b.Total, ids(b), b.Facets)
			}
		}
	}
	compare("demo data", true)
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
			if err := cols.CatchUp(); err != nil {
				t.Fatal(err)
			}
			if _, err := cols.Search(ctx, Request{Query: "desa", Facets: AllFacets, NoCache: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := cols.CatchUp(); err != nil {
		t.Fatal(err)
	}
	if err := ref.CatchUp(); err != nil {
		t.Fatal(err)
	}
	values[FacetAward] = append(values[FacetAward], "Uji Kolom 2024")
	compare("after updates", false)
}

func ids(r *Result) string {
	s := ""
	for _, h := range r.Hits {
		s += fmt.Sprintf("%s@%.5f ", h.Doc.ID, h.Score)
	}
	return s
}

func parseQueryText(q string) query.Query {
	p := parseQuery(q)
	return p.textQuery(false, false)
}
